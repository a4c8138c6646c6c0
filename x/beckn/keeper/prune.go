package keeper

import (
	"context"
	"errors"
	"time"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/beckn/types"
)

// queueFinal lists an order that reached a final state at t, to be pruned
// order_retention_seconds later.
func (k Keeper) queueFinal(ctx context.Context, key OrderKey, t time.Time) error {
	return k.PruneQueue.Set(ctx, collections.Join(t.Unix(), key))
}

// pruneOrder removes an order in a final state with its history and its
// per-participant entries, and emits all of it in EventOrderPruned, which
// is then the record (indexers and auditors keep it). Its x/market trade,
// if any, is x/market's. Once pruned, the (BPP, order id) could be
// anchored again only with a fresh BPP signature (max_signature_age_seconds),
// so an old signed on_confirm cannot be replayed into it.
func (k Keeper) pruneOrder(ctx context.Context, key OrderKey) error {
	o, err := k.Orders.Get(ctx, key)
	if errors.Is(err, collections.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if !o.State.IsFinal() {
		return nil
	}
	history := make([]types.StateChange, 0, o.Changes)
	for i := uint32(0); i < o.Changes; i++ {
		id := collections.Join(key, i)
		c, err := k.History.Get(ctx, id)
		if err != nil {
			return err
		}
		if err := k.History.Remove(ctx, id); err != nil {
			return err
		}
		history = append(history, c)
	}
	if err := k.Orders.Remove(ctx, key); err != nil {
		return err
	}
	for _, party := range partiesOf(o.Anchor) {
		if err := k.OrdersByParticipant.Remove(ctx, collections.Join(party, newestFirst(o.Seq))); err != nil {
			return err
		}
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventOrderPruned{Order: o, History: history})
}
