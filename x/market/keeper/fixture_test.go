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

	assetstypes "github.com/powershare/powershare/x/assets/types"
	"github.com/powershare/powershare/x/market/keeper"
	markettestutil "github.com/powershare/powershare/x/market/testutil"
	"github.com/powershare/powershare/x/market/types"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

var (
	// now is the fixed block time; slot is a delivery slot an hour later.
	now  = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	slot = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
)

const (
	zone = "zone-a"
	// bondDenom is the denom the app wires in (WithBondDenom); ecDenom the
	// Energy Credits'.
	bondDenom = "upwc"
	ecDenom   = types.EnergyCreditDenom
	// faucet is a test module account that mints the traders' starting funds.
	faucet = "faucet"
)

var marketAddr = authtypes.NewModuleAddress(types.ModuleName)

type fixture struct {
	ctx   sdk.Context
	k     keeper.Keeper
	msg   types.MsgServer
	query types.QueryServer
	// bank is a real bank keeper: balances, and the rollback of a failed
	// tx's moves with its cached context, behave as on chain.
	bank bankkeeper.BaseKeeper
	ac   address.Codec
	// storeKey is the market's store, read raw to measure its bytes.
	storeKey *storetypes.KVStoreKey

	alice, carol, bob, dave, gridop, gov string // alice and carol sell, bob and dave buy
	admin, commop                        string // an ADMIN; a GRID_OPERATOR of community 1 only
}

func setup(t *testing.T) *fixture {
	t.Helper()
	return setupWithGridops(t, func(f *fixture) []string { return []string{f.gridop} })
}

// setupWithGridops is setup with the given accounts as grid operators.
func setupWithGridops(t *testing.T, gridops func(f *fixture) []string) *fixture {
	t.Helper()
	keys := storetypes.NewKVStoreKeys(types.StoreKey, authtypes.StoreKey, banktypes.StoreKey)
	ctx := testutil.DefaultContextWithKeys(keys, nil, nil)
	ac := addresscodec.NewBech32Codec("power")
	opts := codectestutil.CodecOptions{AccAddressPrefix: "power", ValAddressPrefix: "powervaloper"}
	cdc := opts.NewCodec()
	authtypes.RegisterInterfaces(cdc.InterfaceRegistry())
	banktypes.RegisterInterfaces(cdc.InterfaceRegistry())
	f := &fixture{ac: ac, storeKey: keys[types.StoreKey]}
	name := func(n string) string {
		bz := make([]byte, 20)
		copy(bz, n)
		s, err := ac.BytesToString(bz)
		require.NoError(t, err)
		return s
	}
	f.alice, f.carol, f.bob, f.dave, f.gridop, f.gov = name("alice"), name("carol"), name("bob"), name("dave"), name("gridop"), name("gov")
	f.admin, f.commop = name("admin"), name("commop")

	accounts := authkeeper.NewAccountKeeper(cdc, runtime.NewKVStoreService(keys[authtypes.StoreKey]), authtypes.ProtoBaseAccount,
		map[string][]string{faucet: {authtypes.Minter}, types.ModuleName: nil}, ac, "power", f.gov)
	f.bank = bankkeeper.NewBaseKeeper(cdc, runtime.NewKVStoreService(keys[banktypes.StoreKey]), accounts, nil, f.gov, log.NewNopLogger())

	ctrl := gomock.NewController(t)
	assets := markettestutil.NewMockAssetsKeeper(ctrl)
	for _, m := range []assetstypes.Meter{
		{Id: "alice-solar", Owner: f.alice, Zone: zone, Renewable: true, Active: true, CapacityW: 1_000_000},
		{Id: "carol-grid", Owner: f.carol, Zone: zone, Renewable: false, Active: true, CapacityW: 1_000_000},
		{Id: "carol-solar", Owner: f.carol, Zone: zone, Renewable: true, Active: true, CapacityW: 1_000_000},
		{Id: "alice-small", Owner: f.alice, Zone: zone, Renewable: true, Active: true, CapacityW: 8_000}, // 2,000 Wh a slot
		{Id: "alice-off", Owner: f.alice, Zone: zone, Renewable: true, Active: false, CapacityW: 1_000_000},
		{Id: "alice-far", Owner: f.alice, Zone: "zone-b", Renewable: true, Active: true, CapacityW: 1_000_000},
	} {
		assets.EXPECT().GetMeter(gomock.Any(), m.Id).Return(m, nil).AnyTimes()
	}
	assets.EXPECT().GetMeter(gomock.Any(), gomock.Any()).Return(assetstypes.Meter{}, assetstypes.ErrUnknownMeter).AnyTimes()

	rbac := markettestutil.NewMockRBACKeeper(ctrl)
	for _, g := range gridops(f) {
		rbac.EXPECT().HasActiveRole(gomock.Any(), f.addr(t, g), rbactypes.Role_GRID_OPERATOR, uint64(0)).Return(true, nil).AnyTimes()
	}
	// commop is a GRID_OPERATOR of community 1 only; admin an ADMIN.
	rbac.EXPECT().HasActiveRole(gomock.Any(), f.addr(t, f.commop), rbactypes.Role_GRID_OPERATOR, uint64(1)).Return(true, nil).AnyTimes()
	rbac.EXPECT().HasActiveRole(gomock.Any(), gomock.Any(), gomock.Any(), gomock.Any()).Return(false, nil).AnyTimes()
	rbac.EXPECT().IsAdmin(gomock.Any(), f.addr(t, f.admin)).Return(true, nil).AnyTimes()
	rbac.EXPECT().IsAdmin(gomock.Any(), gomock.Any()).Return(false, nil).AnyTimes()
	rbac.EXPECT().CommunityZone(gomock.Any(), uint64(1)).Return(zone, nil).AnyTimes()
	rbac.EXPECT().CommunityZone(gomock.Any(), uint64(2)).Return("zone-b", nil).AnyTimes()
	rbac.EXPECT().CommunityZone(gomock.Any(), gomock.Any()).Return("", rbactypes.ErrUnknownCommunity).AnyTimes()

	f.ctx = ctx.WithBlockTime(now).WithBlockHeight(10)
	f.k = keeper.NewKeeper(cdc, runtime.NewKVStoreService(keys[types.StoreKey]), ac, f.bank, assets, rbac, f.gov).
		WithBondDenom(bondDenom)
	f.msg, f.query = keeper.NewMsgServerImpl(f.k), keeper.NewQueryServerImpl(f.k)
	require.NoError(t, f.k.InitGenesis(f.ctx, testGenesis()))
	funds := sdk.NewCoins(sdk.NewInt64Coin(bondDenom, 1_000_000_000_000), sdk.NewInt64Coin(ecDenom, 1_000_000_000_000))
	for _, who := range []string{f.alice, f.carol, f.bob, f.dave} {
		require.NoError(t, f.bank.MintCoins(f.ctx, faucet, funds))
		require.NoError(t, f.bank.SendCoinsFromModuleToAccount(f.ctx, faucet, f.addr(t, who), funds))
	}
	return f
}

func (f *fixture) addr(t *testing.T, s string) sdk.AccAddress {
	t.Helper()
	bz, err := f.ac.StringToBytes(s)
	require.NoError(t, err)
	return bz
}

func (f *fixture) balance(t *testing.T, who, denom string) sdkmath.Int {
	t.Helper()
	return f.bank.GetBalance(f.ctx, f.addr(t, who), denom).Amount
}

// escrowHeld is what the market's module account holds.
func (f *fixture) escrowHeld(ctx context.Context) sdk.Coins {
	return f.bank.GetAllBalances(ctx, marketAddr)
}

// snapshot is the traders' balances, by address.
func (f *fixture) snapshot(t *testing.T) map[string]sdk.Coins {
	t.Helper()
	out := map[string]sdk.Coins{}
	for _, who := range []string{f.alice, f.carol, f.bob, f.dave} {
		out[who] = f.bank.GetAllBalances(f.ctx, f.addr(t, who))
	}
	return out
}

// total is every coin held by any account: sends never change it.
func (f *fixture) total() sdk.Coins {
	var sum sdk.Coins
	f.bank.IterateAllBalances(f.ctx, func(_ sdk.AccAddress, c sdk.Coin) bool {
		sum = sum.Add(c)
		return false
	})
	return sum
}

// order describes a placement for the tests.
type order struct {
	owner     string
	side      types.Side
	wh, price uint64
	tif       types.TimeInForce
	meter     string
	renewable bool
	minRenew  uint32
}

func (f *fixture) msgFor(o order) *types.MsgPlaceOrder {
	return &types.MsgPlaceOrder{Owner: o.owner, Zone: zone, SlotStart: slot, Side: o.side, QuantityWh: o.wh, Price: o.price,
		TimeInForce: o.tif, MeterId: o.meter, Renewable: o.renewable, MinRenewablePct: o.minRenew}
}

func (f *fixture) place(t *testing.T, o order) *types.MsgPlaceOrderResponse {
	t.Helper()
	res, err := f.msg.PlaceOrder(f.ctx, f.msgFor(o))
	require.NoError(t, err)
	return res
}

func (f *fixture) sell(owner, meter string, wh, price uint64, renewable bool) order {
	return order{owner: owner, side: types.Side_SELL, wh: wh, price: price, meter: meter, renewable: renewable}
}

func (f *fixture) buy(owner string, wh, price uint64) order {
	return order{owner: owner, side: types.Side_BUY, wh: wh, price: price}
}

// testGenesis is the default genesis with the fixture's zones registered:
// zone-a of community 1 and zone-b of community 2.
func testGenesis() types.GenesisState {
	gs := *types.DefaultGenesis()
	gs.Zones = []types.Zone{{Id: zone, CommunityId: 1, Description: "test zone"}, {Id: "zone-b", CommunityId: 2}}
	return gs
}
