package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"
	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/market/keeper"
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

// endBlockEvents returns the typed events of type T emitted on ctx.
func endBlockEvents[T any](t *testing.T, ctx sdk.Context) []T {
	t.Helper()
	var out []T
	for _, e := range ctx.EventManager().ABCIEvents() {
		msg, err := sdk.ParseTypedEvent(e)
		if err != nil {
			continue
		}
		if ev, ok := msg.(T); ok {
			out = append(out, ev)
		}
	}
	return out
}

// Findings 5 and 7 of issue 11: a trade whose settlement panics (a negative
// EC amount, as a bad genesis could load) neither halts the block nor is
// dropped. It stays queued and is retried with a doubling backoff while
// other items go on; after moduleutil.MaxItemAttempts it is recorded as
// stuck, queryable, with an event for every failure and for giving up.
func TestEndBlockerRetriesAPanickingSettlementThenRecordsItStuck(t *testing.T) {
	f := setup(t)
	bad := f.renewableTrade(t)
	good := f.place(t, f.buy(f.dave, 1000, 140_000)).OrderId // rests; its gate closes before the deadline
	tr, err := f.k.GetTrade(f.ctx, bad)
	require.NoError(t, err)
	tr.EcUec = sdkmath.NewInt(-1) // settle would pay out a negative amount: sdk.NewCoin panics
	require.NoError(t, f.k.Trades.Set(f.ctx, bad, tr))
	escrow := f.escrowHeld(f.ctx)
	deadline := types.DefaultParams().SettlementDeadline(slot)

	// ACT: the block at the deadline.
	ctx := f.ctx.WithBlockTime(deadline).WithEventManager(sdk.NewEventManager())
	require.NoError(t, f.k.EndBlocker(ctx), "the panic is recovered: the block goes on")

	// ASSERT: the gate item ran; the trade is unchanged and queued again a minute later.
	_, err = f.k.Orders.Get(ctx, good)
	require.Error(t, err, "the resting order was cancelled at its gate in the same block")
	after, err := f.k.GetTrade(ctx, bad)
	require.NoError(t, err)
	require.Equal(t, tr, after)
	has, err := f.k.DeadlineQueue.Has(ctx, collections.Join(deadline.Unix()+60, bad))
	require.NoError(t, err)
	require.True(t, has, "the failed item stays queued, after a backoff")
	failed := endBlockEvents[*types.EventEndBlockItemFailed](t, ctx)
	require.Len(t, failed, 1)
	require.Equal(t, keeper.QueueSettlementDeadline, failed[0].Queue)
	require.Equal(t, bad, failed[0].Id)
	require.Contains(t, failed[0].Error, "panic: ")
	require.True(t, escrow.Sub(f.escrowHeld(ctx)...).IsAllLTE(sdk.NewCoins(sdk.NewInt64Coin(bondDenom, 140_000))),
		"nothing of the trade's escrow moved")

	// Retries at +60, +120, +240, +480 s; the last gives up.
	at := deadline
	for _, wait := range []int64{60, 120, 240, 480} {
		at = at.Add(time.Duration(wait) * time.Second)
		ctx = f.ctx.WithBlockTime(at).WithEventManager(sdk.NewEventManager())
		require.NoError(t, f.k.EndBlocker(ctx))
	}
	stuck := endBlockEvents[*types.EventEndBlockItemStuck](t, ctx)
	require.Len(t, stuck, 1)
	require.Equal(t, uint32(5), stuck[0].Item.Attempts)
	res, err := keeper.NewQueryServerImpl(f.k).StuckItems(ctx, &types.QueryStuckItemsRequest{})
	require.NoError(t, err)
	require.Equal(t, []types.StuckItem{stuck[0].Item}, res.Items)
	require.Equal(t, keeper.QueueSettlementDeadline, res.Items[0].Queue)
	require.Equal(t, bad, res.Items[0].Id)
	iter, err := f.k.DeadlineQueue.Iterate(ctx, nil)
	require.NoError(t, err)
	queued, err := iter.Keys()
	require.NoError(t, err)
	require.Empty(t, queued, "given up: no more block time is spent on it")
}
