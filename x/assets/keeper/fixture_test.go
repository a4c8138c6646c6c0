package keeper_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/mock/gomock"

	"cosmossdk.io/core/address"
	"cosmossdk.io/log/v2"
	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	codectestutil "github.com/cosmos/cosmos-sdk/codec/testutil"
	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authkeeper "github.com/cosmos/cosmos-sdk/x/auth/keeper"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	bankkeeper "github.com/cosmos/cosmos-sdk/x/bank/keeper"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/powershare/powershare/x/assets/keeper"
	assetstestutil "github.com/powershare/powershare/x/assets/testutil"
	"github.com/powershare/powershare/x/assets/types"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// now is the fixed block time of the tests.
var now = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

// bondDenom is PowerCoin's denom in the tests, as the app wires it.
const bondDenom = "upwc"

// rewardPool is the module account the treasury may pay into in the tests.
const rewardPool = "distribution"

// The fixture runs the keeper over real x/auth and x/bank keepers in one
// store, so balances, supply and the send restriction behave as on chain
// and roll back with a cached context; x/rbac is a gomock mock answering
// from the grants the test gives it.
type fixture struct {
	ctx   sdk.Context
	k     keeper.Keeper
	msg   types.MsgServer
	query types.QueryServer
	bank  bankkeeper.BaseKeeper
	rbac  *assetstestutil.MockRBACKeeper
	ac    address.Codec

	grants []rbactypes.Grant
	zones  map[uint64]string

	admin, gridop, regulator, manager, alice, bob, carol, outsider, gov string
}

func setup(t *testing.T) *fixture {
	t.Helper()
	keys := storetypes.NewKVStoreKeys(types.StoreKey, authtypes.StoreKey, banktypes.StoreKey)
	ac := addresscodec.NewBech32Codec("power")
	registry := codectestutil.CodecOptions{AccAddressPrefix: "power", ValAddressPrefix: "powervaloper"}.NewInterfaceRegistry()
	authtypes.RegisterInterfaces(registry)
	cdc := codec.NewProtoCodec(registry)
	f := &fixture{ac: ac, zones: map[uint64]string{1: "zone-a", 2: "zone-b"}}
	name := func(n string) string {
		bz := make([]byte, 20)
		copy(bz, n)
		s, err := ac.BytesToString(bz)
		require.NoError(t, err)
		return s
	}
	f.admin, f.gridop, f.regulator, f.manager = name("admin"), name("gridop"), name("regulator"), name("manager")
	f.alice, f.bob, f.carol, f.outsider = name("alice"), name("bob"), name("carol"), name("outsider")
	f.gov = name("gov")
	f.grant(f.admin, rbactypes.Role_ADMIN, 0)
	f.grant(f.gridop, rbactypes.Role_GRID_OPERATOR, 0)
	f.grant(f.regulator, rbactypes.Role_REGULATOR, 0)
	f.grant(f.manager, rbactypes.Role_COMMUNITY_MANAGER, 1)
	f.grant(f.alice, rbactypes.Role_PROSUMER, 1)
	f.grant(f.bob, rbactypes.Role_CONSUMER, 1)
	f.grant(f.carol, rbactypes.Role_CONSUMER, 2)
	f.rbac = f.mockRBAC(gomock.NewController(t))

	f.ctx = testutil.DefaultContextWithKeys(keys, nil, nil).WithBlockTime(now).WithBlockHeight(100)
	accounts := authkeeper.NewAccountKeeper(cdc, runtime.NewKVStoreService(keys[authtypes.StoreKey]), authtypes.ProtoBaseAccount,
		map[string][]string{
			types.ModuleName:   {authtypes.Minter, authtypes.Burner},
			types.TreasuryName: nil,
			rewardPool:         nil,
		}, ac, "power", f.gov)
	f.bank = bankkeeper.NewBaseKeeper(cdc, runtime.NewKVStoreService(keys[banktypes.StoreKey]), accounts, nil, f.gov, log.NewNopLogger())
	require.NoError(t, f.bank.SetParams(f.ctx, banktypes.DefaultParams()))
	f.k = keeper.NewKeeper(cdc, runtime.NewKVStoreService(keys[types.StoreKey]), ac, f.bank, accounts, f.rbac, f.gov).
		WithRewardPools(rewardPool).WithBondDenom(bondDenom)
	f.bank.AppendSendRestriction(f.k.CommunityTokenRestriction)
	f.msg = keeper.NewMsgServerImpl(f.k)
	f.query = keeper.NewQueryServerImpl(f.k)
	require.NoError(t, f.k.InitGenesis(f.ctx, *types.DefaultGenesis()))
	return f
}

// grant gives addr role in community (0: chain-wide), as x/rbac would.
func (f *fixture) grant(addr string, role rbactypes.Role, community uint64) {
	f.grants = append(f.grants, rbactypes.Grant{Address: addr, Role: role, CommunityId: community})
}

// mockRBAC answers x/rbac's questions from the fixture's grants and zones.
func (f *fixture) mockRBAC(ctrl *gomock.Controller) *assetstestutil.MockRBACKeeper {
	m := assetstestutil.NewMockRBACKeeper(ctrl)
	has := func(_ context.Context, addr sdk.AccAddress, role rbactypes.Role, community uint64) (bool, error) {
		s, err := f.ac.BytesToString(addr)
		for _, g := range f.grants {
			if g.Address == s && g.Role == role && g.CommunityId == community {
				return true, err
			}
		}
		return false, err
	}
	m.EXPECT().HasActiveRole(gomock.Any(), gomock.Any(), gomock.Any(), gomock.Any()).DoAndReturn(has).AnyTimes()
	// IsAdmin answers like x/rbac: an ADMIN grant or the governance account.
	m.EXPECT().IsAdmin(gomock.Any(), gomock.Any()).DoAndReturn(func(ctx context.Context, addr sdk.AccAddress) (bool, error) {
		if s, err := f.ac.BytesToString(addr); err != nil || s == f.gov {
			return err == nil, err
		}
		return has(ctx, addr, rbactypes.Role_ADMIN, 0)
	}).AnyTimes()
	m.EXPECT().CommunityZone(gomock.Any(), gomock.Any()).DoAndReturn(func(_ context.Context, id uint64) (string, error) {
		zone, ok := f.zones[id]
		if !ok {
			return "", rbactypes.ErrUnknownCommunity.Wrapf("community %d", id)
		}
		return zone, nil
	}).AnyTimes()
	return m
}

func (f *fixture) addr(t *testing.T, s string) sdk.AccAddress {
	t.Helper()
	bz, err := f.ac.StringToBytes(s)
	require.NoError(t, err)
	return bz
}

func (f *fixture) balance(t *testing.T, who, denom string) sdkmath.Int {
	return f.bank.GetBalance(f.ctx, f.addr(t, who), denom).Amount
}

// supply is the bank's total supply of denom.
func (f *fixture) supply(denom string) sdkmath.Int { return f.bank.GetSupply(f.ctx, denom).Amount }

// fundTreasury mints PowerCoin into the treasury, as genesis would.
func (f *fixture) fundTreasury(t *testing.T, amount int64) {
	t.Helper()
	coins := sdk.NewCoins(sdk.NewInt64Coin(bondDenom, amount))
	require.NoError(t, f.bank.MintCoins(f.ctx, types.ModuleName, coins))
	require.NoError(t, f.bank.SendCoinsFromModuleToModule(f.ctx, types.ModuleName, types.TreasuryName, coins))
}

func moduleAddr(name string) sdk.AccAddress { return authtypes.NewModuleAddress(name) }

// registerSolar registers a 5 kW solar meter for owner in community 1,
// with the owner's consent.
func (f *fixture) registerSolar(t *testing.T, id, owner string) {
	t.Helper()
	_, err := f.msg.RegisterMeter(f.ctx, &types.MsgRegisterMeter{
		Signer: f.gridop, MeterId: id, Owner: owner, Kind: types.MeterKind_SOLAR, CapacityW: 5000, CommunityId: 1,
	})
	require.NoError(t, err)
	f.accept(t, owner, id)
}

// accept gives owner's consent to a meter a grid operator registered or
// reassigned (finding 10 of issue 11); nothing when there is nothing pending.
func (f *fixture) accept(t *testing.T, owner, id string) {
	t.Helper()
	if has, err := f.k.MeterProposals.Has(f.ctx, id); err != nil || !has {
		require.NoError(t, err)
		return
	}
	_, err := f.msg.AcceptMeter(f.ctx, &types.MsgAcceptMeter{Signer: owner, MeterId: id})
	require.NoError(t, err)
}

func reading(meter string, start time.Time, d time.Duration, wh uint64) types.Reading {
	return types.Reading{MeterId: meter, Start: start, End: start.Add(d), EnergyWh: wh}
}
