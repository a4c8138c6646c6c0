package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

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
			o.side = "hold"
			return f.msgFor(o)
		}, types.ErrInvalidOrder},
		{"bad time in force", nil, func(f *fixture) *types.MsgPlaceOrder {
			o := f.buy(f.bob, 1000, 150_000)
			o.tif = "FOK"
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
