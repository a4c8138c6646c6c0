package keeper_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/core/address"
	sdkmath "cosmossdk.io/math"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	codectestutil "github.com/cosmos/cosmos-sdk/codec/testutil"
	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/powershare/powershare/app/params"
	assetstypes "github.com/powershare/powershare/x/assets/types"
	"github.com/powershare/powershare/x/market/keeper"
	"github.com/powershare/powershare/x/market/types"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

var (
	// now is the fixed block time; slot is a delivery slot an hour later.
	now  = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	slot = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
)

const zone = "zone-a"

type fixture struct {
	ctx   sdk.Context
	k     keeper.Keeper
	msg   types.MsgServer
	query types.QueryServer
	bank  *fakeBank
	ac    address.Codec

	alice, carol, bob, dave, gridop, gov string // alice and carol sell, bob and dave buy
}

func setup(t *testing.T) *fixture {
	t.Helper()
	return setupWithGridops(t, func(f *fixture) []string { return []string{f.gridop} })
}

// setupWithGridops is setup with the given accounts as grid operators.
func setupWithGridops(t *testing.T, gridops func(f *fixture) []string) *fixture {
	t.Helper()
	key := storetypes.NewKVStoreKey(types.StoreKey)
	tctx := testutil.DefaultContextWithDB(t, key, storetypes.NewTransientStoreKey("transient_test"))
	ac := addresscodec.NewBech32Codec("power")
	cdc := codectestutil.CodecOptions{AccAddressPrefix: "power", ValAddressPrefix: "powervaloper"}.NewCodec()
	f := &fixture{ac: ac, bank: &fakeBank{balances: map[string]sdk.Coins{}}}
	name := func(n string) string {
		bz := make([]byte, 20)
		copy(bz, n)
		s, err := ac.BytesToString(bz)
		require.NoError(t, err)
		return s
	}
	f.alice, f.carol, f.bob, f.dave, f.gridop, f.gov = name("alice"), name("carol"), name("bob"), name("dave"), name("gridop"), name("gov")
	meters := fakeAssets{
		"alice-solar": {Id: "alice-solar", Owner: f.alice, Zone: zone, Renewable: true, Active: true, CapacityW: 1_000_000},
		"carol-grid":  {Id: "carol-grid", Owner: f.carol, Zone: zone, Renewable: false, Active: true, CapacityW: 1_000_000},
		"carol-solar": {Id: "carol-solar", Owner: f.carol, Zone: zone, Renewable: true, Active: true, CapacityW: 1_000_000},
		"alice-small": {Id: "alice-small", Owner: f.alice, Zone: zone, Renewable: true, Active: true, CapacityW: 8_000}, // 2,000 Wh a slot
		"alice-off":   {Id: "alice-off", Owner: f.alice, Zone: zone, Renewable: true, Active: false, CapacityW: 1_000_000},
		"alice-far":   {Id: "alice-far", Owner: f.alice, Zone: "zone-b", Renewable: true, Active: true, CapacityW: 1_000_000},
	}
	rbac := fakeRBAC{ac: ac, gridops: map[string]bool{}}
	for _, g := range gridops(f) {
		rbac.gridops[g] = true
	}
	f.ctx = tctx.Ctx.WithBlockTime(now).WithBlockHeight(10)
	f.k = keeper.NewKeeper(cdc, runtime.NewKVStoreService(key), ac, f.bank, meters, rbac, f.gov)
	f.msg, f.query = keeper.NewMsgServerImpl(f.k), keeper.NewQueryServerImpl(f.k)
	require.NoError(t, f.k.InitGenesis(f.ctx, *types.DefaultGenesis()))
	for _, who := range []string{f.alice, f.carol, f.bob, f.dave} {
		f.bank.balances[string(f.addr(t, who))] = sdk.NewCoins(
			sdk.NewInt64Coin(params.BondDenom, 1_000_000_000_000), sdk.NewInt64Coin(params.EnergyCreditDenom, 1_000_000_000_000))
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
	return f.bank.balances[string(f.addr(t, who))].AmountOf(denom)
}

// order describes a placement for the tests.
type order struct {
	owner, side string
	wh, price   uint64
	tif         string
	meter       string
	renewable   bool
	minRenew    uint32
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
	return order{owner: owner, side: "sell", wh: wh, price: price, meter: meter, renewable: renewable}
}

func (f *fixture) buy(owner string, wh, price uint64) order {
	return order{owner: owner, side: "buy", wh: wh, price: price}
}

// fakeAssets serves meters by id.
type fakeAssets map[string]assetstypes.Meter

func (a fakeAssets) GetMeter(_ context.Context, id string) (assetstypes.Meter, error) {
	m, ok := a[id]
	if !ok {
		return m, assetstypes.ErrUnknownMeter.Wrap(id)
	}
	return m, nil
}

// fakeRBAC knows who the grid operators are.
type fakeRBAC struct {
	ac      address.Codec
	gridops map[string]bool
}

func (r fakeRBAC) HasActiveRole(_ context.Context, addr sdk.AccAddress, role rbactypes.Role, _ uint64) (bool, error) {
	s, err := r.ac.BytesToString(addr)
	return role == rbactypes.Role_GRID_OPERATOR && r.gridops[s], err
}

// fakeBank keeps balances, including the market module account's.
type fakeBank struct{ balances map[string]sdk.Coins }

var marketAddr = authtypes.NewModuleAddress(types.ModuleName)

func (b *fakeBank) move(from, to sdk.AccAddress, amt sdk.Coins) error {
	have := b.balances[string(from)]
	if !have.IsAllGTE(amt) {
		return fmt.Errorf("insufficient funds: %s < %s", have, amt)
	}
	b.balances[string(from)] = have.Sub(amt...)
	b.balances[string(to)] = b.balances[string(to)].Add(amt...)
	return nil
}

func (b *fakeBank) SendCoinsFromAccountToModule(_ context.Context, from sdk.AccAddress, _ string, amt sdk.Coins) error {
	return b.move(from, marketAddr, amt)
}

func (b *fakeBank) SendCoinsFromModuleToAccount(_ context.Context, _ string, to sdk.AccAddress, amt sdk.Coins) error {
	return b.move(marketAddr, to, amt)
}

func (b *fakeBank) total() sdk.Coins {
	var sum sdk.Coins
	for _, c := range b.balances {
		sum = sum.Add(c...)
	}
	return sum
}

func (b *fakeBank) snapshot() map[string]sdk.Coins {
	cp := make(map[string]sdk.Coins, len(b.balances))
	for k, v := range b.balances {
		cp[k] = v
	}
	return cp
}
