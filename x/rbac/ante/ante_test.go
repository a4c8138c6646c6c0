package ante_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	protov2 "google.golang.org/protobuf/proto"

	"cosmossdk.io/core/address"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	codectestutil "github.com/cosmos/cosmos-sdk/codec/testutil"
	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	rbacante "github.com/powershare/powershare/x/rbac/ante"
	"github.com/powershare/powershare/x/rbac/keeper"
	"github.com/powershare/powershare/x/rbac/types"
)

// fakeTx carries Msgs; the decorator reads nothing else.
type fakeTx struct{ msgs []sdk.Msg }

func (tx fakeTx) GetMsgs() []sdk.Msg                    { return tx.msgs }
func (tx fakeTx) GetMsgsV2() ([]protov2.Message, error) { return nil, nil }

type anteFixture struct {
	ctx       sdk.Context
	decorator rbacante.Decorator
	ac        address.Codec
	// prosumer holds PROSUMER, consumer CONSUMER, outsider nothing.
	prosumer, consumer, outsider sdk.AccAddress
}

func setupAnte(t *testing.T) anteFixture {
	t.Helper()
	key := storetypes.NewKVStoreKey(types.StoreKey)
	tctx := testutil.DefaultContextWithDB(t, key, storetypes.NewTransientStoreKey("transient_test"))
	ac := addresscodec.NewBech32Codec("power")
	cdc := codectestutil.CodecOptions{AccAddressPrefix: "power", ValAddressPrefix: "powervaloper"}.NewCodec()
	banktypes.RegisterInterfaces(cdc.InterfaceRegistry())
	authz.RegisterInterfaces(cdc.InterfaceRegistry())
	stakingtypes.RegisterInterfaces(cdc.InterfaceRegistry())
	types.RegisterInterfaces(cdc.InterfaceRegistry())
	k := keeper.NewKeeper(cdc, runtime.NewKVStoreService(key), ac, nil, "")

	f := anteFixture{
		ctx: tctx.Ctx.WithBlockHeight(5).WithBlockTime(time.Unix(1_800_000_000, 0)),
		ac:  ac, decorator: rbacante.NewDecorator(k, cdc),
		prosumer: sdk.AccAddress("prosumer____________"), consumer: sdk.AccAddress("consumer____________"),
		outsider: sdk.AccAddress("outsider____________"),
	}
	gs := types.DefaultGenesis()
	// x/rbac's default table has only its own Msgs; the app adds the others'.
	gs.Permissions = types.PermissionTable(gs.Permissions,
		types.Permit([]sdk.Msg{&banktypes.MsgSend{}, &authz.MsgExec{}, &govv1.MsgVote{}}, types.AllRoles...),
		types.Permit([]sdk.Msg{&stakingtypes.MsgCreateValidator{}}, types.Role_OPERATOR))
	gs.Grants = []types.Grant{
		{Address: f.str(t, f.prosumer), Role: types.Role_PROSUMER},
		{Address: f.str(t, f.consumer), Role: types.Role_CONSUMER},
	}
	require.NoError(t, k.InitGenesis(f.ctx, *gs))
	return f
}

func (f anteFixture) str(t *testing.T, addr sdk.AccAddress) string {
	s, err := f.ac.BytesToString(addr)
	require.NoError(t, err)
	return s
}

func (f anteFixture) send(t *testing.T, from, to sdk.AccAddress) *banktypes.MsgSend {
	return &banktypes.MsgSend{FromAddress: f.str(t, from), ToAddress: f.str(t, to),
		Amount: sdk.NewCoins(sdk.NewInt64Coin("upwc", 1))}
}

func (f anteFixture) exec(t *testing.T, grantee sdk.AccAddress, msgs ...sdk.Msg) *authz.MsgExec {
	exec := authz.NewMsgExec(grantee, msgs)
	exec.Grantee = f.str(t, grantee)
	return &exec
}

// run passes the tx through the decorator and reports whether the next
// handler was reached.
func (f anteFixture) run(ctx sdk.Context, msgs ...sdk.Msg) (bool, error) {
	reached := false
	next := func(ctx sdk.Context, _ sdk.Tx, _ bool) (sdk.Context, error) { reached = true; return ctx, nil }
	_, err := f.decorator.AnteHandle(ctx, fakeTx{msgs: msgs}, false, next)
	return reached, err
}

func TestDecorator(t *testing.T) {
	f := setupAnte(t)
	cases := []struct {
		name    string
		msgs    func() []sdk.Msg
		allowed bool
	}{
		{"a prosumer sends PWC", func() []sdk.Msg { return []sdk.Msg{f.send(t, f.prosumer, f.outsider)} }, true},
		{"no role: not even a bank transfer", func() []sdk.Msg { return []sdk.Msg{f.send(t, f.outsider, f.prosumer)} }, false},
		{"every Msg is checked", func() []sdk.Msg {
			return []sdk.Msg{f.send(t, f.prosumer, f.outsider), f.send(t, f.outsider, f.prosumer)}
		}, false},
		{"open Msg without a role", func() []sdk.Msg {
			return []sdk.Msg{&types.MsgRequestMembership{Signer: f.str(t, f.outsider), CommunityId: 1, Role: types.Role_PROSUMER}}
		}, true},
		{"authz exec of a Msg the granter may send", func() []sdk.Msg {
			return []sdk.Msg{f.exec(t, f.prosumer, f.send(t, f.consumer, f.outsider))}
		}, true},
		{"authz exec of a Msg the granter may not send", func() []sdk.Msg {
			return []sdk.Msg{f.exec(t, f.prosumer, f.send(t, f.outsider, f.prosumer))}
		}, false},
		{"nested authz exec hiding a forbidden Msg", func() []sdk.Msg {
			return []sdk.Msg{f.exec(t, f.prosumer, f.exec(t, f.consumer, f.send(t, f.outsider, f.prosumer)))}
		}, false},
		{"nested authz exec of allowed Msgs", func() []sdk.Msg {
			return []sdk.Msg{f.exec(t, f.prosumer, f.exec(t, f.consumer, f.send(t, f.prosumer, f.outsider)))}
		}, true},
		{"a grantee without a role cannot exec", func() []sdk.Msg {
			return []sdk.Msg{f.exec(t, f.outsider, f.send(t, f.prosumer, f.consumer))}
		}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			reached, err := f.run(f.ctx, tc.msgs()...)
			if tc.allowed {
				require.NoError(t, err)
				require.True(t, reached)
				return
			}
			require.ErrorIs(t, err, types.ErrMissingPermission)
			require.False(t, reached, "a refused tx goes no further")
		})
	}
}

func TestDecoratorRefusesDeepNesting(t *testing.T) {
	f := setupAnte(t)
	var msg sdk.Msg = f.send(t, f.prosumer, f.consumer)
	for range 7 {
		msg = f.exec(t, f.prosumer, msg)
	}
	_, err := f.run(f.ctx, msg)
	require.ErrorIs(t, err, types.ErrMissingPermission)
	require.ErrorContains(t, err, "nested deeper")
}

func TestDecoratorLetsGenesisTransactionsThrough(t *testing.T) {
	f := setupAnte(t)
	genesis := f.ctx.WithBlockHeight(0).WithExecMode(sdk.ExecModeFinalize)
	reached, err := f.run(genesis, f.send(t, f.outsider, f.prosumer))
	require.NoError(t, err)
	require.True(t, reached)

	checkBeforeFirstBlock := f.ctx.WithBlockHeight(0).WithExecMode(sdk.ExecModeCheck)
	_, err = f.run(checkBeforeFirstBlock, f.send(t, f.outsider, f.prosumer))
	require.ErrorIs(t, err, types.ErrMissingPermission, "only InitChain's gentxs pass unchecked")
}
