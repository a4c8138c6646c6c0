package keeper_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

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
			before := f.snapshot(t)
			ctx := f.ctx.WithBlockTime(afterSlot)
			_, err := f.msg.SettleTrades(ctx, &types.MsgSettleTrades{Signer: f.gridop,
				Settlements: []types.Settlement{{TradeId: id, DeliveredWh: tc.delivered}}})
			require.NoError(t, err)

			gained := func(who, denom string) int64 {
				return f.balance(t, who, denom).Sub(before[who].AmountOf(denom)).Int64()
			}
			require.Equal(t, tc.sellerUpwc, gained(f.alice, bondDenom), "seller upwc")
			require.Equal(t, tc.buyerUpwc, gained(f.bob, bondDenom), "buyer upwc")
			require.Equal(t, tc.sellerUec, gained(f.alice, ecDenom), "seller uec")
			require.Equal(t, tc.buyerUec, gained(f.bob, ecDenom), "buyer uec")
			require.True(t, f.escrowHeld(f.ctx).IsZero(), "nothing left in escrow")
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

func TestAPartyCannotSettleItsOwnTrade(t *testing.T) {
	// bob buys and is also a grid operator: he may not settle his own trade.
	f := setupWithGridops(t, func(f *fixture) []string { return []string{f.gridop, f.bob} })
	id := f.renewableTrade(t)
	_, err := f.msg.SettleTrades(f.ctx.WithBlockTime(afterSlot),
		&types.MsgSettleTrades{Signer: f.bob, Settlements: []types.Settlement{{TradeId: id}}})
	require.ErrorIs(t, err, types.ErrUnauthorized)
	require.ErrorContains(t, err, "is a party")
}

func TestSettleTradesRefusesRepeatsAndOversizedBatches(t *testing.T) {
	f := setup(t)
	id := f.renewableTrade(t)
	ctx := f.ctx.WithBlockTime(afterSlot)
	one := types.Settlement{TradeId: id, DeliveredWh: 3000}

	// The same trade twice in one message: the second is a replay.
	cacheCtx, _ := ctx.CacheContext()
	_, err := f.msg.SettleTrades(cacheCtx, &types.MsgSettleTrades{Signer: f.gridop, Settlements: []types.Settlement{one, one}})
	require.ErrorIs(t, err, types.ErrAlreadySettled)

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
	f.requireEscrowInvariant(t)
}
