package moduleutil

import (
	"context"

	"cosmossdk.io/collections"
)

// DueKeys lists, oldest first, up to limit keys of a time-ordered queue
// (time, id) whose time is at or before now. An EndBlocker takes its work
// for one block this way: the queue is keyed by time, so it reads only what
// is due and never more than its per-block bound.
func DueKeys[K2 any](ctx context.Context, queue collections.KeySet[collections.Pair[int64, K2]], now int64, limit uint32,
) ([]collections.Pair[int64, K2], error) {
	iter, err := queue.Iterate(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer iter.Close()
	var keys []collections.Pair[int64, K2]
	for ; iter.Valid() && uint32(len(keys)) < limit; iter.Next() {
		key, err := iter.Key()
		if err != nil {
			return nil, err
		}
		if key.K1() > now {
			break
		}
		keys = append(keys, key)
	}
	return keys, nil
}
