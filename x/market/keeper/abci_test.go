package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	"github.com/powershare/powershare/x/market/types"
)

func TestEndBlockerClosesGatesAndSettlesOverdueTrades(t *testing.T) {
	f := setup(t)
	id := f.renewableTrade(t)
	resting := f.place(t, f.buy(f.dave, 1000, 140_000))
	daveBefore := f.balance(t, f.dave, bondDenom)

	// At gate closure the resting order is cancelled and refunded.
	require.NoError(t, f.k.EndBlocker(f.ctx.WithBlockTime(slot.Add(-5*time.Minute))))
	_, err := f.k.Orders.Get(f.ctx, resting.OrderId)
	require.Error(t, err)
	require.Equal(t, daveBefore.Add(sdkmath.NewInt(140_000)), f.balance(t, f.dave, bondDenom))

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
	require.True(t, f.escrowHeld(f.ctx).IsZero(), "nothing is left in escrow forever")
}
