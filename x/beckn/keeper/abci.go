package keeper

import (
	"context"
	"fmt"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/internal/moduleutil"
)

// EndBlocker lapses the pending subscriptions whose time for approval has
// passed, and prunes the orders in a final state whose last change is
// older than order_retention_seconds (none when it is 0); each at most
// max_prunes_per_block per block, oldest first, the rest in the next
// blocks. Each item runs in a cached context with panic recovery: one that
// fails or panics is logged, leaves the state as it was and is queued again
// retryDelay later (issue 11, finding 7), and the block goes on.
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
		if k.failed(ctx, "subscription lapse", key.K2(), func(ctx context.Context) error { return k.lapse(ctx, key.K2(), key.K1()) }) {
			if err := k.PendingQueue.Set(ctx, collections.Join(now+retryDelay, key.K2())); err != nil {
				return err
			}
		}
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
		if k.failed(ctx, "order pruning", fmt.Sprintf("%s of %s", key.K2().K2(), key.K2().K1()),
			func(ctx context.Context) error { return k.pruneOrder(ctx, key.K2()) }) {
			if err := k.PruneQueue.Set(ctx, collections.Join(key.K1()+retryDelay, key.K2())); err != nil {
				return err
			}
		}
	}
	return nil
}

// retryDelay is how long a failed lapse or pruning waits before it runs
// again. Both are housekeeping that nothing else waits on, so they are
// retried for as long as they fail (a log line each time) rather than given
// up on; the per-block bound still holds.
const retryDelay = 600

// failed runs one EndBlocker item in a cached context with panic recovery,
// and logs and reports a failure.
func (k Keeper) failed(ctx context.Context, what, id string, item func(ctx context.Context) error) bool {
	err := moduleutil.RunCached(ctx, func(ctx context.Context) error {
		return moduleutil.RunRecovered(ctx, id, func(ctx context.Context, _ string) error { return item(ctx) })
	})
	if err != nil {
		sdk.UnwrapSDKContext(ctx).Logger().Error("beckn end-block item failed", "item", what, "id", id, "err", err)
	}
	return err != nil
}
