package moduleutil

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// MaxItemAttempts is how many times an EndBlocker queue runs one item before
// it gives up on it: the first run and four retries, at 1, 2, 4 and 8 times
// the queue's backoff after each failure. A failure that survives that long
// is not transient; the item is then recorded as stuck for an operator to
// see, and the queue stops spending block time on it.
const MaxItemAttempts = 5

// maxErrorLen bounds the error text a stuck record stores.
const maxErrorLen = 256

// QueueItemFailure is what a queue runner reports to its module when an item
// fails: the module emits its own typed event and, once GaveUp, stores its
// record of the stuck item.
type QueueItemFailure[K any] struct {
	// Key is the item.
	Key K
	// Attempt counts the runs so far, this one included (1 = first run).
	Attempt uint32
	// Err is why it failed; a panic is turned into an error.
	Err error
	// RetryAt is the queue time of the next run; 0 once GaveUp.
	RetryAt int64
	// GaveUp is set on the last allowed attempt: the item left the queue.
	GaveUp bool
}

// ErrorText is the failure's error, cut to a bounded length for state and
// events.
func (f QueueItemFailure[K]) ErrorText() string {
	s := f.Err.Error()
	if len(s) > maxErrorLen {
		s = s[:maxErrorLen]
	}
	return s
}

// QueueRunner drives one time-ordered EndBlocker queue of (time, key) with
// retries. Each block it takes at most its bound of due entries, oldest
// first, and runs each in its own cached context with panic recovery, so one
// bad item neither halts the chain nor writes half its work. A failed item is
// not dropped: it is queued again after a backoff that doubles with every
// attempt, so that it never blocks the items behind it, until
// MaxItemAttempts; then it leaves the queue and the module records it.
type QueueRunner[K any] struct {
	// Name names the queue in logs and in the attempt counts' keys.
	Name string
	// Queue holds the items by due time.
	Queue collections.KeySet[collections.Pair[int64, K]]
	// Attempts counts the failed runs of items still queued, by (Name, key);
	// a module's queues with the same key type share one map.
	Attempts collections.Map[collections.Pair[string, K], uint32]
	// Backoff is the delay before the first retry, in the queue's time unit.
	Backoff int64
	// Run does the work of one item.
	Run func(ctx context.Context, key K) error
	// OnFailure emits the module's event and, when GaveUp, stores its record.
	OnFailure func(ctx context.Context, f QueueItemFailure[K]) error
}

// RunDue runs the items due at now, at most limit of them. Its error is a
// store failure of the queue itself; an item's failure is handled as above.
func (r QueueRunner[K]) RunDue(ctx context.Context, now int64, limit uint32) error {
	due, err := DueKeys(ctx, r.Queue, now, limit)
	if err != nil {
		return err
	}
	for _, entry := range due {
		if err := r.Queue.Remove(ctx, entry); err != nil {
			return err
		}
		key := entry.K2()
		itemErr := RunCached(ctx, func(ctx context.Context) error { return RunRecovered(ctx, key, r.Run) })
		if err := r.settle(ctx, now, key, itemErr); err != nil {
			return err
		}
	}
	return nil
}

// settle records the outcome of one run: a success forgets the item's
// attempts, a failure queues it again or gives up on it.
func (r QueueRunner[K]) settle(ctx context.Context, now int64, key K, itemErr error) error {
	attemptsKey := collections.Join(r.Name, key)
	failed, err := r.Attempts.Get(ctx, attemptsKey)
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return err
	}
	if itemErr == nil {
		if failed == 0 {
			return nil
		}
		return r.Attempts.Remove(ctx, attemptsKey)
	}
	f := QueueItemFailure[K]{Key: key, Attempt: failed + 1, Err: itemErr}
	if f.Attempt >= MaxItemAttempts {
		f.GaveUp = true
		if err := r.Attempts.Remove(ctx, attemptsKey); err != nil {
			return err
		}
	} else {
		f.RetryAt = now + r.Backoff<<(f.Attempt-1)
		if err := r.Attempts.Set(ctx, attemptsKey, f.Attempt); err != nil {
			return err
		}
		if err := r.Queue.Set(ctx, collections.Join(f.RetryAt, key)); err != nil {
			return err
		}
	}
	sdk.UnwrapSDKContext(ctx).Logger().Error("end-block item failed", "queue", r.Name, "key", fmt.Sprint(key),
		"attempt", f.Attempt, "gave_up", f.GaveUp, "err", itemErr)
	return r.OnFailure(ctx, f)
}

// RunRecovered runs one EndBlocker item and turns a panic into an error,
// logging the stack: a panic in an EndBlocker would otherwise stop every node
// at once. Only for EndBlocker work, whose gas is not metered: in a
// transaction an out-of-gas panic must reach baseapp.
func RunRecovered[K any](ctx context.Context, key K, run func(ctx context.Context, key K) error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			sdk.UnwrapSDKContext(ctx).Logger().Error("end-block item panicked", "key", fmt.Sprint(key),
				"panic", p, "stack", string(debug.Stack()))
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return run(ctx, key)
}
