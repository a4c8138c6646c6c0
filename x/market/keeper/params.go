package keeper

import (
	"context"
	"fmt"
	"strings"

	"cosmossdk.io/collections"

	"github.com/powershare/powershare/x/market/types"
)

// checkParamsChange refuses a change of slot_seconds while anything is
// committed on the current slot grid: a resting order, an unsettled trade or
// meter capacity committed in a slot. Capacity is counted per (meter, slot
// start) and a meter sells capacity_w x slot_seconds per slot, so re-slicing
// the grid under live commitments would let the same meter sell the same
// hour twice, and put orders and trades on slots the new grid does not
// have. The other params are safe to change at any time: an order keeps the
// gate closure and collateral share it was placed with, a trade its own
// settlement deadline, and the limits apply to new orders only (see the
// README's Parameters).
func (k Keeper) checkParamsChange(ctx context.Context, next types.Params) error {
	cur, err := k.Params.Get(ctx)
	if err != nil || cur.SlotSeconds == next.SlotSeconds {
		return err
	}
	var deps []string
	if id, ok, err := first[uint64](k.Orders.Iterate(ctx, nil)); err != nil {
		return err
	} else if ok {
		deps = append(deps, fmt.Sprintf("resting orders (e.g. order %d)", id))
	}
	if key, ok, err := first[collections.Pair[int64, uint64]](k.DeadlineQueue.Iterate(ctx, nil)); err != nil {
		return err
	} else if ok {
		deps = append(deps, fmt.Sprintf("unsettled trades (e.g. trade %d)", key.K2()))
	}
	if key, ok, err := first[collections.Pair[string, int64]](k.Committed.Iterate(ctx, nil)); err != nil {
		return err
	} else if ok {
		deps = append(deps, fmt.Sprintf("committed meter capacity (e.g. meter %s in the slot at %s)",
			key.K1(), unixTime(key.K2()).Format("2006-01-02T15:04:05Z")))
	}
	if len(deps) == 0 {
		return nil
	}
	return types.ErrParamsInUse.Wrapf("slot_seconds cannot change from %d to %d while %s depend on the current slots; "+
		"lower max_horizon_seconds first so no new slots are traded, and propose the change again once every order "+
		"has closed and every trade has settled", cur.SlotSeconds, next.SlotSeconds, strings.Join(deps, ", "))
}

// keyIterator is what first reads of a map's or a key set's iterator.
type keyIterator[K any] interface {
	Valid() bool
	Key() (K, error)
	Close() error
}

// first returns the first key of an iterator (one seek) and closes it.
func first[K any, I keyIterator[K]](iter I, err error) (K, bool, error) {
	var zero K
	if err != nil {
		return zero, false, err
	}
	defer iter.Close()
	if !iter.Valid() {
		return zero, false, nil
	}
	key, err := iter.Key()
	return key, err == nil, err
}
