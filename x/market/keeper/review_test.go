package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	"github.com/powershare/powershare/app/params"
	"github.com/powershare/powershare/x/market/types"
)

func TestACollateralChangeNeverTouchesRestingOrders(t *testing.T) {
	f := setup(t)
	res := f.place(t, f.sell(f.carol, "carol-grid", 1000, 100_000, false)) // 10,000 collateral at 10%
	p := types.DefaultParams()
	p.CollateralBps = 5_000
	_, err := f.msg.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: p})
	require.NoError(t, err)

	fill := f.place(t, f.buy(f.bob, 100, 100_000))
	tr, err := f.k.GetTrade(f.ctx, fill.TradeIds[0])
	require.NoError(t, err)
	require.Equal(t, sdkmath.NewInt(1_000), tr.CollateralUpwc, "10% of the 10,000 notional, as escrowed")
	o, err := f.k.Orders.Get(f.ctx, res.OrderId)
	require.NoError(t, err)
	require.Equal(t, sdkmath.NewInt(9_000), o.CollateralUpwc)
	f.requireEscrowInvariant(t, f.ctx)

	carol := f.balance(t, f.carol, params.BondDenom)
	_, err = f.msg.CancelOrder(f.ctx, &types.MsgCancelOrder{Owner: f.carol, OrderId: res.OrderId})
	require.NoError(t, err)
	require.Equal(t, carol.AddRaw(9_000), f.balance(t, f.carol, params.BondDenom), "exactly her own collateral back")
	f.requireEscrowInvariant(t, f.ctx)
}

func TestATakerSellTopsUpItsCollateralToTheTradePrice(t *testing.T) {
	f := setup(t)
	f.place(t, f.buy(f.bob, 1000, 200_000))
	carol := f.balance(t, f.carol, params.BondDenom)
	res := f.place(t, f.sell(f.carol, "carol-grid", 1000, 100_000, false))
	tr, err := f.k.GetTrade(f.ctx, res.TradeIds[0])
	require.NoError(t, err)
	require.Equal(t, uint64(200_000), tr.Price)
	require.Equal(t, sdkmath.NewInt(20_000), tr.CollateralUpwc, "10% of the 200,000 she is paid, not of her 100,000 limit")
	require.Equal(t, carol.SubRaw(20_000), f.balance(t, f.carol, params.BondDenom))
	f.requireEscrowInvariant(t, f.ctx)
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

func TestSlotsTooFarAheadAreRefused(t *testing.T) {
	f := setup(t)
	m := f.msgFor(f.buy(f.bob, 1000, 150_000))
	m.SlotStart = now.Add(8 * 24 * time.Hour).Truncate(15 * time.Minute)
	_, err := f.msg.PlaceOrder(f.ctx, m)
	require.ErrorIs(t, err, types.ErrInvalidOrder)
	require.ErrorContains(t, err, "ahead")
}
