package keeper_test

import (
	"fmt"
	"math/rand"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/powershare/powershare/x/market/types"
)

// TestRandomSequencesKeepEscrowExact runs thousands of random placements
// (both sides, all times in force, renewable or not, valid and invalid),
// bilateral trades, cancellations, settlements and end blocks with fixed
// seeds. After every
// step: the market account holds exactly the open escrow, no coin was
// created or destroyed, and no matchable pair of orders is left crossed.
func TestRandomSequencesKeepEscrowExact(t *testing.T) {
	for _, seed := range []int64{1, 2, 3} {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			f := setup(t)
			rng := rand.New(rand.NewSource(seed))
			total := f.total()
			clock := now
			var orderIDs, tradeIDs []uint64
			sellers := []struct{ owner, meter string }{{f.alice, "alice-solar"}, {f.carol, "carol-grid"}, {f.carol, "carol-solar"}, {f.alice, "alice-small"}}
			buyers := []string{f.bob, f.dave, f.alice}
			tifs := []types.TimeInForce{types.TimeInForce_GTC, types.TimeInForce_GTC, types.TimeInForce_IOC, types.TimeInForce_POST_ONLY}
			trades, placed := 0, 0

			for step := range 2000 {
				ctx := f.ctx.WithBlockTime(clock)
				cacheCtx, write := ctx.CacheContext()
				var err error
				switch r := rng.Intn(11); {
				case r < 7: // place
					o := order{wh: uint64(100 + rng.Intn(3000)), price: uint64(140+rng.Intn(21)) * 1000, tif: tifs[rng.Intn(len(tifs))]}
					if rng.Intn(2) == 0 {
						s := sellers[rng.Intn(len(sellers))]
						o.owner, o.side, o.meter, o.renewable = s.owner, types.Side_SELL, s.meter, rng.Intn(2) == 0
					} else {
						o.owner, o.side = buyers[rng.Intn(len(buyers))], types.Side_BUY
						if rng.Intn(3) == 0 {
							o.minRenew = 100
						}
					}
					var res *types.MsgPlaceOrderResponse
					if res, err = f.msg.PlaceOrder(cacheCtx, f.msgFor(o)); err == nil {
						orderIDs = append(orderIDs, res.OrderId)
						tradeIDs = append(tradeIDs, res.TradeIds...)
						trades += len(res.TradeIds)
						placed++
					}
				case r < 8 && len(orderIDs) > 0: // cancel (maybe someone else's, maybe gone)
					id := orderIDs[rng.Intn(len(orderIDs))]
					_, err = f.msg.CancelOrder(cacheCtx, &types.MsgCancelOrder{Owner: buyers[rng.Intn(len(buyers))], OrderId: id})
				case r < 9 && len(tradeIDs) > 0: // settle after the slot
					settleCtx, settleWrite := ctx.WithBlockTime(afterSlot).CacheContext()
					_, err = f.msg.SettleTrades(settleCtx, &types.MsgSettleTrades{Signer: f.gridop,
						Settlements: []types.Settlement{{TradeId: tradeIDs[rng.Intn(len(tradeIDs))], DeliveredWh: uint64(rng.Intn(4000))}}})
					if err == nil {
						settleWrite()
					}
				case r == 10: // a trade agreed off the book (a settled Beckn order)
					s := sellers[rng.Intn(len(sellers))]
					var id uint64
					if id, err = f.k.OpenBilateralTrade(cacheCtx, types.BilateralTrade{
						Buyer: buyers[rng.Intn(len(buyers))], Seller: s.owner, MeterID: s.meter, Zone: zone,
						SlotStart: slot, SlotEnd: slot.Add(types.DefaultParams().Slot()), QuantityWh: uint64(100 + rng.Intn(3000)),
						Price: uint64(140+rng.Intn(21)) * 1000, Renewable: rng.Intn(2) == 0, ExternalRef: "beckn:random",
					}); err == nil {
						tradeIDs = append(tradeIDs, id)
					}
				default: // time passes a little; end of block
					clock = clock.Add(time.Duration(rng.Intn(3)) * time.Second)
					err = f.k.EndBlocker(cacheCtx)
				}
				if err == nil {
					write()
				}
				f.requireEscrowInvariant(t)
				require.Equal(t, total, f.total(), "step %d: coins created or destroyed", step)
				f.requireNotCrossed(t)
			}
			require.Greater(t, trades, 100, "the sequence traded")
			require.Greater(t, placed, 500)

			// Past the gate and the deadline, everything leaves escrow.
			require.NoError(t, f.k.EndBlocker(f.ctx.WithBlockTime(slot)))
			for range 20 {
				require.NoError(t, f.k.EndBlocker(f.ctx.WithBlockTime(types.DefaultParams().SettlementDeadline(slot))))
			}
			require.True(t, f.escrowHeld(f.ctx).IsZero(), "escrow left: %s", f.escrowHeld(f.ctx))
		})
	}
}

// requireNotCrossed: no resting buy could trade with a resting sell it is
// allowed to match.
func (f *fixture) requireNotCrossed(t *testing.T) {
	t.Helper()
	orders, err := f.k.Orders.Iterate(f.ctx, nil)
	require.NoError(t, err)
	all, err := orders.Values()
	require.NoError(t, err)
	for _, b := range all {
		if b.Side != types.Side_BUY {
			continue
		}
		for _, s := range all {
			if s.Side != types.Side_SELL || s.Price > b.Price || (b.MinRenewablePct > 0 && !s.Renewable) {
				continue
			}
			require.Equal(t, b.Owner, s.Owner, "buy %d at %d and sell %d at %d are left crossed", b.Id, b.Price, s.Id, s.Price)
		}
	}
}
