package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

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
	buyer, err := moduleutil.ParseAddress(k.addressCodec, types.ErrInvalidAddress, "buyer", t.Buyer)
	if err != nil {
		return err
	}
	seller, err := moduleutil.ParseAddress(k.addressCodec, types.ErrInvalidAddress, "seller", t.Seller)
	if err != nil {
		return err
	}
	paid := types.Payment(delivered, t.Price)
	penalty := types.Penalty(t.CollateralUpwc, t.QuantityWh, delivered)
	ecToBuyer := t.EcUec
	if delivered < t.QuantityWh && t.Renewable {
		ecToBuyer = types.EnergyCredits(delivered)
	}
	if err := k.payOutTrade(ctx, t, seller, buyer, paid, penalty, ecToBuyer); err != nil {
		return err
	}
	if err := k.DeadlineQueue.Remove(ctx, collections.Join(t.SettleDeadline.Unix(), t.Id)); err != nil {
		return err
	}
	// The slot is over, so nothing can be sold in it any more: the meter's
	// capacity it held is freed, and the trade waits for pruning (prune.go).
	if err := k.addCommitted(ctx, t.MeterId, t.SlotStart, -int64(t.QuantityWh)); err != nil {
		return err
	}
	if err := k.PruneQueue.Set(ctx, collections.Join(t.SlotEnd.Unix(), t.Id)); err != nil {
		return err
	}
	t.Settled, t.DeliveredWh = true, delivered
	if err := k.Trades.Set(ctx, t.Id, t); err != nil {
		return err
	}
	if err := sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventTradeSettled{
		Trade: t, SellerPaid: k.bondCoin(paid), BuyerRefund: k.bondCoin(t.PaymentUpwc.Sub(paid)),
		Penalty: k.bondCoin(penalty), SettledBy: settledBy,
	}); err != nil {
		return err
	}
	k.runHooks(ctx, t)
	return nil
}

// runHooks tells the consumers of settled trades. Each runs in its own
// cached context (MultiMarketHooks): a consumer's failure is logged and
// never fails the settlement.
func (k Keeper) runHooks(ctx context.Context, t types.Trade) {
	if k.hooks.hooks == nil {
		return
	}
	if err := k.hooks.hooks.AfterTradeSettled(ctx, t); err != nil {
		sdk.UnwrapSDKContext(ctx).Logger().Error("market hooks failed", "trade", t.Id, "err", err)
	}
}

// GetTrade returns a trade or ErrUnknownTrade.
func (k Keeper) GetTrade(ctx context.Context, id uint64) (types.Trade, error) {
	t, err := k.Trades.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return t, types.ErrUnknownTrade.Wrapf("trade %d", id)
	}
	return t, err
}
