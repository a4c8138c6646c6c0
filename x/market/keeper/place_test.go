package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	abci "github.com/cometbft/cometbft/abci/types"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/market/keeper"
	"github.com/powershare/powershare/x/market/types"
)

func TestPlaceOrderRejections(t *testing.T) {
	cases := []struct {
		name    string
		setup   func(t *testing.T, f *fixture)
		msg     func(f *fixture) *types.MsgPlaceOrder
		wantErr error
	}{
		{"slot not aligned", nil, func(f *fixture) *types.MsgPlaceOrder {
			m := f.msgFor(f.buy(f.bob, 1000, 150_000))
			m.SlotStart = slot.Add(time.Minute)
			return m
		}, types.ErrSlotNotAligned},
		{"the next slot whose gate is still open is accepted", nil, func(f *fixture) *types.MsgPlaceOrder {
			m := f.msgFor(f.buy(f.bob, 1000, 150_000))
			m.SlotStart = now.Add(15 * time.Minute) // 09:15, gate 09:10
			return m
		}, nil},
		{"gate already passed", nil, func(f *fixture) *types.MsgPlaceOrder {
			m := f.msgFor(f.buy(f.bob, 1000, 150_000))
			m.SlotStart = now // gate closed 5 minutes ago
			return m
		}, types.ErrGateClosed},
		{"price off tick", nil, func(f *fixture) *types.MsgPlaceOrder { return f.msgFor(f.buy(f.bob, 1000, 150_500)) }, types.ErrOffTick},
		{"zero price", nil, func(f *fixture) *types.MsgPlaceOrder { return f.msgFor(f.buy(f.bob, 1000, 0)) }, types.ErrOffTick},
		{"quantity below minimum", nil, func(f *fixture) *types.MsgPlaceOrder { return f.msgFor(f.buy(f.bob, 99, 150_000)) }, types.ErrBelowMinimum},
		{"bad side", nil, func(f *fixture) *types.MsgPlaceOrder {
			o := f.buy(f.bob, 1000, 150_000)
			o.side = types.Side(7)
			return f.msgFor(o)
		}, types.ErrInvalidOrder},
		{"bad time in force", nil, func(f *fixture) *types.MsgPlaceOrder {
			o := f.buy(f.bob, 1000, 150_000)
			o.tif = types.TimeInForce(9)
			return f.msgFor(o)
		}, types.ErrInvalidOrder},
		{"seller without a meter", nil, func(f *fixture) *types.MsgPlaceOrder { return f.msgFor(f.sell(f.bob, "", 1000, 150_000, false)) }, types.ErrNoMeter},
		{"someone else's meter", nil, func(f *fixture) *types.MsgPlaceOrder {
			return f.msgFor(f.sell(f.carol, "alice-solar", 1000, 150_000, false))
		}, types.ErrNoMeter},
		{"inactive meter", nil, func(f *fixture) *types.MsgPlaceOrder {
			return f.msgFor(f.sell(f.alice, "alice-off", 1000, 150_000, false))
		}, types.ErrNoMeter},
		{"meter in another zone", nil, func(f *fixture) *types.MsgPlaceOrder {
			return f.msgFor(f.sell(f.alice, "alice-far", 1000, 150_000, false))
		}, types.ErrNoMeter},
		{"renewable claim on a grid meter", nil, func(f *fixture) *types.MsgPlaceOrder {
			return f.msgFor(f.sell(f.carol, "carol-grid", 1000, 150_000, true))
		}, types.ErrInvalidOrder},
		{"above the meter's capacity in the slot", nil, func(f *fixture) *types.MsgPlaceOrder {
			return f.msgFor(f.sell(f.alice, "alice-small", 2001, 150_000, false))
		}, types.ErrOverCapacity},
		{"above capacity counting the seller's other sells", func(t *testing.T, f *fixture) {
			f.place(t, f.sell(f.alice, "alice-small", 1500, 150_000, false))
		}, func(f *fixture) *types.MsgPlaceOrder {
			return f.msgFor(f.sell(f.alice, "alice-small", 501, 160_000, false))
		}, types.ErrOverCapacity},
		{"insufficient funds", nil, func(f *fixture) *types.MsgPlaceOrder { return f.msgFor(f.buy(f.bob, 100_000_000, 100_000_000_000)) }, types.ErrInsufficientFunds},
		{"too many open orders", func(t *testing.T, f *fixture) {
			for range types.DefaultParams().MaxOpenOrders {
				f.place(t, f.buy(f.bob, 100, 1000))
			}
		}, func(f *fixture) *types.MsgPlaceOrder { return f.msgFor(f.buy(f.bob, 100, 1000)) }, types.ErrTooManyOrders},
		{"a buy with a meter", nil, func(f *fixture) *types.MsgPlaceOrder {
			o := f.buy(f.bob, 1000, 150_000)
			o.meter = "alice-solar"
			return f.msgFor(o)
		}, types.ErrInvalidOrder},
		{"renewable share above 100%", nil, func(f *fixture) *types.MsgPlaceOrder {
			o := f.buy(f.bob, 1000, 150_000)
			o.minRenew = 101
			return f.msgFor(o)
		}, types.ErrInvalidOrder},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			if tc.setup != nil {
				tc.setup(t, f)
			}
			cacheCtx, _ := f.ctx.CacheContext()
			_, err := f.msg.PlaceOrder(cacheCtx, tc.msg(f))
			if tc.wantErr == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.wantErr)
		})
	}
}

func TestSlotsTooFarAheadAreRefused(t *testing.T) {
	f := setup(t)
	m := f.msgFor(f.buy(f.bob, 1000, 150_000))
	m.SlotStart = now.Add(8 * 24 * time.Hour).Truncate(15 * time.Minute)
	_, err := f.msg.PlaceOrder(f.ctx, m)
	require.ErrorIs(t, err, types.ErrInvalidOrder)
	require.ErrorContains(t, err, "ahead")
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
	require.Zero(t, f.committed(t, "alice-solar"), "another meter of the seller keeps its capacity")
	cacheCtx, _ := f.ctx.CacheContext()
	_, err := f.msg.PlaceOrder(cacheCtx, f.msgFor(f.sell(f.alice, meter, 100, 150_000, false)))
	require.ErrorIs(t, err, types.ErrOverCapacity)

	_, err = f.msg.CancelOrder(f.ctx, &types.MsgCancelOrder{Owner: f.alice, OrderId: res.OrderId})
	require.NoError(t, err)
	require.Zero(t, f.committed(t, meter), "a cancellation releases it")

	f.place(t, f.buy(f.bob, 500, 150_000))
	ioc := full
	ioc.tif = types.TimeInForce_IOC
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
	f.requireEscrowInvariant(t)
}

// Every order that leaves the book unfilled says why, as a CloseReason.
func TestClosedOrdersSayWhy(t *testing.T) {
	f := setup(t)
	closedReasons := func(ctx sdk.Context) []types.CloseReason {
		var out []types.CloseReason
		for _, ev := range ctx.EventManager().Events() {
			if ev.Type != "powershare.market.v1.EventOrderClosed" {
				continue
			}
			msg, err := sdk.ParseTypedEvent(abci.Event(ev))
			require.NoError(t, err)
			out = append(out, msg.(*types.EventOrderClosed).Reason)
		}
		return out
	}

	ctx := f.ctx.WithEventManager(sdk.NewEventManager())
	res, err := f.msg.PlaceOrder(ctx, f.msgFor(f.buy(f.bob, 1000, 140_000)))
	require.NoError(t, err)
	_, err = f.msg.CancelOrder(ctx, &types.MsgCancelOrder{Owner: f.bob, OrderId: res.OrderId})
	require.NoError(t, err)
	ioc := f.buy(f.bob, 1000, 140_000)
	ioc.tif = types.TimeInForce_IOC
	_, err = f.msg.PlaceOrder(ctx, f.msgFor(ioc))
	require.NoError(t, err)
	_, err = f.msg.PlaceOrder(ctx, f.msgFor(f.buy(f.dave, 1000, 140_000)))
	require.NoError(t, err)
	require.NoError(t, f.k.EndBlocker(ctx.WithBlockTime(slot.Add(-5*time.Minute))))

	require.Equal(t, []types.CloseReason{types.CloseReason_CANCELLED, types.CloseReason_IOC_REMAINDER, types.CloseReason_GATE_CLOSURE},
		closedReasons(ctx))
}

// A keeper the app did not give its bond denom moves no escrow.
func TestAKeeperWithoutBondDenomRefusesToEscrow(t *testing.T) {
	f := setup(t)
	msg := keeper.NewMsgServerImpl(f.k.WithBondDenom(""))
	cacheCtx, _ := f.ctx.CacheContext()
	_, err := msg.PlaceOrder(cacheCtx, f.msgFor(f.buy(f.bob, 1000, 140_000)))
	require.ErrorContains(t, err, "WithBondDenom")
}
