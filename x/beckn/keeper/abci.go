package keeper

import (
	"context"
	"fmt"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/internal/moduleutil"
)

// EndBlocker lapses the pending subscriptions whose time for approval has
// passed, and prunes the orders in a final state whose last change is
// older than order_retention_seconds (none when it is 0); each at most
// max_prunes_per_block per block, oldest first, the rest in the next
// blocks. Each item runs in a cached context: one that fails is logged and
// leaves the state as it was, and the block goes on.
func (k Keeper) EndBlocker(ctx context.Context) error {
	p, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	now := sdk.UnwrapSDKContext(ctx).BlockTime().Unix()
	pending, err := moduleutil.DueKeys(ctx, k.PendingQueue, now, p.MaxPrunesPerBlock)
	if err != nil {
		return err
	}
	for _, key := range pending {
		if err := k.PendingQueue.Remove(ctx, key); err != nil {
			return err
		}
		k.inCache(ctx, "subscription lapse", key.K2(), func(ctx context.Context) error { return k.lapse(ctx, key.K2(), key.K1()) })
	}
	if p.OrderRetentionSeconds == 0 {
		return nil
	}
	final, err := moduleutil.DueKeys(ctx, k.PruneQueue, now-int64(p.OrderRetentionSeconds), p.MaxPrunesPerBlock)
	if err != nil {
		return err
	}
	for _, key := range final {
		if err := k.PruneQueue.Remove(ctx, key); err != nil {
			return err
		}
		k.inCache(ctx, "order pruning", fmt.Sprintf("%s of %s", key.K2().K2(), key.K2().K1()),
			func(ctx context.Context) error { return k.pruneOrder(ctx, key.K2()) })
	}
	return nil
}

// inCache runs one EndBlocker item in a cached context and logs a failure.
func (k Keeper) inCache(ctx context.Context, what, id string, item func(ctx context.Context) error) {
	if err := moduleutil.RunCached(ctx, item); err != nil {
		sdk.UnwrapSDKContext(ctx).Logger().Error("beckn end-block item failed", "item", what, "id", id, "err", err)
	}
}
