package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/app/params"
	"github.com/powershare/powershare/x/market/types"
)

// afterSlot is a block time after the slot ended.
var afterSlot = slot.Add(20 * time.Minute)

// renewableTrade makes alice sell 3,000 Wh renewable at 150 upwc/Wh to bob
// and returns the trade id.
func (f *fixture) renewableTrade(t *testing.T) uint64 {
	t.Helper()
	f.place(t, f.sell(f.alice, "alice-solar", 3000, 150_000, true))
	res := f.place(t, f.buy(f.bob, 3000, 150_000))
	require.Len(t, res.TradeIds, 1)
	return res.TradeIds[0]
}

func TestSettlement(t *testing.T) {
	// The trade: payment 450,000 upwc, collateral 45,000 upwc, 3,000,000 uec.
	cases := []struct {
		name                                       string
		delivered                                  uint64
		sellerUpwc, buyerUpwc, sellerUec, buyerUec int64
	}{
		// seller: paid for delivery + collateral back - penalty; buyer: refund + penalty.
		{"full delivery", 3000, 450_000 + 45_000, 0, 0, 3_000_000},
		{"partial: 2,500 of 3,000 Wh", 2500, 375_000 + 45_000 - 7_500, 75_000 + 7_500, 500_000, 2_500_000},
		{"nothing delivered", 0, 0, 450_000 + 45_000, 3_000_000, 0},
		{"over-delivery counts as the traded amount", 9999, 450_000 + 45_000, 0, 0, 3_000_000},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			id := f.renewableTrade(t)
			before := f.bank.snapshot()
			ctx := f.ctx.WithBlockTime(afterSlot)
			_, err := f.msg.SettleTrades(ctx, &types.MsgSettleTrades{Signer: f.gridop,
				Settlements: []types.Settlement{{TradeId: id, DeliveredWh: tc.delivered}}})
			require.NoError(t, err)

			gained := func(who, denom string) int64 {
				a := f.addr(t, who)
				return f.bank.balances[string(a)].AmountOf(denom).Sub(before[string(a)].AmountOf(denom)).Int64()
			}
			require.Equal(t, tc.sellerUpwc, gained(f.alice, params.BondDenom), "seller upwc")
			require.Equal(t, tc.buyerUpwc, gained(f.bob, params.BondDenom), "buyer upwc")
			require.Equal(t, tc.sellerUec, gained(f.alice, params.EnergyCreditDenom), "seller uec")
			require.Equal(t, tc.buyerUec, gained(f.bob, params.EnergyCreditDenom), "buyer uec")
			require.True(t, f.bank.balances[string(marketAddr)].IsZero(), "nothing left in escrow")
			tr, err := f.k.GetTrade(ctx, id)
			require.NoError(t, err)
			require.True(t, tr.Settled)
			require.Equal(t, min(tc.delivered, 3000), tr.DeliveredWh)
		})
	}
}

func TestSettlementRejections(t *testing.T) {
	f := setup(t)
	id := f.renewableTrade(t)
	settle := func(ctx sdk.Context, signer string, s ...types.Settlement) error {
		_, err := f.msg.SettleTrades(ctx, &types.MsgSettleTrades{Signer: signer, Settlements: s})
		return err
	}
	one := types.Settlement{TradeId: id, DeliveredWh: 3000}
	require.ErrorIs(t, settle(f.ctx, f.gridop, one), types.ErrSlotNotOver, "not before the slot ends")
	require.ErrorIs(t, settle(f.ctx.WithBlockTime(afterSlot), f.alice, one), types.ErrUnauthorized, "wrong role")
	require.ErrorIs(t, settle(f.ctx.WithBlockTime(afterSlot), f.gridop, types.Settlement{TradeId: 99}), types.ErrUnknownTrade)
	require.ErrorIs(t, settle(f.ctx.WithBlockTime(afterSlot), f.gridop), types.ErrInvalidOrder, "no settlements")
	require.NoError(t, settle(f.ctx.WithBlockTime(afterSlot), f.gridop, one))
	require.ErrorIs(t, settle(f.ctx.WithBlockTime(afterSlot), f.gridop, one), types.ErrAlreadySettled, "replay")
}

func TestEndBlockerClosesGatesAndSettlesOverdueTrades(t *testing.T) {
	f := setup(t)
	id := f.renewableTrade(t)
	resting := f.place(t, f.buy(f.dave, 1000, 140_000))
	daveBefore := f.balance(t, f.dave, params.BondDenom)

	// At gate closure the resting order is cancelled and refunded.
	require.NoError(t, f.k.EndBlocker(f.ctx.WithBlockTime(slot.Add(-5*time.Minute))))
	_, err := f.k.Orders.Get(f.ctx, resting.OrderId)
	require.Error(t, err)
	require.Equal(t, daveBefore.Add(sdkmath.NewInt(140_000)), f.balance(t, f.dave, params.BondDenom))

	// Nobody settles: at the deadline the trade settles as undelivered.
	p := types.DefaultParams()
	require.NoError(t, f.k.EndBlocker(f.ctx.WithBlockTime(p.SettlementDeadline(slot).Add(-time.Second))))
	tr, err := f.k.GetTrade(f.ctx, id)
	require.NoError(t, err)
	require.False(t, tr.Settled, "not before the deadline")
	require.NoError(t, f.k.EndBlocker(f.ctx.WithBlockTime(p.SettlementDeadline(slot))))
	tr, err = f.k.GetTrade(f.ctx, id)
	require.NoError(t, err)
	require.True(t, tr.Settled)
	require.Zero(t, tr.DeliveredWh)
	require.True(t, f.bank.balances[string(marketAddr)].IsZero(), "nothing is left in escrow forever")
}

func TestGenesisRoundTrip(t *testing.T) {
	f := setup(t)
	f.renewableTrade(t)
	f.place(t, f.buy(f.dave, 1000, 140_000))
	f.place(t, f.sell(f.carol, "carol-grid", 700, 160_000, false))
	exported, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.NoError(t, exported.Validate(f.ac))

	fresh := setup(t)
	require.NoError(t, fresh.k.InitGenesis(fresh.ctx, *exported))
	again, err := fresh.k.ExportGenesis(fresh.ctx)
	require.NoError(t, err)
	require.Equal(t, exported, again)
	require.Equal(t, f.book(t), fresh.book(t), "the books are rebuilt")
	// The rebuilt book matches as the original would.
	res := fresh.place(t, fresh.buy(fresh.bob, 700, 160_000))
	require.Len(t, res.TradeIds, 1)
}
