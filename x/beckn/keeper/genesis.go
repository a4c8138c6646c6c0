package keeper

import (
	"context"

	"cosmossdk.io/collections"

	"github.com/powershare/powershare/x/beckn/types"
	"github.com/powershare/powershare/x/internal/moduleutil"
)

// InitGenesis loads the registry and the anchored orders with their
// histories, and rebuilds the per-participant order lists and the pending
// and prune queues from them.
func (k Keeper) InitGenesis(ctx context.Context, gs types.GenesisState) error {
	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return err
	}
	for _, p := range gs.Participants {
		if err := k.Participants.Set(ctx, p.SubscriberId, p); err != nil {
			return err
		}
		if p.PendingUntil != nil {
			if err := k.PendingQueue.Set(ctx, collections.Join(p.PendingUntil.Unix(), p.SubscriberId)); err != nil {
				return err
			}
		}
	}
	for _, key := range gs.Keys {
		if err := k.Keys.Set(ctx, collections.Join(key.SubscriberId, key.KeyId), key); err != nil {
			return err
		}
	}
	for _, o := range gs.Orders {
		if err := k.setOrder(ctx, o); err != nil {
			return err
		}
	}
	// The prune queue is derived: an order in a final state is listed at
	// the time of its last change.
	changes := make(map[[2]string]uint32, len(gs.Orders)) // (BPP, order id); a Pair holds pointers
	for _, o := range gs.Orders {
		if o.State.IsFinal() {
			changes[[2]string{o.Anchor.BppId, o.Anchor.OrderId}] = o.Changes
		}
	}
	for _, c := range gs.History {
		if err := k.History.Set(ctx, historyKey(c), c); err != nil {
			return err
		}
		if n, final := changes[[2]string{c.BppId, c.OrderId}]; final && c.Index == n-1 {
			if err := k.queueFinal(ctx, collections.Join(c.BppId, c.OrderId), c.Time); err != nil {
				return err
			}
		}
	}
	return k.OrderSeq.Set(ctx, gs.NextSeq)
}

// ExportGenesis writes the registry, orders and histories in key order.
func (k Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	gs := &types.GenesisState{}
	var err error
	if gs.Params, err = k.Params.Get(ctx); err != nil {
		return nil, err
	}
	if gs.Participants, err = moduleutil.Values(ctx, k.Participants); err != nil {
		return nil, err
	}
	if gs.Keys, err = moduleutil.Values(ctx, k.Keys); err != nil {
		return nil, err
	}
	if gs.Orders, err = moduleutil.Values(ctx, k.Orders); err != nil {
		return nil, err
	}
	if gs.History, err = moduleutil.Values(ctx, k.History); err != nil {
		return nil, err
	}
	gs.NextSeq, err = k.OrderSeq.Peek(ctx)
	return gs, err
}
