package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/market/keeper"
	"github.com/powershare/powershare/x/market/types"
)

// storeBytes sums the bytes of every key and value in the market's store.
func (f *fixture) storeBytes(t *testing.T, ctx sdk.Context) int {
	t.Helper()
	iter := ctx.KVStore(f.storeKey).Iterator(nil, nil)
	defer iter.Close()
	n := 0
	for ; iter.Valid(); iter.Next() {
		n += len(iter.Key()) + len(iter.Value())
	}
	return n
}

// events lists the types of the events emitted in ctx.
func eventTypes(ctx sdk.Context) []string {
	var out []string
	for _, e := range ctx.EventManager().Events() {
		out = append(out, e.Type)
	}
	return out
}

// TestPruneSettledTrades: finding 6 of issue 11. A settled trade, its
// indexes, its market and the market's statistics leave the state
// retention_seconds after the slot, each with an event carrying the record,
// and a trade leaves no byte behind; an unsettled trade is never pruned.
func TestPruneSettledTrades(t *testing.T) {
	f := setup(t)
	baseline := f.storeBytes(t, f.ctx)
	id := f.renewableTrade(t)
	open := f.storeBytes(t, f.ctx)
	p := types.DefaultParams()
	end := slot.Add(p.Slot())

	// Unsettled after its slot: the trade and its market are kept.
	require.NoError(t, f.k.EndBlocker(f.ctx.WithBlockTime(end)))
	_, err := f.k.GetTrade(f.ctx, id)
	require.NoError(t, err)

	_, err = f.msg.SettleTrades(f.ctx.WithBlockTime(afterSlot), &types.MsgSettleTrades{Signer: f.gridop,
		Settlements: []types.Settlement{{TradeId: id, DeliveredWh: 3000}}})
	require.NoError(t, err)
	settled := f.storeBytes(t, f.ctx)

	// Not before its retention is over.
	require.NoError(t, f.k.EndBlocker(f.ctx.WithBlockTime(end.Add(p.Retention()-time.Second))))
	_, err = f.k.GetTrade(f.ctx, id)
	require.NoError(t, err)

	ctx := f.ctx.WithBlockTime(end.Add(p.Retention())).WithEventManager(sdk.NewEventManager())
	require.NoError(t, f.k.EndBlocker(ctx))
	_, err = f.k.GetTrade(f.ctx, id)
	require.ErrorIs(t, err, types.ErrUnknownTrade)
	require.Equal(t, []string{"powershare.market.v1.EventTradePruned", "powershare.market.v1.EventMarketRemoved"}, eventTypes(ctx))
	byOwner, err := f.query.TradesByOwner(f.ctx, &types.QueryTradesByOwnerRequest{Owner: f.bob})
	require.NoError(t, err)
	require.Empty(t, byOwner.Trades)
	stats, err := f.query.Stats(f.ctx, &types.QueryStatsRequest{Zone: zone})
	require.NoError(t, err)
	require.Empty(t, stats.Stats)
	listed, err := f.k.Markets.Has(f.ctx, keeper.MarketKeyOf(zone, slot))
	require.NoError(t, err)
	require.False(t, listed)

	pruned := f.storeBytes(t, f.ctx)
	t.Logf("market store bytes: %d empty, %d with the trade open, %d once settled, %d after pruning; "+
		"a settled trade leaves %d bytes before pruning, %d after", baseline, open, settled, pruned,
		settled-baseline, pruned-baseline)
	require.Equal(t, baseline, pruned, "a pruned trade leaves nothing behind but the id sequences")
}

// TestPruningIsBoundedPerBlock: finding 6 of issue 11. At most
// max_prunes_per_block trades leave per block; the rest wait.
func TestPruningIsBoundedPerBlock(t *testing.T) {
	f := setup(t)
	p := types.DefaultParams()
	p.MaxPrunesPerBlock = 1
	require.NoError(t, f.k.Params.Set(f.ctx, p))
	a, b := f.renewableTrade(t), f.renewableTrade(t)
	_, err := f.msg.SettleTrades(f.ctx.WithBlockTime(afterSlot), &types.MsgSettleTrades{Signer: f.gridop,
		Settlements: []types.Settlement{{TradeId: a, DeliveredWh: 1}, {TradeId: b, DeliveredWh: 2}}})
	require.NoError(t, err)

	late := slot.Add(p.Slot()).Add(p.Retention())
	require.NoError(t, f.k.EndBlocker(f.ctx.WithBlockTime(late)))
	_, err = f.k.GetTrade(f.ctx, a)
	require.ErrorIs(t, err, types.ErrUnknownTrade, "the older first")
	_, err = f.k.GetTrade(f.ctx, b)
	require.NoError(t, err, "one a block")
	listed, err := f.k.Markets.Has(f.ctx, keeper.MarketKeyOf(zone, slot))
	require.NoError(t, err)
	require.True(t, listed, "the market keeps its statistics while a trade is left")

	require.NoError(t, f.k.EndBlocker(f.ctx.WithBlockTime(late)))
	_, err = f.k.GetTrade(f.ctx, b)
	require.ErrorIs(t, err, types.ErrUnknownTrade)
	listed, err = f.k.Markets.Has(f.ctx, keeper.MarketKeyOf(zone, slot))
	require.NoError(t, err)
	require.False(t, listed)
}

// TestEmptyMarketRemovedAfterItsSlot: finding 6 of issue 11. A market whose
// orders all left without trading is removed once its slot is over, with an
// event; it is kept while an order rests in it.
func TestEmptyMarketRemovedAfterItsSlot(t *testing.T) {
	f := setup(t)
	baseline := f.storeBytes(t, f.ctx)
	res := f.place(t, f.buy(f.bob, 1000, 100_000))
	end := slot.Add(types.DefaultParams().Slot())

	_, err := f.msg.CancelOrder(f.ctx, &types.MsgCancelOrder{Owner: f.bob, OrderId: res.OrderId})
	require.NoError(t, err)
	listed, err := f.k.Markets.Has(f.ctx, keeper.MarketKeyOf(zone, slot))
	require.NoError(t, err)
	require.True(t, listed, "listed until its slot is over")
	require.NoError(t, f.k.EndBlocker(f.ctx.WithBlockTime(end.Add(-time.Second))))
	listed, err = f.k.Markets.Has(f.ctx, keeper.MarketKeyOf(zone, slot))
	require.NoError(t, err)
	require.True(t, listed, "listed until its slot is over")

	ctx := f.ctx.WithBlockTime(end).WithEventManager(sdk.NewEventManager())
	require.NoError(t, f.k.EndBlocker(ctx))
	listed, err = f.k.Markets.Has(f.ctx, keeper.MarketKeyOf(zone, slot))
	require.NoError(t, err)
	require.False(t, listed)
	require.Contains(t, eventTypes(ctx), "powershare.market.v1.EventMarketRemoved")
	require.Equal(t, baseline, f.storeBytes(t, f.ctx), "nothing of the market is left")
}
