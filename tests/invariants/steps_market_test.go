package invariants_test

import (
	"slices"
	"time"

	sdk "github.com/cosmos/cosmos-sdk/types"

	markettypes "github.com/powershare/powershare/x/market/types"
)

// buyers are who places buy orders (the outsider and a manager, who hold no
// trading role, among them).
var buyers = []int{alice, bob, carol, dave, erin, issuer, outsider, manager1}

// marketSteps place buy and sell orders that cross and fill in a few
// markets, cancel them (some not one's own), and settle trades by the grid
// operator (or someone who may not).
func marketSteps() []generator {
	return []generator{
		{"market/place-sell", 5, func(w *world) *step {
			if len(w.meters) == 0 {
				return nil
			}
			m := pick(w, w.meters...)
			seller := m.owner
			if w.chance(10) {
				seller = pick(w, buyers...) // someone else's meter
			}
			msg := &markettypes.MsgPlaceOrder{
				Owner: w.addr(seller), Zone: m.zone, SlotStart: w.slot(), Side: markettypes.Side_SELL,
				QuantityWh: w.quantity(), Price: w.price(), TimeInForce: w.tif(), MeterId: m.id,
				Renewable: m.renewable && w.chance(2),
			}
			var bids []markettypes.Order // resting buys in the meter's zone
			for _, o := range w.resting(markettypes.Side_BUY) {
				if o.Zone == m.zone && (o.MinRenewablePct == 0 || msg.Renewable) {
					bids = append(bids, o)
				}
			}
			if len(bids) > 0 && w.chance(2) { // mostly hit a resting buy
				o := pick(w, bids...)
				msg.SlotStart, msg.Price = o.SlotStart, min(msg.Price, o.Price)
			}
			s := &step{kind: "market/place-sell", msg: msg, expect: either, why: "slot, capacity, escrow"}
			switch {
			case seller != m.owner:
				s.expect, s.why = mustFail, "a sell needs the seller's own meter"
			case !w.mayTrade(seller):
				s.expect, s.why = mustFail, names[seller]+" holds no trading role"
			}
			s.onOK = w.notePlaced
			return s
		}},
		{"market/place-buy", 5, func(w *world) *step {
			zone := pick(w, communities...).zone
			if len(w.meters) > 0 && !w.chance(5) {
				zone = pick(w, w.meters...).zone
			}
			buyer := pick(w, buyers...)
			msg := &markettypes.MsgPlaceOrder{
				Owner: w.addr(buyer), Zone: zone, SlotStart: w.slot(), Side: markettypes.Side_BUY,
				QuantityWh: w.quantity(), Price: w.price(), TimeInForce: w.tif(),
			}
			if w.chance(4) {
				msg.MinRenewablePct = 100
			}
			if sells := w.resting(markettypes.Side_SELL); len(sells) > 0 && w.chance(2) { // mostly lift a resting sell
				o := pick(w, sells...)
				msg.Zone, msg.SlotStart, msg.Price = o.Zone, o.SlotStart, max(msg.Price, o.Price)
			}
			s := &step{kind: "market/place-buy", msg: msg, expect: either, why: "slot, escrow"}
			if !w.mayTrade(buyer) {
				s.expect, s.why = mustFail, names[buyer]+" holds no trading role"
			}
			s.onOK = w.notePlaced
			return s
		}},
		{"market/cancel", 2, func(w *world) *step {
			if len(w.orders) == 0 {
				return nil
			}
			id := pick(w, w.orders...)
			ctx := w.c.ctx()
			for _, recent := range w.orders[max(0, len(w.orders)-8):] { // mostly one still resting
				if has, _ := w.c.app.MarketKeeper.Orders.Has(ctx, recent); has && !w.chance(4) {
					id = recent
				}
			}
			o, err := w.c.app.MarketKeeper.Orders.Get(ctx, id)
			owner := w.addr(pick(w, buyers...))
			if err == nil && !w.chance(5) {
				owner = o.Owner
			}
			s := &step{kind: "market/cancel", msg: &markettypes.MsgCancelOrder{Owner: owner, OrderId: id}, expect: mustFail,
				why: "the order is gone or not the signer's"}
			if err == nil && owner == o.Owner {
				s.expect, s.why = mustPass, "the owner cancels a resting order"
			}
			return s
		}},
		{"market/register-zone", 1, func(w *world) *step {
			id := pick(w, append(slices.Clone(genesisZones), "zone-c", "zone-d")...)
			for _, g := range genesisZones { // mostly reopen a retired zone of the communities at once
				if z, err := w.c.app.MarketKeeper.Zones.Get(w.c.ctx(), g); err == nil && z.Retired && !w.chance(4) {
					id = g
				}
			}
			signer := pick(w, gridop, admin, gridop, alice)
			z, err := w.c.app.MarketKeeper.Zones.Get(w.c.ctx(), id)
			known := err == nil
			community := uint64(0)
			if known {
				community = z.CommunityId
			}
			msg := &markettypes.MsgRegisterZone{Signer: w.addr(signer), ZoneId: id, CommunityId: community,
				Description: "registered by the run"}
			s := &step{kind: "market/register-zone", msg: msg, expect: mustPass,
				why: "an ADMIN or chain-wide GRID_OPERATOR registers a new or retired zone"}
			switch {
			case signer == alice:
				s.expect, s.why = mustFail, "only an ADMIN or a GRID_OPERATOR registers zones"
			case known && !z.Retired:
				s.expect, s.why = mustFail, "zone "+id+" is registered already"
			}
			return s
		}},
		{"market/retire-zone", 1, func(w *world) *step {
			id := pick(w, "zone-c", "zone-d")
			if w.chance(8) { // now and then a zone of the communities (reopened soon after)
				id = pick(w, genesisZones...)
			}
			signer := pick(w, gridop, admin, gridop, alice)
			z, err := w.c.app.MarketKeeper.Zones.Get(w.c.ctx(), id)
			msg := &markettypes.MsgRetireZone{Signer: w.addr(signer), ZoneId: id}
			s := &step{kind: "market/retire-zone", msg: msg, expect: mustPass,
				why: "an ADMIN or chain-wide GRID_OPERATOR retires a registered zone"}
			switch {
			case signer == alice:
				s.expect, s.why = mustFail, "only an ADMIN or a GRID_OPERATOR retires zones"
			case err != nil:
				s.expect, s.why = mustFail, "zone "+id+" was never registered"
			case z.Retired:
				s.expect, s.why = mustFail, "zone "+id+" is retired already"
			}
			return s
		}},
		{"market/settle", 20, func(w *world) *step {
			if len(w.trades) == 0 {
				return nil
			}
			id := pick(w, w.trades...)
			ctx := w.c.ctx()
			var due []uint64 // unsettled, slot over
			for _, t := range w.trades[max(0, len(w.trades)-100):] {
				tr, err := w.c.app.MarketKeeper.Trades.Get(ctx, t)
				if err == nil && !tr.Settled && !w.now().Before(tr.SlotEnd) {
					due = append(due, t)
				}
			}
			switch {
			case len(due) > 0 && !w.chance(8):
				id = pick(w, due...)
			case len(due) == 0 && !w.chance(16):
				return nil // mostly wait for a trade to settle (weighted high so that a due one is seen)
			}
			signer := gridop
			if w.chance(8) {
				signer = pick(w, alice, relayBAP)
			}
			var delivered uint64
			if tr, err := w.c.app.MarketKeeper.Trades.Get(ctx, id); err == nil {
				delivered = uint64(w.rng.Int63n(int64(tr.QuantityWh + tr.QuantityWh/5 + 1)))
			}
			msg := &markettypes.MsgSettleTrades{Signer: w.addr(signer),
				Settlements: []markettypes.Settlement{{TradeId: id, DeliveredWh: delivered}}}
			s := &step{kind: "market/settle", msg: msg, expect: either, why: "after the slot, once"}
			if signer != gridop {
				s.expect, s.why = mustFail, "only a GRID_OPERATOR settles"
			}
			return s
		}},
	}
}

// notePlaced records the order and trades a placement made.
func (w *world) notePlaced(_ *world, res *sdk.Result) {
	r := response(res, &markettypes.MsgPlaceOrderResponse{})
	w.orders = append(w.orders, r.OrderId)
	w.trades = append(w.trades, r.TradeIds...)
}

// slot is a delivery slot on the current slot grid: one of the next few
// still open, sometimes one whose gate has closed or is off the grid.
func (w *world) slot() time.Time {
	p, err := w.c.app.MarketKeeper.Params.Get(w.c.ctx())
	if err != nil {
		w.c.t.Fatal(err)
	}
	length := int64(p.SlotSeconds)
	open := w.now().Unix() + int64(p.GateClosureSeconds) + 1
	first := (open + length - 1) / length * length
	k := int64(w.rng.Intn(4))
	switch {
	case w.chance(20):
		k = -1 // gate closed
	case w.chance(30):
		return time.Unix(first+7, 0).UTC() // off the grid
	}
	return time.Unix(first+k*length, 0).UTC()
}

// price is 140 to 160 upwc per Wh on the 1,000 tick, so that books cross.
func (w *world) price() uint64 { return uint64(140+w.rng.Intn(21)) * 1_000 }

func (w *world) quantity() uint64 { return uint64(100 + w.rng.Intn(3_000)) }

func (w *world) tif() markettypes.TimeInForce {
	return pick(w, markettypes.TimeInForce_GTC, markettypes.TimeInForce_GTC, markettypes.TimeInForce_IOC,
		markettypes.TimeInForce_POST_ONLY)
}

// resting are the orders of side on the book.
func (w *world) resting(side markettypes.Side) []markettypes.Order {
	var out []markettypes.Order
	err := w.c.app.MarketKeeper.Orders.Walk(w.c.ctx(), nil, func(_ uint64, o markettypes.Order) (bool, error) {
		if o.Side == side {
			out = append(out, o)
		}
		return false, nil
	})
	if err != nil {
		w.c.t.Fatal(err)
	}
	return out
}
