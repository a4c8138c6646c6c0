package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/internal/moduleutil"
	"github.com/powershare/powershare/x/market/types"
)

// The market's end-block queues, as named in retry state, events and stuck
// records.
const (
	QueueGateClosure        = "gate_closure"
	QueueSettlementDeadline = "settlement_deadline"
)

// retryBackoffSeconds is the delay before an end-block item's first retry;
// it doubles with every further attempt (moduleutil.MaxItemAttempts).
const retryBackoffSeconds = 60

// EndBlocker cancels resting orders whose gate has closed and settles as
// undelivered the trades nobody settled by their deadline, each at most
// max_expiries_per_block per block, oldest first; the rest wait for the
// next block. Nothing stays in escrow forever. A queue entry whose order or
// trade is already gone (cancelled, filled, settled, or queued under
// earlier params) is dropped. An item that fails or panics changes nothing
// and is retried later, then recorded as stuck (stuck.go).
func (k Keeper) EndBlocker(ctx context.Context) error {
	p, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	now := sdk.UnwrapSDKContext(ctx).BlockTime().Unix()
	if err := k.gateRunner().RunDue(ctx, now, p.MaxExpiriesPerBlock); err != nil {
		return err
	}
	if err := k.deadlineRunner().RunDue(ctx, now, p.MaxExpiriesPerBlock); err != nil {
		return err
	}
	return k.prune(ctx, p) // prune.go
}

// gateRunner cancels an order at its gate closure.
func (k Keeper) gateRunner() moduleutil.QueueRunner[uint64] {
	return k.queueRunner(QueueGateClosure, k.GateQueue, func(ctx context.Context, id uint64) error {
		o, err := k.Orders.Get(ctx, id)
		if errors.Is(err, collections.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		return k.cancelResting(ctx, o, types.CloseReason_GATE_CLOSURE)
	})
}

// deadlineRunner settles an overdue trade as undelivered.
func (k Keeper) deadlineRunner() moduleutil.QueueRunner[uint64] {
	return k.queueRunner(QueueSettlementDeadline, k.DeadlineQueue, func(ctx context.Context, id uint64) error {
		t, err := k.Trades.Get(ctx, id)
		if errors.Is(err, collections.ErrNotFound) {
			return nil
		}
		if err != nil || t.Settled {
			return err
		}
		return k.settle(ctx, t, 0, "")
	})
}

func (k Keeper) queueRunner(name string, queue collections.KeySet[collections.Pair[int64, uint64]],
	run func(ctx context.Context, id uint64) error,
) moduleutil.QueueRunner[uint64] {
	return moduleutil.QueueRunner[uint64]{
		Name: name, Queue: queue, Attempts: k.QueueAttempts, Backoff: retryBackoffSeconds,
		Run: run, OnFailure: func(ctx context.Context, f moduleutil.QueueItemFailure[uint64]) error {
			return k.onItemFailure(ctx, name, f)
		},
	}
}
