package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/internal/moduleutil"
	"github.com/powershare/powershare/x/market/types"
)

// match trades the taker against the best resting orders it crosses, at
// their prices, best first, up to max_fills_per_order fills.
func (k Keeper) match(ctx context.Context, taker types.Order, p types.Params, res *types.MsgPlaceOrderResponse) (types.Order, error) {
	for taker.RemainingWh > 0 && len(res.TradeIds) < int(p.MaxFillsPerOrder) {
		maker, ok, err := k.bestCounterparty(ctx, taker)
		if err != nil {
			return taker, err
		}
		if !ok || !crosses(taker, maker) {
			break
		}
		if maker.Owner == taker.Owner {
			return taker, types.ErrSelfTrade.Wrapf("order would trade with %s's own order %d; cancel it first", taker.Owner, maker.Id)
		}
		sdk.UnwrapSDKContext(ctx).GasMeter().ConsumeGas(fillGas, "market fill")
		tradeID, err := k.fill(ctx, &taker, maker, p)
		if err != nil {
			return taker, err
		}
		res.TradeIds = append(res.TradeIds, tradeID)
	}
	res.FilledWh = taker.QuantityWh - taker.RemainingWh
	return taker, nil
}

// fill trades min(taker, maker) remaining at the maker's price. The buyer's
// escrow at its limit for that quantity is released: the payment goes into
// the trade and the price improvement back to the buyer at once. The
// seller's collateral and Energy Credits for the quantity move into the
// trade. Every escrow left on an order is recomputed from its remaining
// quantity, so rounding never accumulates over partial fills.
func (k Keeper) fill(ctx context.Context, taker *types.Order, maker types.Order, p types.Params) (uint64, error) {
	qty := min(taker.RemainingWh, maker.RemainingWh)
	buy, sell := taker, &maker
	if taker.Side == types.Side_SELL {
		buy, sell = &maker, taker
	}
	price := maker.Price
	payment := types.Payment(qty, price)
	buyReleased := takeEscrow(buy, qty)
	collateral := sell.CollateralUpwc
	ec := sell.EscrowUec
	takeEscrow(sell, qty)
	collateral = collateral.Sub(sell.CollateralUpwc)
	ec = ec.Sub(sell.EscrowUec)
	// A taker sell fills at a resting buy's higher price: its collateral,
	// escrowed at its own limit, is topped up to the share of what it is paid,
	// so a shortfall always costs the seller in proportion to the trade.
	if topUp := types.Collateral(qty, price, sell.CollateralBps).Sub(collateral); topUp.IsPositive() {
		seller, err := moduleutil.ParseAddress(k.addressCodec, types.ErrInvalidAddress, "seller", sell.Owner)
		if err != nil {
			return 0, err
		}
		if err := k.topUpCollateral(ctx, seller, topUp, price); err != nil {
			return 0, err
		}
		collateral = collateral.Add(topUp)
	}

	if improvement := buyReleased.Sub(payment); improvement.IsPositive() {
		buyer, err := moduleutil.ParseAddress(k.addressCodec, types.ErrInvalidAddress, "buyer", buy.Owner)
		if err != nil {
			return 0, err
		}
		if err := k.returnImprovement(ctx, buyer, improvement); err != nil {
			return 0, err
		}
	}

	id, err := k.TradeSeq.Next(ctx)
	if err != nil {
		return 0, err
	}
	trade := types.Trade{
		Id: id, Zone: maker.Zone, SlotStart: maker.SlotStart, Buyer: buy.Owner, Seller: sell.Owner,
		BuyOrderId: buy.Id, SellOrderId: sell.Id, MeterId: sell.MeterId, QuantityWh: qty, Price: price,
		Renewable: sell.Renewable, PaymentUpwc: payment, CollateralUpwc: collateral, EcUec: ec,
		Height: sdk.UnwrapSDKContext(ctx).BlockHeight(), SlotEnd: maker.SlotStart.Add(p.Slot()),
		SettleDeadline: p.SettlementDeadline(maker.SlotStart),
	}
	if err := k.recordTrade(ctx, trade); err != nil {
		return 0, err
	}
	if maker.RemainingWh == 0 {
		makerOwner, err := moduleutil.ParseAddress(k.addressCodec, types.ErrInvalidAddress, "owner", maker.Owner)
		if err != nil {
			return 0, err
		}
		if err := k.unrest(ctx, maker); err != nil {
			return 0, err
		}
		if err := k.Orders.Remove(ctx, maker.Id); err != nil {
			return 0, err
		}
		return id, k.releaseOpenOrder(ctx, makerOwner, maker)
	}
	return id, k.Orders.Set(ctx, maker.Id, maker)
}

// takeEscrow lowers an order's remaining quantity by qty and its escrow to
// what the new remainder needs (with the order's own collateral share); it
// returns the buy payment released.
func takeEscrow(o *types.Order, qty uint64) sdkmath.Int {
	o.RemainingWh -= qty
	if o.Side == types.Side_BUY {
		left := types.Payment(o.RemainingWh, o.Price)
		released := o.EscrowUpwc.Sub(left)
		o.EscrowUpwc = left
		return released
	}
	o.CollateralUpwc = types.Collateral(o.RemainingWh, o.Price, o.CollateralBps)
	if o.Renewable {
		o.EscrowUec = types.EnergyCredits(o.RemainingWh)
	}
	return sdkmath.ZeroInt()
}

// recordTrade stores a trade, its indexes, its settlement deadline and the
// market's statistics, and emits the trade event.
func (k Keeper) recordTrade(ctx context.Context, t types.Trade) error {
	if err := k.storeTrade(ctx, t); err != nil {
		return err
	}
	if err := k.DeadlineQueue.Set(ctx, collections.Join(t.SettleDeadline.Unix(), t.Id)); err != nil {
		return err
	}
	if err := k.addToStats(ctx, t); err != nil {
		return err
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventTrade{Trade: t})
}

func (k Keeper) addToStats(ctx context.Context, t types.Trade) error {
	key := marketKey(t.Zone, t.SlotStart)
	s, err := k.Stats.Get(ctx, key)
	if errors.Is(err, collections.ErrNotFound) {
		s, err = types.MarketStats{Zone: t.Zone, SlotStart: t.SlotStart, NotionalUpwc: sdkmath.ZeroInt()}, nil
	}
	if err != nil {
		return err
	}
	s.LastPrice = t.Price
	s.VolumeWh += t.QuantityWh
	s.NotionalUpwc = s.NotionalUpwc.Add(t.PaymentUpwc)
	s.TradeCount++
	s.Vwap = s.NotionalUpwc.MulRaw(1000).Quo(sdkmath.NewIntFromUint64(s.VolumeWh)).Uint64()
	return k.Stats.Set(ctx, key, s)
}

// storeTrade stores a trade and lists it under its buyer and its seller.
func (k Keeper) storeTrade(ctx context.Context, t types.Trade) error {
	if err := k.Trades.Set(ctx, t.Id, t); err != nil {
		return err
	}
	for _, party := range []string{t.Buyer, t.Seller} {
		addr, err := moduleutil.ParseAddress(k.addressCodec, types.ErrInvalidAddress, "party", party)
		if err != nil {
			return err
		}
		if err := k.TradesByParty.Set(ctx, collections.Join(addr, t.Id)); err != nil {
			return err
		}
	}
	return nil
}
