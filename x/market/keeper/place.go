package keeper

import (
	"context"
	"errors"
	"time"

	"cosmossdk.io/collections"
	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/internal/moduleutil"
	"github.com/powershare/powershare/x/market/types"
)

// fillGas is charged per fill on top of the store reads and writes, so that
// a placement crossing many orders pays for each.
const fillGas = 5_000

// newOrder validates a placement against the params, the block time and,
// for a sell, the seller's meter, whose capacity in the slot it reserves;
// it returns the order with its escrow.
func (k Keeper) newOrder(ctx context.Context, msg *types.MsgPlaceOrder, p types.Params) (types.Order, error) {
	side := msg.Side
	if !side.IsKnown() {
		return types.Order{}, types.ErrInvalidOrder.Wrapf("side %s: BUY or SELL", side)
	}
	tif := msg.TimeInForce
	if tif == types.TimeInForce_TIME_IN_FORCE_UNSPECIFIED {
		tif = types.TimeInForce_GTC
	}
	if !tif.IsKnown() {
		return types.Order{}, types.ErrInvalidOrder.Wrapf("time in force %s: GTC, IOC or POST_ONLY", tif)
	}
	slot, err := k.checkTerms(ctx, msg.Zone, msg.SlotStart, msg.Price, msg.QuantityWh, p)
	if err != nil {
		return types.Order{}, err
	}
	o := types.Order{
		Owner: msg.Owner, Zone: msg.Zone, SlotStart: slot, Side: side, QuantityWh: msg.QuantityWh,
		RemainingWh: msg.QuantityWh, Price: msg.Price, TimeInForce: tif,
		EscrowUpwc: sdkmath.ZeroInt(), CollateralUpwc: sdkmath.ZeroInt(), EscrowUec: sdkmath.ZeroInt(),
		CreatedHeight: sdk.UnwrapSDKContext(ctx).BlockHeight(), CollateralBps: p.CollateralBps, GateClosure: p.GateClosure(slot),
	}
	if side == types.Side_BUY {
		if msg.MeterId != "" || msg.Renewable {
			return o, types.ErrInvalidOrder.Wrap("a buy names no meter and carries no Energy Credits")
		}
		if msg.MinRenewablePct > 100 {
			return o, types.ErrInvalidOrder.Wrapf("min renewable share %d%% is above 100%%", msg.MinRenewablePct)
		}
		o.MinRenewablePct = msg.MinRenewablePct
		o.EscrowUpwc = types.Payment(o.QuantityWh, o.Price)
		return o, nil
	}
	if msg.MinRenewablePct != 0 {
		return o, types.ErrInvalidOrder.Wrap("a sell has no minimum renewable share")
	}
	if err := k.reserveMeter(ctx, msg.Owner, msg.MeterId, msg.Zone, msg.Renewable, msg.QuantityWh, slot, p); err != nil {
		return o, err
	}
	o.MeterId, o.Renewable = msg.MeterId, msg.Renewable
	o.CollateralUpwc = types.Collateral(o.QuantityWh, o.Price, o.CollateralBps)
	if o.Renewable {
		o.EscrowUec = types.EnergyCredits(o.QuantityWh)
	}
	return o, nil
}

// checkTerms checks what every trade of a market must meet, in the book or
// not: a registered zone that is not retired, a slot on the slot grid,
// before gate closure and within the horizon, a price on the tick and a
// quantity within bounds. It returns the slot in UTC.
func (k Keeper) checkTerms(ctx context.Context, zone string, slotStart time.Time, price, qtyWh uint64, p types.Params) (time.Time, error) {
	if err := k.requireOpenZone(ctx, zone); err != nil {
		return time.Time{}, err
	}
	slot := slotStart.UTC()
	if slot.Nanosecond() != 0 || slot.Unix()%int64(p.SlotSeconds) != 0 {
		return slot, types.ErrSlotNotAligned.Wrapf("%s is not a multiple of %d s", slot.Format(time.RFC3339Nano), p.SlotSeconds)
	}
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	if gate := p.GateClosure(slot); !now.Before(gate) {
		return slot, types.ErrGateClosed.Wrapf("trading for the slot at %s closed at %s", slot.Format(time.RFC3339), gate.Format(time.RFC3339))
	}
	if horizon := now.Add(timeSeconds(p.MaxHorizonSeconds)); slot.After(horizon) {
		return slot, types.ErrInvalidOrder.Wrapf("slot %s is more than %d s ahead", slot.Format(time.RFC3339), p.MaxHorizonSeconds)
	}
	if price == 0 || price%p.TickSize != 0 {
		return slot, types.ErrOffTick.Wrapf("price %d upwc/kWh is not a positive multiple of the tick %d", price, p.TickSize)
	}
	if qtyWh < p.MinQuantityWh || qtyWh > p.MaxQuantityWh {
		return slot, types.ErrBelowMinimum.Wrapf("%d Wh is outside [%d, %d]", qtyWh, p.MinQuantityWh, p.MaxQuantityWh)
	}
	return slot, nil
}

// reserveMeter checks that the seller owns an active meter in the zone, that
// a renewable sell comes from a renewable meter, and that the meter's
// capacity over the slot covers this sell plus what it already sold or
// offers in the slot; it then counts the sell as committed (one read and
// one write of the meter's committed energy). A failed placement or trade
// drops the write with the rest of its tx.
func (k Keeper) reserveMeter(ctx context.Context, seller, meterID, zone string, renewable bool, qtyWh uint64, slot time.Time, p types.Params) error {
	meter, err := k.assets.GetMeter(ctx, meterID)
	if err != nil || !meter.Active || meter.Owner != seller || meter.Zone != zone {
		return types.ErrNoMeter.Wrapf("%s has no active meter %q in zone %s", seller, meterID, zone)
	}
	if renewable && !meter.Renewable {
		return types.ErrInvalidOrder.Wrapf("meter %s is not renewable", meter.Id)
	}
	key := collections.Join(meter.Id, slot.Unix())
	committed, err := k.Committed.Get(ctx, key)
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return err
	}
	capacityWh := sdkmath.NewIntFromUint64(meter.CapacityW).MulRaw(int64(p.SlotSeconds)).QuoRaw(3600)
	if sdkmath.NewIntFromUint64(committed).AddRaw(int64(qtyWh)).GT(capacityWh) {
		return types.ErrOverCapacity.Wrapf("meter %s can produce %s Wh in the slot; %d Wh already offered or sold, %d more asked",
			meter.Id, capacityWh, committed, qtyWh)
	}
	return k.Committed.Set(ctx, key, committed+qtyWh)
}

// place escrows, matches and (for GTC) rests a new order.
func (k Keeper) place(ctx context.Context, owner sdk.AccAddress, o types.Order, p types.Params) (*types.MsgPlaceOrderResponse, error) {
	id, err := k.OrderSeq.Next(ctx)
	if err != nil {
		return nil, err
	}
	o.Id = id
	if err := k.escrowOrder(ctx, owner, o); err != nil {
		return nil, err
	}
	if err := k.listMarket(ctx, o.Zone, o.SlotStart); err != nil {
		return nil, err
	}
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	if err := sdkCtx.EventManager().EmitTypedEvent(&types.EventOrderPlaced{Order: o}); err != nil {
		return nil, err
	}

	res := &types.MsgPlaceOrderResponse{OrderId: id}
	if o.TimeInForce == types.TimeInForce_POST_ONLY {
		// A post-only order that does not cross has nothing to match.
		if maker, ok, err := k.bestCounterparty(ctx, o); err != nil {
			return nil, err
		} else if ok && crosses(o, maker) {
			return nil, types.ErrWouldCross.Wrapf("order %d at %d would trade with order %d at %d", id, o.Price, maker.Id, maker.Price)
		}
	} else if o, err = k.match(ctx, o, p, res); err != nil {
		return nil, err
	}
	if o.RemainingWh == 0 {
		return res, nil
	}
	// What is left rests, unless it is IOC or it still crosses after the
	// fill limit: a crossed book is never left behind.
	reason := types.CloseReason_CLOSE_REASON_UNSPECIFIED
	switch {
	case o.TimeInForce == types.TimeInForce_IOC:
		reason = types.CloseReason_IOC_REMAINDER
	case len(res.TradeIds) == int(p.MaxFillsPerOrder):
		if maker, ok, err := k.bestCounterparty(ctx, o); err != nil {
			return nil, err
		} else if ok && crosses(o, maker) {
			reason = types.CloseReason_FILL_LIMIT
		}
	}
	if reason != types.CloseReason_CLOSE_REASON_UNSPECIFIED {
		return res, k.close(ctx, owner, o, reason)
	}
	if err := k.checkOpenOrders(ctx, owner, o, p); err != nil {
		return nil, err
	}
	if err := k.Orders.Set(ctx, o.Id, o); err != nil {
		return nil, err
	}
	res.Resting = true
	return res, k.rest(ctx, o)
}

// listMarket adds a market to the list of markets and to the queue that
// removes it after its slot (prune.go). Most placements trade in a market
// already listed, and reading the key costs less than rewriting it.
func (k Keeper) listMarket(ctx context.Context, zone string, slot time.Time) error {
	if listed, err := k.Markets.Has(ctx, marketKey(zone, slot)); err != nil || listed {
		return err
	}
	return k.addMarket(ctx, zone, slot)
}

// addMarket writes a market and its removal queue entry.
func (k Keeper) addMarket(ctx context.Context, zone string, slot time.Time) error {
	if err := k.Markets.Set(ctx, marketKey(zone, slot)); err != nil {
		return err
	}
	return k.MarketQueue.Set(ctx, collections.Join(slot.Unix(), zone))
}

func (k Keeper) addCommitted(ctx context.Context, meter string, slot time.Time, delta int64) error {
	key := collections.Join(meter, slot.Unix())
	v, err := k.Committed.Get(ctx, key)
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return err
	}
	next := int64(v) + delta
	if next <= 0 {
		return k.Committed.Remove(ctx, key)
	}
	return k.Committed.Set(ctx, key, uint64(next))
}

// checkOpenOrders counts a new resting order against its owner's limits:
// max_open_orders in its market and max_account_open_orders across every
// market. The second bounds what one account puts in the gate queue, which
// the EndBlocker drains max_expiries_per_block a block, so one account
// cannot delay everyone else's refunds.
func (k Keeper) checkOpenOrders(ctx context.Context, owner sdk.AccAddress, o types.Order, p types.Params) error {
	key := collections.Join3(owner, o.Zone, o.SlotStart.Unix())
	n, err := k.OpenCount.Get(ctx, key)
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return err
	}
	if n >= p.MaxOpenOrders {
		return types.ErrTooManyOrders.Wrapf("%s already has %d open orders in this market (max_open_orders); cancel one first", o.Owner, n)
	}
	total, err := k.AccountOpen.Get(ctx, owner)
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return err
	}
	if total >= p.MaxAccountOpenOrders {
		return types.ErrTooManyOrders.Wrapf("%s already has %d open orders across all markets (max_account_open_orders); cancel one first",
			o.Owner, total)
	}
	if err := k.AccountOpen.Set(ctx, owner, total+1); err != nil {
		return err
	}
	return k.OpenCount.Set(ctx, key, n+1)
}

func (k Keeper) releaseOpenOrder(ctx context.Context, owner sdk.AccAddress, o types.Order) error {
	if err := decrement(ctx, k.AccountOpen, owner); err != nil {
		return err
	}
	return decrement(ctx, k.OpenCount, collections.Join3(owner, o.Zone, o.SlotStart.Unix()))
}

// decrement lowers a counter by one and removes it at zero.
func decrement[K any](ctx context.Context, m collections.Map[K, uint32], key K) error {
	n, err := m.Get(ctx, key)
	if err != nil {
		return err
	}
	if n <= 1 {
		return m.Remove(ctx, key)
	}
	return m.Set(ctx, key, n-1)
}

// countOpenOrder counts a resting order loaded from genesis.
func (k Keeper) countOpenOrder(ctx context.Context, owner sdk.AccAddress, o types.Order) error {
	key := collections.Join3(owner, o.Zone, o.SlotStart.Unix())
	n, err := k.OpenCount.Get(ctx, key)
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return err
	}
	if err := k.OpenCount.Set(ctx, key, n+1); err != nil {
		return err
	}
	total, err := k.AccountOpen.Get(ctx, owner)
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return err
	}
	return k.AccountOpen.Set(ctx, owner, total+1)
}

// close returns what remains of an order that is not resting (or no longer
// is) to its owner, frees the meter capacity it held and emits the event.
func (k Keeper) close(ctx context.Context, owner sdk.AccAddress, o types.Order, reason types.CloseReason) error {
	if err := k.refundOrder(ctx, owner, o); err != nil {
		return err
	}
	if o.Side == types.Side_SELL {
		if err := k.addCommitted(ctx, o.MeterId, o.SlotStart, -int64(o.RemainingWh)); err != nil {
			return err
		}
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventOrderClosed{
		OrderId: o.Id, Owner: o.Owner, RemainingWh: o.RemainingWh, Reason: reason,
	})
}

// cancelResting removes a resting order from the book and closes it.
func (k Keeper) cancelResting(ctx context.Context, o types.Order, reason types.CloseReason) error {
	owner, err := moduleutil.ParseAddress(k.addressCodec, types.ErrInvalidAddress, "owner", o.Owner)
	if err != nil {
		return err
	}
	if err := k.unrest(ctx, o); err != nil {
		return err
	}
	if err := k.Orders.Remove(ctx, o.Id); err != nil {
		return err
	}
	if err := k.releaseOpenOrder(ctx, owner, o); err != nil {
		return err
	}
	return k.close(ctx, owner, o, reason)
}

// GetOrder returns a resting order or ErrUnknownOrder.
func (k Keeper) GetOrder(ctx context.Context, id uint64) (types.Order, error) {
	o, err := k.Orders.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return o, types.ErrUnknownOrder.Wrapf("order %d is not resting (filled, cancelled or never placed)", id)
	}
	return o, err
}
