package keeper

import (
	"context"

	"cosmossdk.io/collections"

	"github.com/powershare/powershare/x/internal/moduleutil"
	"github.com/powershare/powershare/x/market/types"
)

// InitGenesis loads the zones, orders, trades and statistics, and rebuilds
// what is derived from them: the books, the gate, deadline, market and prune
// queues, the open order counts, the meters' committed energy and the market
// list.
func (k Keeper) InitGenesis(ctx context.Context, gs types.GenesisState) error {
	p := gs.Params
	if err := k.Params.Set(ctx, p); err != nil {
		return err
	}
	for _, z := range gs.Zones {
		if err := k.Zones.Set(ctx, z.Id, z); err != nil {
			return err
		}
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
		if err := k.countOpenOrder(ctx, owner, o); err != nil {
			return err
		}
		if o.Side == types.Side_SELL {
			if err := k.addCommitted(ctx, o.MeterId, o.SlotStart, int64(o.RemainingWh)); err != nil {
				return err
			}
		}
		if err := k.addMarket(ctx, o.Zone, o.SlotStart); err != nil {
			return err
		}
	}
	for _, t := range gs.Trades {
		if err := k.storeTrade(ctx, t); err != nil {
			return err
		}
		if err := k.queueTrade(ctx, t); err != nil {
			return err
		}
		if err := k.addMarket(ctx, t.Zone, t.SlotStart); err != nil {
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
	if gs.Zones, err = moduleutil.Values(ctx, k.Zones); err != nil {
		return nil, err
	}
	if gs.NextOrderId, err = k.OrderSeq.Peek(ctx); err != nil {
		return nil, err
	}
	gs.NextTradeId, err = k.TradeSeq.Peek(ctx)
	return gs, err
}

// queueTrade rebuilds what a trade from genesis is waiting for: an unsettled
// one its settlement deadline and the meter capacity it holds, a settled one
// its pruning.
func (k Keeper) queueTrade(ctx context.Context, t types.Trade) error {
	if t.Settled {
		return k.PruneQueue.Set(ctx, collections.Join(t.SlotEnd.Unix(), t.Id))
	}
	if err := k.DeadlineQueue.Set(ctx, collections.Join(t.SettleDeadline.Unix(), t.Id)); err != nil {
		return err
	}
	return k.addCommitted(ctx, t.MeterId, t.SlotStart, int64(t.QuantityWh))
}
