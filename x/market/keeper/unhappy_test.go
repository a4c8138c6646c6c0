package keeper_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"
	sdkmath "cosmossdk.io/math"

	"github.com/powershare/powershare/x/market/types"
)

// The governance account is compared as an account, as x/assets and x/rbac
// do: its address in another spelling is refused.
func TestUpdateMarketParamsWantsTheCanonicalAuthority(t *testing.T) {
	f := setup(t)
	p := types.DefaultParams()
	p.CollateralBps = 2_000
	for _, authority := range []string{strings.ToUpper(f.gov), "not-an-address", ""} {
		_, err := f.msg.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: authority, Params: p})
		require.ErrorIs(t, err, types.ErrInvalidAddress, authority)
	}
	_, err := f.msg.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: p})
	require.NoError(t, err)
	got, err := f.k.Params.Get(f.ctx)
	require.NoError(t, err)
	require.Equal(t, uint32(2_000), got.CollateralBps)
}

func TestSettleTradesRefusesRepeatsAndOversizedBatches(t *testing.T) {
	f := setup(t)
	id := f.renewableTrade(t)
	ctx := f.ctx.WithBlockTime(afterSlot)
	one := types.Settlement{TradeId: id, DeliveredWh: 3000}

	// The same trade twice in one message: the second is a replay.
	cacheCtx, _ := ctx.CacheContext()
	before := f.bank.snapshot()
	_, err := f.msg.SettleTrades(cacheCtx, &types.MsgSettleTrades{Signer: f.gridop, Settlements: []types.Settlement{one, one}})
	require.ErrorIs(t, err, types.ErrAlreadySettled)
	f.bank.balances = before // a failed tx leaves nothing behind (baseapp drops its writes)

	p := types.DefaultParams()
	p.MaxSettlementsPerTx = 1
	_, err = f.msg.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: p})
	require.NoError(t, err)
	_, err = f.msg.SettleTrades(ctx, &types.MsgSettleTrades{Signer: f.gridop, Settlements: []types.Settlement{one, one}})
	require.ErrorIs(t, err, types.ErrInvalidOrder, "more settlements than a tx may carry")
	_, err = f.msg.SettleTrades(ctx, &types.MsgSettleTrades{Signer: strings.ToUpper(f.gridop), Settlements: []types.Settlement{one}})
	require.ErrorIs(t, err, types.ErrInvalidAddress)

	tr, err := f.k.GetTrade(f.ctx, id)
	require.NoError(t, err)
	require.False(t, tr.Settled, "every refused settlement left the trade open")
	f.requireEscrowInvariant(t, f.ctx)
}

// committed is the energy the meter has sold or offers in the test slot.
func (f *fixture) committed(t *testing.T, meter string) uint64 {
	t.Helper()
	v, err := f.k.Committed.Get(f.ctx, collections.Join(meter, slot.Unix()))
	if err != nil {
		require.ErrorIs(t, err, collections.ErrNotFound)
	}
	return v
}

// A sell reserves its meter's capacity in the slot until it trades; a
// cancellation, an IOC remainder and a gate closure give back what is left,
// and a bilateral trade reserves it as a sell does.
func TestMeterCapacityIsReservedAndReleased(t *testing.T) {
	f := setup(t)
	const meter = "alice-small" // 2,000 Wh a slot
	full := f.sell(f.alice, meter, 2000, 150_000, false)
	res := f.place(t, full)
	require.Equal(t, uint64(2000), f.committed(t, meter))
	cacheCtx, _ := f.ctx.CacheContext()
	_, err := f.msg.PlaceOrder(cacheCtx, f.msgFor(f.sell(f.alice, meter, 100, 150_000, false)))
	require.ErrorIs(t, err, types.ErrOverCapacity)

	_, err = f.msg.CancelOrder(f.ctx, &types.MsgCancelOrder{Owner: f.alice, OrderId: res.OrderId})
	require.NoError(t, err)
	require.Zero(t, f.committed(t, meter), "a cancellation releases it")

	f.place(t, f.buy(f.bob, 500, 150_000))
	ioc := full
	ioc.tif = "IOC"
	res = f.place(t, ioc)
	require.Equal(t, uint64(500), res.FilledWh)
	require.Equal(t, uint64(500), f.committed(t, meter), "the sold 500 Wh stay committed, the IOC remainder is released")

	rest := f.place(t, f.sell(f.alice, meter, 1000, 160_000, false))
	require.True(t, rest.Resting)
	require.Equal(t, uint64(1500), f.committed(t, meter))
	require.NoError(t, f.k.EndBlocker(f.ctx.WithBlockTime(slot.Add(-5*time.Minute))))
	require.Equal(t, uint64(500), f.committed(t, meter), "a gate closure releases it")

	bt := bilateral(f)
	bt.MeterID, bt.QuantityWh, bt.SlotStart, bt.SlotEnd = meter, 1500, slot.Add(15*time.Minute), slot.Add(30*time.Minute)
	_, err = f.k.OpenBilateralTrade(f.ctx, bt)
	require.NoError(t, err, "another slot has its own capacity")
	bt.SlotStart, bt.SlotEnd, bt.QuantityWh = slot, slot.Add(15*time.Minute), 1501
	cacheCtx, _ = f.ctx.CacheContext()
	_, err = f.k.OpenBilateralTrade(cacheCtx, bt)
	require.ErrorIs(t, err, types.ErrOverCapacity, "500 Wh sold, 1,501 more would pass 2,000")
	f.requireEscrowInvariant(t, f.ctx)
}

// Genesis refuses orders and trades the keeper could never have written.
func TestMarketGenesisValidateRefusals(t *testing.T) {
	f := setup(t)
	f.renewableTrade(t)
	f.place(t, f.buy(f.dave, 1000, 140_000))
	valid, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.NoError(t, valid.Validate(f.ac))
	require.Len(t, valid.Orders, 1)
	require.Len(t, valid.Trades, 1)

	cases := map[string]func(gs *types.GenesisState){
		"non-canonical order owner": func(gs *types.GenesisState) { gs.Orders[0].Owner = strings.ToUpper(gs.Orders[0].Owner) },
		"non-canonical trade party": func(gs *types.GenesisState) { gs.Trades[0].Seller = strings.ToUpper(gs.Trades[0].Seller) },
		"order id not yet issued":   func(gs *types.GenesisState) { gs.NextOrderId = gs.Orders[0].Id },
		"duplicate trade":           func(gs *types.GenesisState) { gs.Trades = append(gs.Trades, gs.Trades[0]) },
		"escrow short of the order": func(gs *types.GenesisState) { gs.Orders[0].EscrowUpwc = gs.Orders[0].EscrowUpwc.SubRaw(1) },
		"payment not the price":     func(gs *types.GenesisState) { gs.Trades[0].PaymentUpwc = sdkmath.OneInt() },
		"delivered above traded":    func(gs *types.GenesisState) { gs.Trades[0].DeliveredWh = gs.Trades[0].QuantityWh + 1 },
		"zero next trade id":        func(gs *types.GenesisState) { gs.NextTradeId = 0 },
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			gs, err := f.k.ExportGenesis(f.ctx)
			require.NoError(t, err)
			mutate(gs)
			require.ErrorIs(t, gs.Validate(f.ac), types.ErrInvalidGenesis)
		})
	}
}
