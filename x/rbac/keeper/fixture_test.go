package keeper_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/mock/gomock"

	"cosmossdk.io/core/address"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	codectestutil "github.com/cosmos/cosmos-sdk/codec/testutil"
	"github.com/cosmos/cosmos-sdk/crypto/keys/ed25519"
	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/powershare/powershare/x/rbac/keeper"
	rbactestutil "github.com/powershare/powershare/x/rbac/testutil"
	"github.com/powershare/powershare/x/rbac/types"
)

// unknownRole is a value the Role enum does not define, as a client built
// against a later proto might send.
const unknownRole = types.Role(99)

// genesisTime is the fixed block time of every test (no wall clock).
var genesisTime = time.Unix(1_800_000_000, 0).UTC()

// fixture is a keeper over a real store with one ADMIN, one community
// (id 1) managed by manager, alice a PROSUMER of it, and operator an
// OPERATOR. Staking is a gomock mock: a test that expects no jailing sets
// no expectation, so any call to staking fails it.
type fixture struct {
	ctx     sdk.Context
	k       keeper.Keeper
	msg     types.MsgServer
	query   types.QueryServer
	staking *rbactestutil.MockStakingKeeper
	ac      address.Codec

	admin, manager, alice, bob, operator, outsider string
	authority                                      string
}

func newAddr(name string) sdk.AccAddress {
	bz := make([]byte, 20)
	copy(bz, name)
	return bz
}

func setup(t *testing.T) *fixture {
	t.Helper()
	f := newBareFixture(t)
	gs := types.DefaultGenesis()
	// x/rbac's default table has only its own Msgs; the app adds the others'.
	gs.Permissions = types.PermissionTable(gs.Permissions,
		types.Permit([]sdk.Msg{&banktypes.MsgSend{}, &authz.MsgExec{}, &govv1.MsgVote{}}, types.AllRoles...),
		types.Permit([]sdk.Msg{&stakingtypes.MsgCreateValidator{}}, types.Role_OPERATOR))
	gs.Communities = []types.Community{{Id: 1, Name: "Sunny Street", Zone: "zone-a", Geohash: "u33db"}}
	gs.NextCommunityId = 2
	gs.Grants = []types.Grant{
		{Address: f.admin, Role: types.Role_ADMIN},
		{Address: f.manager, Role: types.Role_COMMUNITY_MANAGER, CommunityId: 1},
		{Address: f.alice, Role: types.Role_PROSUMER, CommunityId: 1},
		{Address: f.operator, Role: types.Role_OPERATOR},
	}
	require.NoError(t, gs.Validate(f.ac))
	require.NoError(t, f.k.InitGenesis(f.ctx, *gs))
	return f
}

// newBareFixture is a keeper over an empty store.
func newBareFixture(t *testing.T) *fixture {
	t.Helper()
	key := storetypes.NewKVStoreKey(types.StoreKey)
	tctx := testutil.DefaultContextWithDB(t, key, storetypes.NewTransientStoreKey("transient_test"))
	ac := addresscodec.NewBech32Codec("power")
	cdc := codectestutil.CodecOptions{AccAddressPrefix: "power", ValAddressPrefix: "powervaloper"}.NewCodec()
	staking := rbactestutil.NewMockStakingKeeper(gomock.NewController(t))

	f := &fixture{staking: staking, ac: ac}
	str := func(name string) string {
		s, err := ac.BytesToString(newAddr(name))
		require.NoError(t, err)
		return s
	}
	f.admin, f.manager, f.alice, f.bob, f.operator, f.outsider =
		str("admin"), str("manager"), str("alice"), str("bob"), str("operator"), str("outsider")
	f.authority = str("gov-authority")

	f.ctx = tctx.Ctx.WithBlockTime(genesisTime).WithBlockHeight(10)
	f.k = keeper.NewKeeper(cdc, runtime.NewKVStoreService(key), ac, staking, f.authority)
	f.msg = keeper.NewMsgServerImpl(f.k)
	f.query = keeper.NewQueryServerImpl(f.k)
	return f
}

// at returns the fixture's context at another block time.
func (f *fixture) at(t time.Time) sdk.Context { return f.ctx.WithBlockTime(t) }

func (f *fixture) addr(t *testing.T, s string) sdk.AccAddress {
	t.Helper()
	bz, err := f.ac.StringToBytes(s)
	require.NoError(t, err)
	return bz
}

func (f *fixture) hasRole(t *testing.T, ctx context.Context, who string, role types.Role, community uint64) bool {
	t.Helper()
	ok, err := f.k.HasActiveRole(ctx, f.addr(t, who), role, community)
	require.NoError(t, err)
	return ok
}

// auditActions lists the actions recorded for an address, oldest first.
func (f *fixture) auditActions(t *testing.T, who string) []types.AuditAction {
	t.Helper()
	res, err := f.query.Audit(f.ctx, &types.QueryAuditRequest{Address: who})
	require.NoError(t, err)
	actions := make([]types.AuditAction, len(res.Entries))
	for i, e := range res.Entries {
		actions[i] = e.Action
	}
	return actions
}

// validatorOf returns the bonded, unjailed validator operated by who.
func (f *fixture) validatorOf(t *testing.T, who string) stakingtypes.Validator {
	t.Helper()
	operator := f.addr(t, who)
	v, err := stakingtypes.NewValidator(sdk.ValAddress(operator).String(),
		ed25519.GenPrivKeyFromSecret(operator).PubKey(), stakingtypes.Description{})
	require.NoError(t, err)
	return v
}

// expectJail expects the EndBlocker to look up who's validator and jail it
// once, answering jail with jailErr.
func (f *fixture) expectJail(t *testing.T, who string, jailErr error) {
	t.Helper()
	v := f.validatorOf(t, who)
	consAddr, err := v.GetConsAddr()
	require.NoError(t, err)
	f.staking.EXPECT().GetValidator(gomock.Any(), sdk.ValAddress(f.addr(t, who))).Return(v, nil)
	f.staking.EXPECT().Jail(gomock.Any(), sdk.ConsAddress(consAddr)).Return(jailErr)
}
