package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/internal/moduleutil"
	"github.com/powershare/powershare/x/market/types"
)

// EndBlocker cancels resting orders whose gate has closed and settles as
// undelivered the trades nobody settled by their deadline, each at most
// max_expiries_per_block per block, oldest first; the rest wait for the
// next block. Nothing stays in escrow forever. A queue entry whose order or
// trade is already gone (cancelled, filled, settled, or queued under
// earlier params) is dropped.
func (k Keeper) EndBlocker(ctx context.Context) error {
	p, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	now := sdk.UnwrapSDKContext(ctx).BlockTime().Unix()
	gateKeys, err := moduleutil.DueKeys(ctx, k.GateQueue, now, p.MaxExpiriesPerBlock)
	if err != nil {
		return err
	}
	for _, key := range gateKeys {
		if err := k.GateQueue.Remove(ctx, key); err != nil {
			return err
		}
		k.inCache(ctx, "gate closure", key.K2(), func(ctx context.Context) error {
			o, err := k.Orders.Get(ctx, key.K2())
			if errors.Is(err, collections.ErrNotFound) {
				return nil
			}
			if err != nil {
				return err
			}
			return k.cancelResting(ctx, o, types.CloseReason_GATE_CLOSURE)
		})
	}
	deadlineKeys, err := moduleutil.DueKeys(ctx, k.DeadlineQueue, now, p.MaxExpiriesPerBlock)
	if err != nil {
		return err
	}
	for _, key := range deadlineKeys {
		if err := k.DeadlineQueue.Remove(ctx, key); err != nil {
			return err
		}
		k.inCache(ctx, "settlement deadline", key.K2(), func(ctx context.Context) error {
			t, err := k.GetTrade(ctx, key.K2())
			if err != nil || t.Settled {
				return err
			}
			return k.settle(ctx, t, 0, "")
		})
	}
	return k.prune(ctx, p)
}

// inCache runs one EndBlocker item in a cached context: if it fails, its
// writes are dropped and the failure is logged, and the block goes on. The
// order or trade then stays as it was, for its owner or the grid operator
// to deal with, instead of halting the chain on every block.
func (k Keeper) inCache(ctx context.Context, what string, id uint64, item func(ctx context.Context) error) {
	if err := moduleutil.RunCached(ctx, item); err != nil {
		sdk.UnwrapSDKContext(ctx).Logger().Error("market end-block item failed", "item", what, "id", id, "err", err)
	}
}
