package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"

	"github.com/powershare/powershare/x/internal/moduleutil"
	"github.com/powershare/powershare/x/market/types"
)

// InitGenesis loads the orders, trades and statistics, and rebuilds what is
// derived from them: the books, the gate and deadline queues, the open
// order counts, the meters' committed energy and the market list.
func (k Keeper) InitGenesis(ctx context.Context, gs types.GenesisState) error {
	p := gs.Params
	if err := k.Params.Set(ctx, p); err != nil {
		return err
	}
	for _, o := range gs.Orders {
		if err := k.Orders.Set(ctx, o.Id, o); err != nil {
			return err
		}
		if err := k.rest(ctx, o); err != nil {
			return err
		}
		owner, err := moduleutil.ParseAddress(k.addressCodec, types.ErrInvalidAddress, "owner", o.Owner)
		if err != nil {
			return err
		}
		key := collections.Join3(owner, o.Zone, o.SlotStart.Unix())
		n, err := k.OpenCount.Get(ctx, key)
		if err != nil && !errors.Is(err, collections.ErrNotFound) {
			return err
		}
		if err := k.OpenCount.Set(ctx, key, n+1); err != nil {
			return err
		}
		if o.Side == types.Side_SELL {
			if err := k.addCommitted(ctx, o.MeterId, o.SlotStart, int64(o.RemainingWh)); err != nil {
				return err
			}
		}
		if err := k.Markets.Set(ctx, marketKey(o.Zone, o.SlotStart)); err != nil {
			return err
		}
	}
	for _, t := range gs.Trades {
		if err := k.storeTrade(ctx, t); err != nil {
			return err
		}
		if !t.Settled {
			if err := k.DeadlineQueue.Set(ctx, collections.Join(t.SettleDeadline.Unix(), t.Id)); err != nil {
				return err
			}
		}
		if err := k.addCommitted(ctx, t.MeterId, t.SlotStart, int64(t.QuantityWh)); err != nil {
			return err
		}
		if err := k.Markets.Set(ctx, marketKey(t.Zone, t.SlotStart)); err != nil {
			return err
		}
	}
	for _, s := range gs.Stats {
		if err := k.Stats.Set(ctx, marketKey(s.Zone, s.SlotStart), s); err != nil {
			return err
		}
	}
	if err := k.OrderSeq.Set(ctx, gs.NextOrderId); err != nil {
		return err
	}
	return k.TradeSeq.Set(ctx, gs.NextTradeId)
}

// ExportGenesis writes the orders, trades and statistics in key order.
func (k Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	gs := &types.GenesisState{}
	var err error
	if gs.Params, err = k.Params.Get(ctx); err != nil {
		return nil, err
	}
	if gs.Orders, err = moduleutil.Values(ctx, k.Orders); err != nil {
		return nil, err
	}
	if gs.Trades, err = moduleutil.Values(ctx, k.Trades); err != nil {
		return nil, err
	}
	if gs.Stats, err = moduleutil.Values(ctx, k.Stats); err != nil {
		return nil, err
	}
	if gs.NextOrderId, err = k.OrderSeq.Peek(ctx); err != nil {
		return nil, err
	}
	gs.NextTradeId, err = k.TradeSeq.Peek(ctx)
	return gs, err
}
