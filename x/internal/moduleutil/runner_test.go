package moduleutil_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"

	"github.com/cosmos/cosmos-sdk/runtime"
	"github.com/cosmos/cosmos-sdk/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/internal/moduleutil"
)

type runnerFixture struct {
	ctx      sdk.Context
	queue    collections.KeySet[collections.Pair[int64, uint64]]
	attempts collections.Map[collections.Pair[string, uint64], uint32]
	done     collections.KeySet[uint64]
	failures []moduleutil.QueueItemFailure[uint64]
}

func newRunnerFixture(t *testing.T) *runnerFixture {
	key := storetypes.NewKVStoreKey("runner")
	ctx := testutil.DefaultContextWithDB(t, key, storetypes.NewTransientStoreKey("transient_runner")).Ctx
	sb := collections.NewSchemaBuilder(runtime.NewKVStoreService(key))
	f := &runnerFixture{
		ctx:      ctx,
		queue:    collections.NewKeySet(sb, collections.NewPrefix(0), "queue", collections.PairKeyCodec(collections.Int64Key, collections.Uint64Key)),
		attempts: collections.NewMap(sb, collections.NewPrefix(1), "attempts", collections.PairKeyCodec(collections.StringKey, collections.Uint64Key), collections.Uint32Value),
		done:     collections.NewKeySet(sb, collections.NewPrefix(2), "done", collections.Uint64Key),
	}
	_, err := sb.Build()
	require.NoError(t, err)
	return f
}

// runner runs items by id: 1 panics, 2 fails after writing, others succeed.
func (f *runnerFixture) runner() moduleutil.QueueRunner[uint64] {
	return moduleutil.QueueRunner[uint64]{
		Name: "test", Queue: f.queue, Attempts: f.attempts, Backoff: 10,
		Run: func(ctx context.Context, id uint64) error {
			if err := f.done.Set(ctx, id); err != nil {
				return err
			}
			switch id {
			case 1:
				panic("item 1 panics")
			case 2:
				return errors.New("item 2 fails")
			}
			return nil
		},
		OnFailure: func(_ context.Context, fail moduleutil.QueueItemFailure[uint64]) error {
			f.failures = append(f.failures, fail)
			return nil
		},
	}
}

func (f *runnerFixture) queued(t *testing.T) []collections.Pair[int64, uint64] {
	iter, err := f.queue.Iterate(f.ctx, nil)
	require.NoError(t, err)
	keys, err := iter.Keys()
	require.NoError(t, err)
	return keys
}

// Findings 5 and 7 of issue 11: an item that panics or fails does not halt
// the block, writes nothing, stays queued with a doubling backoff (so the
// items behind it still run), and is given up on, reported, after
// MaxItemAttempts.
func TestQueueRunnerRetriesFailedItemsThenGivesUp(t *testing.T) {
	f := newRunnerFixture(t)
	for id := uint64(1); id <= 3; id++ {
		require.NoError(t, f.queue.Set(f.ctx, collections.Join(int64(100), id)))
	}
	r := f.runner()

	// ACT: the first run, with a bound of 2 items per block.
	require.NoError(t, r.RunDue(f.ctx, 100, 2))

	// ASSERT: items 1 and 2 failed, wrote nothing and wait until 110; item 3
	// was not due within the bound and is still at the head.
	for _, id := range []uint64{1, 2} {
		has, err := f.done.Has(f.ctx, id)
		require.NoError(t, err)
		require.False(t, has, "a failed item's writes are dropped")
	}
	require.Equal(t, []collections.Pair[int64, uint64]{
		collections.Join(int64(100), uint64(3)), collections.Join(int64(110), uint64(1)), collections.Join(int64(110), uint64(2)),
	}, f.queued(t))
	require.Len(t, f.failures, 2)
	require.Equal(t, uint32(1), f.failures[0].Attempt)
	require.Contains(t, f.failures[0].ErrorText(), "panic: item 1 panics")
	require.Equal(t, int64(110), f.failures[0].RetryAt)

	// The next block runs item 3 before the retries: the failing head does not starve it.
	require.NoError(t, r.RunDue(f.ctx, 101, 2))
	has, err := f.done.Has(f.ctx, 3)
	require.NoError(t, err)
	require.True(t, has)

	// Retries at 110, 130, 170, 250 (backoff 10, 20, 40, 80); the fifth attempt gives up.
	for _, now := range []int64{110, 130, 170, 250} {
		require.NoError(t, r.RunDue(f.ctx, now, 2))
	}
	require.Empty(t, f.queued(t), "given-up items leave the queue")
	last := f.failures[len(f.failures)-2:]
	for _, fail := range last {
		require.True(t, fail.GaveUp)
		require.Equal(t, uint32(moduleutil.MaxItemAttempts), fail.Attempt)
		require.Zero(t, fail.RetryAt)
	}
	iter, err := f.attempts.Iterate(f.ctx, nil)
	require.NoError(t, err)
	kvs, err := iter.Keys()
	require.NoError(t, err)
	require.Empty(t, kvs, "no attempt count is left behind")
}
