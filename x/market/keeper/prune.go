package keeper

import (
	"context"
	"errors"
	"time"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/internal/moduleutil"
	"github.com/powershare/powershare/x/market/types"
)

// prune removes settled history once it is old enough, at most
// max_prunes_per_block items a block, oldest first: the settled trades whose
// slot ended retention_seconds ago (with their indexes), then the markets
// past their slot that nothing refers to any more (with their statistics).
// Each pruned record leaves in an event, so an indexer keeps it.
func (k Keeper) prune(ctx context.Context, p types.Params) error {
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	trades, err := moduleutil.DueKeys(ctx, k.PruneQueue, now.Add(-p.Retention()).Unix(), p.MaxPrunesPerBlock)
	if err != nil {
		return err
	}
	for _, key := range trades {
		pruneItem(ctx, "trade", key.K2(), func(ctx context.Context) error { return k.pruneTrade(ctx, key) })
	}
	budget := p.MaxPrunesPerBlock - uint32(len(trades))
	if budget == 0 {
		return nil
	}
	markets, err := moduleutil.DueKeys(ctx, k.MarketQueue, now.Add(-p.Slot()).Unix(), budget)
	if err != nil {
		return err
	}
	for _, key := range markets {
		pruneItem(ctx, "market "+key.K2(), uint64(key.K1()), func(ctx context.Context) error {
			return k.removeMarket(ctx, key.K2(), unixTime(key.K1()))
		})
	}
	return nil
}

// pruneItem runs one pruning in a cached context: a failure is logged and
// its writes dropped, its queue entry with them, so it is tried again next
// block; pruning never halts the chain.
func pruneItem(ctx context.Context, what string, id uint64, item func(ctx context.Context) error) {
	if err := moduleutil.RunCached(ctx, item); err != nil {
		sdk.UnwrapSDKContext(ctx).Logger().Error("market pruning failed", "item", what, "id", id, "err", err)
	}
}

// pruneTrade removes a settled trade, its indexes and its queue entry, and
// then its market if it was the market's last trade.
func (k Keeper) pruneTrade(ctx context.Context, key collections.Pair[int64, uint64]) error {
	if err := k.PruneQueue.Remove(ctx, key); err != nil {
		return err
	}
	t, err := k.Trades.Get(ctx, key.K2())
	if errors.Is(err, collections.ErrNotFound) {
		return nil
	}
	if err != nil || !t.Settled {
		return err
	}
	if err := k.Trades.Remove(ctx, t.Id); err != nil {
		return err
	}
	for _, party := range []string{t.Buyer, t.Seller} {
		addr, err := moduleutil.ParseAddress(k.addressCodec, types.ErrInvalidAddress, "party", party)
		if err != nil {
			return err
		}
		if err := k.TradesByParty.Remove(ctx, collections.Join(addr, t.Id)); err != nil {
			return err
		}
	}
	if err := sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventTradePruned{Trade: t}); err != nil {
		return err
	}
	return k.removeMarket(ctx, t.Zone, t.SlotStart)
}

// removeMarket removes a market past its slot, with its statistics and its
// queue entry, if no resting order and no trade refers to it. A market with
// trades leaves the queue and is removed with its last pruned trade; one
// with resting orders (its gate closures still queued) stays queued.
func (k Keeper) removeMarket(ctx context.Context, zone string, slot time.Time) error {
	if resting, err := k.hasRestingOrders(ctx, zone, slot); err != nil || resting {
		return err
	}
	queueKey := collections.Join(slot.Unix(), zone)
	if err := k.MarketQueue.Remove(ctx, queueKey); err != nil {
		return err
	}
	if traded, err := k.hasTrades(ctx, zone, slot); err != nil || traded {
		return err
	}
	key := marketKey(zone, slot)
	if listed, err := k.Markets.Has(ctx, key); err != nil || !listed {
		return err
	}
	if err := k.Markets.Remove(ctx, key); err != nil {
		return err
	}
	ev := &types.EventMarketRemoved{Zone: zone, SlotStart: slot}
	stats, err := k.Stats.Get(ctx, key)
	switch {
	case err == nil:
		ev.Stats = &stats
		if err := k.Stats.Remove(ctx, key); err != nil {
			return err
		}
	case !errors.Is(err, collections.ErrNotFound):
		return err
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(ev)
}

// hasRestingOrders reports whether any book of a market holds an order:
// one seek.
func (k Keeper) hasRestingOrders(ctx context.Context, zone string, slot time.Time) (bool, error) {
	prefix := bookPrefix(zone, slot, 0)
	iter, err := k.Book.Iterate(ctx, new(collections.Range[[]byte]).Prefix(prefix[:len(prefix)-1]))
	if err != nil {
		return false, err
	}
	defer iter.Close()
	return iter.Valid(), nil
}

// hasTrades reports whether a market has a trade left: one seek.
func (k Keeper) hasTrades(ctx context.Context, zone string, slot time.Time) (bool, error) {
	iter, err := k.Trades.Indexes.ByMarket.MatchExact(ctx, marketKey(zone, slot))
	if err != nil {
		return false, err
	}
	defer iter.Close()
	return iter.Valid(), nil
}
