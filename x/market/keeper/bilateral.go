package keeper

import (
	"context"
	"time"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/internal/moduleutil"
	"github.com/powershare/powershare/x/market/types"
)

// OpenBilateralTrade opens a trade agreed outside the book. It meets the same
// terms as an order (zone, slot grid, gate closure, horizon, tick, quantity
// bounds, the seller's meter and its capacity in the slot) and escrows what
// a fill would: the buyer's payment, the seller's collateral at the current
// collateral share and, for renewable energy, its Energy Credits. From then
// on it is a trade like any other: the escrow invariant counts it and the
// grid operator's delivery settles it. The caller answers for the parties'
// consent.
func (k Keeper) OpenBilateralTrade(ctx context.Context, bt types.BilateralTrade) (uint64, error) {
	buyer, err := moduleutil.ParseAddress(k.addressCodec, types.ErrInvalidAddress, "buyer", bt.Buyer)
	if err != nil {
		return 0, err
	}
	seller, err := moduleutil.ParseAddress(k.addressCodec, types.ErrInvalidAddress, "seller", bt.Seller)
	if err != nil {
		return 0, err
	}
	if buyer.Equals(seller) {
		return 0, types.ErrSelfTrade.Wrapf("%s cannot buy from itself", bt.Buyer)
	}
	p, err := k.Params.Get(ctx)
	if err != nil {
		return 0, err
	}
	slot, err := k.checkTerms(ctx, bt.Zone, bt.SlotStart, bt.Price, bt.QuantityWh, p)
	if err != nil {
		return 0, err
	}
	if end := slot.Add(p.Slot()); !bt.SlotEnd.Equal(end) {
		return 0, types.ErrSlotNotAligned.Wrapf("delivery %s to %s: a bilateral trade covers exactly one slot of %d s (to %s)",
			slot.Format(time.RFC3339), bt.SlotEnd.UTC().Format(time.RFC3339), p.SlotSeconds, end.Format(time.RFC3339))
	}
	if err := k.reserveMeter(ctx, bt.Seller, bt.MeterID, bt.Zone, bt.Renewable, bt.QuantityWh, slot, p); err != nil {
		return 0, err
	}
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	sdkCtx.GasMeter().ConsumeGas(fillGas, "market bilateral trade")

	payment := types.Payment(bt.QuantityWh, bt.Price)
	collateral := types.Collateral(bt.QuantityWh, bt.Price, p.CollateralBps)
	ec := types.EnergyCredits(0)
	if bt.Renewable {
		ec = types.EnergyCredits(bt.QuantityWh)
	}
	if err := k.escrowBilateral(ctx, buyer, seller, payment, collateral, ec); err != nil {
		return 0, err
	}
	if err := k.listMarket(ctx, bt.Zone, slot); err != nil {
		return 0, err
	}
	id, err := k.TradeSeq.Next(ctx)
	if err != nil {
		return 0, err
	}
	return id, k.recordTrade(ctx, types.Trade{
		Id: id, Zone: bt.Zone, SlotStart: slot, Buyer: bt.Buyer, Seller: bt.Seller, MeterId: bt.MeterID,
		QuantityWh: bt.QuantityWh, Price: bt.Price, Renewable: bt.Renewable,
		PaymentUpwc: payment, CollateralUpwc: collateral, EcUec: ec,
		Height: sdkCtx.BlockHeight(), SlotEnd: slot.Add(p.Slot()), SettleDeadline: p.SettlementDeadline(slot),
		ExternalRef: bt.ExternalRef,
	})
}
