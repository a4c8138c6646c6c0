package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/app/params"
	"github.com/powershare/powershare/x/internal/moduleutil"
	"github.com/powershare/powershare/x/market/types"
)

// settle pays out a trade for the energy delivered (capped at the traded
// quantity): the seller gets the payment for what was delivered and its
// Energy Credits for the rest; the buyer gets the rest of the payment, the
// Energy Credits of what was delivered and, for a shortfall, a penalty out
// of the seller's collateral in proportion to the missing energy; the rest
// of the collateral returns to the seller. Nothing stays in escrow.
func (k Keeper) settle(ctx context.Context, t types.Trade, delivered uint64, settledBy string) error {
	delivered = min(delivered, t.QuantityWh)
	buyer, err := k.parseAddress("buyer", t.Buyer)
	if err != nil {
		return err
	}
	seller, err := k.parseAddress("seller", t.Seller)
	if err != nil {
		return err
	}
	paid := types.Payment(delivered, t.Price)
	refund := t.PaymentUpwc.Sub(paid)
	penalty := types.Penalty(t.CollateralUpwc, t.QuantityWh, delivered)
	ecToBuyer := t.EcUec
	if delivered < t.QuantityWh && t.Renewable {
		ecToBuyer = types.EnergyCredits(delivered)
	}
	toSeller := sdk.NewCoins(
		sdk.NewCoin(params.BondDenom, paid.Add(t.CollateralUpwc).Sub(penalty)),
		sdk.NewCoin(params.EnergyCreditDenom, t.EcUec.Sub(ecToBuyer)),
	)
	toBuyer := sdk.NewCoins(
		sdk.NewCoin(params.BondDenom, refund.Add(penalty)),
		sdk.NewCoin(params.EnergyCreditDenom, ecToBuyer),
	)
	for _, payout := range []struct {
		to    sdk.AccAddress
		coins sdk.Coins
	}{{seller, toSeller}, {buyer, toBuyer}} {
		if payout.coins.IsZero() {
			continue
		}
		if err := k.bank.SendCoinsFromModuleToAccount(ctx, types.ModuleName, payout.to, payout.coins); err != nil {
			return err
		}
	}
	if err := k.DeadlineQueue.Remove(ctx, collections.Join(t.SettleDeadline.Unix(), t.Id)); err != nil {
		return err
	}
	t.Settled, t.DeliveredWh = true, delivered
	if err := k.Trades.Set(ctx, t.Id, t); err != nil {
		return err
	}
	if err := sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventTradeSettled{
		Trade: t, SellerPaidUpwc: paid.String(), BuyerRefundUpwc: refund.String(), PenaltyUpwc: penalty.String(), SettledBy: settledBy,
	}); err != nil {
		return err
	}
	k.runHook(ctx, t)
	return nil
}

// runHook calls AfterTradeSettled in a cached context: its writes land only
// if it succeeds, and a failure is logged, never the caller's.
func (k Keeper) runHook(ctx context.Context, t types.Trade) {
	if k.hooks.hooks == nil {
		return
	}
	k.inCache(ctx, "AfterTradeSettled hook", t.Id, func(ctx context.Context) error {
		return k.hooks.hooks.AfterTradeSettled(ctx, t)
	})
}

// GetTrade returns a trade or ErrUnknownTrade.
func (k Keeper) GetTrade(ctx context.Context, id uint64) (types.Trade, error) {
	t, err := k.Trades.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return t, types.ErrUnknownTrade.Wrapf("trade %d", id)
	}
	return t, err
}

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
	gateKeys, err := due(ctx, k.GateQueue, now, p.MaxExpiriesPerBlock)
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
			return k.cancelResting(ctx, o, "gate closure")
		})
	}
	deadlineKeys, err := due(ctx, k.DeadlineQueue, now, p.MaxExpiriesPerBlock)
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
	return nil
}

// inCache runs one item (an EndBlocker expiry, a hook) in a cached context:
// if it fails, its writes are dropped and the failure is logged, and the
// caller goes on. In the EndBlocker the order or trade then stays as it was,
// for its owner or the grid operator to deal with, instead of halting the
// chain on every block.
func (k Keeper) inCache(ctx context.Context, what string, id uint64, item func(ctx context.Context) error) {
	if err := moduleutil.RunCached(ctx, item); err != nil {
		sdk.UnwrapSDKContext(ctx).Logger().Error("market item failed", "item", what, "id", id, "err", err)
	}
}

// due lists up to max keys of a (unix time, id) queue whose time has come.
func due(ctx context.Context, queue collections.KeySet[collections.Pair[int64, uint64]], now int64, max uint32) ([]collections.Pair[int64, uint64], error) {
	iter, err := queue.Iterate(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer iter.Close()
	var keys []collections.Pair[int64, uint64]
	for ; iter.Valid() && uint32(len(keys)) < max; iter.Next() {
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
