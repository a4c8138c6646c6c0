package invariants_test

import (
	"crypto/ecdh"
	"crypto/ed25519"
	"crypto/sha256"
	"fmt"
	"slices"
	"strconv"
	"time"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/authz"

	"github.com/powershare/powershare/beckn"
	beckntypes "github.com/powershare/powershare/x/beckn/types"
)

const becknDomain = "deg:p2p-trading"

// subscriber is a Beckn participant the run subscribed, with the private
// halves of every key set it registered (the chain holds the public ones).
type subscriber struct {
	id    string
	owner int
	typ   beckntypes.SubscriberType
	keys  map[string]ed25519.PrivateKey // by key id
	next  int                           // for the next key id
}

// anchorRecord is an order the run anchored, with the anchor as sent (its
// signed body included), for the digest-reuse step.
type anchorRecord struct {
	orderID, bppID string
	anchor         beckntypes.OrderAnchor
}

// becknKey derives a key set deterministically from the subscriber id and
// key id, so that runs repeat.
func becknKey(subscriberID, keyID string) (ed25519.PrivateKey, []byte) {
	seed := sha256.Sum256([]byte("invariants/" + subscriberID + "/" + keyID))
	encr, err := ecdh.X25519().NewPrivateKey(seed[:])
	if err != nil {
		panic(err)
	}
	return ed25519.NewKeyFromSeed(seed[:]), encr.PublicKey().Bytes()
}

// becknSteps subscribe BAPs and BPPs (by their relays, or by someone who may
// not), approve them, rotate their keys now (an emergency) or later (a
// scheduled rotation), anchor orders whose on_confirm bodies are written and
// signed through the top-level beckn package, some settling on chain with
// the parties' consent, and update anchored orders' states. Must fail
// (issue 11): a key rotated away, a stale or expired signature (finding 1),
// a signed body reused for another order (finding 2), a trade beyond a
// party's consent (finding 4).
func becknSteps() []generator {
	return []generator{
		{"beckn/subscribe", 2, func(w *world) *step {
			if len(w.subscribers) >= 4 && !w.chance(10) {
				return nil
			}
			typ := pick(w, beckntypes.SubscriberType_BPP, beckntypes.SubscriberType_BAP)
			if has := w.subscriberTypes(); !has[beckntypes.SubscriberType_BPP] { // one of each first
				typ = beckntypes.SubscriberType_BPP
			} else if !has[beckntypes.SubscriberType_BAP] {
				typ = beckntypes.SubscriberType_BAP
			}
			owner := relayBPP
			if typ == beckntypes.SubscriberType_BAP {
				owner = relayBAP
			}
			signer := owner
			if w.chance(8) {
				signer = pick(w, alice, admin)
			}
			prefix := "bpp"
			if typ == beckntypes.SubscriberType_BAP {
				prefix = "bap"
			}
			sub := &subscriber{id: w.nextID(prefix) + ".invariants.example", owner: owner, typ: typ,
				keys: map[string]ed25519.PrivateKey{}}
			keyID := "k0"
			priv, encr := becknKey(sub.id, keyID)
			msg := &beckntypes.MsgSubscribe{
				Relay: w.addr(signer), SubscriberId: sub.id, Url: subscriberURL(sub.id), Type: typ,
				Domain: becknDomain, Country: "IND", City: "std:080", KeyId: keyID,
				SigningPublicKey: priv.Public().(ed25519.PublicKey), EncrPublicKey: encr,
			}
			s := &step{kind: "beckn/subscribe", msg: msg, expect: mustPass, why: "a RELAY subscribes a new id"}
			switch {
			case signer != owner:
				s.expect, s.why = mustFail, "only a RELAY subscribes"
			case w.pendingOf(owner) >= w.maxPending():
				s.expect, s.why = mustFail, names[owner]+" holds max_pending_subscriptions pending already"
			case w.pendingOf(owner)+1 >= w.maxPending():
				s.expect, s.why = either, "pending ones may lapse this block"
			}
			s.onOK = func(w *world, _ *sdk.Result) {
				sub.owner = signer
				sub.keys[keyID] = priv
				sub.next = 1
				w.subscribers = append(w.subscribers, sub)
			}
			return s
		}},
		{"beckn/approve", 3, func(w *world) *step {
			if len(w.subscribers) == 0 {
				return nil
			}
			var pending []*subscriber // waiting for approval (after subscribing or a rotation)
			for _, s := range w.subscribers {
				p, err := w.c.app.BecknKeeper.Participants.Get(w.c.ctx(), s.id)
				if err == nil && (p.Status == beckntypes.SubscriptionStatus_INITIATED ||
					p.Status == beckntypes.SubscriptionStatus_UNDER_SUBSCRIPTION) {
					pending = append(pending, s)
				}
			}
			sub := pick(w, w.subscribers...)
			switch {
			case len(pending) > 0 && !w.chance(5):
				sub = pick(w, pending...)
			case len(pending) == 0 && !w.chance(5):
				return nil // mostly wait for a subscription to approve
			}
			signer := pick(w, admin, regulator, admin, regulator, alice)
			s := &step{kind: "beckn/approve", expect: either, why: "an ADMIN or REGULATOR approves a pending subscription",
				msg: &beckntypes.MsgApproveSubscription{Signer: w.addr(signer), SubscriberId: sub.id}}
			if signer == alice {
				s.expect, s.why = mustFail, "alice may not approve subscriptions"
			}
			return s
		}},
		{"beckn/rotate", 3, func(w *world) *step {
			if len(w.subscribers) == 0 {
				return nil
			}
			sub := pick(w, w.subscribers...)
			keyID := fmt.Sprintf("k%d", sub.next)
			priv, encr := becknKey(sub.id, keyID)
			msg := &beckntypes.MsgRotateKeys{Relay: w.addr(sub.owner), SubscriberId: sub.id, KeyId: keyID,
				SigningPublicKey: priv.Public().(ed25519.PublicKey), EncrPublicKey: encr}
			kind := "beckn/rotate-emergency"
			if w.chance(2) { // scheduled: the new key starts later, the old one serves until then
				from := w.now().Add(time.Duration(1+w.rng.Intn(30)) * time.Minute)
				msg.ValidFrom, kind = &from, "beckn/rotate-scheduled"
			}
			s := &step{kind: kind, msg: msg, expect: either, why: "the owner rotates; a pending rotation may block another"}
			if w.chance(10) {
				msg.Relay = w.addr(pick(w, relayBAP, relayBPP, alice))
				if msg.Relay != w.addr(sub.owner) {
					s.expect, s.why = mustFail, "only the owner rotates a participant's keys"
				}
			}
			s.onOK = func(w *world, _ *sdk.Result) {
				sub.keys[keyID] = priv
				sub.next++
			}
			return s
		}},
		{"beckn/grant-settlement", 1, func(w *world) *step {
			party := pick(w, alice, bob, carol, dave, erin, issuer)
			consent := w.consent(party)
			exp := w.now().Add(72 * time.Hour)
			msg, err := authz.NewMsgGrant(w.accounts[party].Address, w.accounts[relayBAP].Address, &consent, &exp)
			if err != nil {
				panic(err)
			}
			s := &step{kind: "beckn/grant-settlement", msg: msg, expect: mustPass, why: "any role holder consents"}
			s.onOK = func(w *world, _ *sdk.Result) { w.consents = append(w.consents, party) }
			if !w.hasAnyRole(party) {
				s.expect, s.why = mustFail, names[party]+" holds no role"
			}
			return s
		}},
		{"beckn/anchor-beyond-consent", 1, func(w *world) *step { return w.beyondConsentStep() }},
		{"beckn/anchor-reused-digest", 1, func(w *world) *step {
			if len(w.anchors) == 0 {
				return nil
			}
			a := pick(w, w.anchors...).anchor
			a.OrderId = w.nextID("order") // the same signed body as another order
			if w.chance(2) {
				a.TransactionId = "txn-" + a.OrderId
			}
			return &step{kind: "beckn/anchor-reused-digest", expect: mustFail,
				why: "one digest anchors one order (finding 2)",
				msg: &beckntypes.MsgAnchorOrders{Relay: w.addr(relayBAP), Anchors: []beckntypes.OrderAnchor{a}}}
		}},
		{"beckn/anchor", 6, func(w *world) *step { return w.anchorStep(false) }},
		{"beckn/anchor-stale-key", 1, func(w *world) *step { return w.anchorStep(true) }},
		{"beckn/anchor-stale-signature", 1, func(w *world) *step { return w.staleSignatureStep() }},
		{"beckn/update-state", 1, func(w *world) *step {
			if len(w.anchors) == 0 {
				return nil
			}
			a := pick(w, w.anchors...)
			state := pick(w, beckntypes.OrderState_ACTIVE, beckntypes.OrderState_COMPLETED, beckntypes.OrderState_CANCELLED)
			body := []byte(fmt.Sprintf(`{"context":{"action":"on_status"},"message":{"order":{"id":%q,"state":%q}}}`, a.orderID, state))
			return &step{kind: "beckn/update-state", expect: either, why: "allowed transitions only",
				msg: &beckntypes.MsgUpdateOrderState{Relay: w.addr(relayBAP), OrderId: a.orderID, State: state,
					Digest: beckn.Digest(body), BppId: a.bppID}}
		}},
	}
}

// subscriberTypes says which types the run has subscribed.
func (w *world) subscriberTypes() map[beckntypes.SubscriberType]bool {
	has := map[beckntypes.SubscriberType]bool{}
	for _, s := range w.subscribers {
		has[s.typ] = true
	}
	return has
}

// anchorStep anchors one order between a BAP and a BPP of the run, by the
// BAP's relay, its on_confirm body signed with the BPP's key in force (or,
// stale, with a key rotated away and a created time backdated into its
// validity, which finding 1 refuses).
func (w *world) anchorStep(stale bool) *step {
	d := w.anchorDraft()
	if d == nil {
		return nil
	}
	kind, why, exp := "beckn/anchor", "a fresh signature of the key in force; the parties and consents decide", either
	if stale {
		ctx := w.c.ctx()
		old := ""
		for id := range d.bpp.keys {
			if id != d.keyID && (old == "" || id < old) {
				old = id
			}
		}
		if old == "" {
			return nil
		}
		k, err := w.c.app.BecknKeeper.Keys.Get(ctx, collections.Join(d.bpp.id, old))
		if err != nil {
			return nil
		}
		d.keyID, d.created = old, k.ValidFrom.Add(time.Second)
		kind, why, exp = "beckn/anchor-stale-key",
			"a key not in force at the block time, created backdated into its window (finding 1)", mustFail
	}
	if !stale && len(w.meters) > 0 && w.chance(2) { // settles on chain: x/market opens and escrows a trade
		m := pick(w, w.meters...)
		var consenting []*meter // meters whose owner consented
		for _, cm := range w.meters {
			if slices.Contains(w.consents, cm.owner) {
				consenting = append(consenting, cm)
			}
		}
		if len(consenting) > 0 && !w.chance(4) {
			m = pick(w, consenting...)
		}
		buyer := pick(w, alice, bob, carol, dave, erin, issuer)
		if len(w.consents) > 0 && !w.chance(4) {
			buyer = pick(w, w.consents...)
		}
		d.settle(w, m, buyer)
		d.withinConsents(w, buyer, m.owner)
		kind = "beckn/anchor-settled"
	}
	w.sign(d)
	return w.anchorMsg(d, kind, why, exp)
}

// staleSignatureStep anchors with the key in force but a signature created
// more than max_signature_age_seconds before the block time, or one that
// has expired: finding 1 refuses both.
func (w *world) staleSignatureStep() *step {
	d := w.anchorDraft()
	if d == nil {
		return nil
	}
	p, err := w.c.app.BecknKeeper.Params.Get(w.c.ctx())
	if err != nil {
		w.c.t.Fatal(err)
	}
	why := "created more than max_signature_age_seconds before the block time (finding 1)"
	d.created = w.now().Add(-time.Duration(p.MaxSignatureAgeSeconds+1+uint64(w.rng.Intn(3_600))) * time.Second)
	d.expires = w.now().Add(time.Hour).Unix()
	if w.chance(2) {
		d.created, d.expires = w.now().Add(-time.Minute), w.now().Unix()
		why = "expired at the block time (finding 1)"
	}
	w.sign(d)
	return w.anchorMsg(d, "beckn/anchor-stale-signature", why, mustFail)
}

// beyondConsentStep anchors a trade settling on chain whose quantity
// exceeds what a party's SettlementAuthorization grants per trade, or whose
// counterparty it does not name (finding 4): refused.
func (w *world) beyondConsentStep() *step {
	if len(w.consents) == 0 || len(w.meters) == 0 {
		return nil
	}
	d := w.anchorDraft()
	if d == nil {
		return nil
	}
	party := pick(w, w.consents...)
	m := pick(w, w.meters...)
	if m.owner == party {
		return nil
	}
	d.settle(w, m, party)
	why := names[party] + " granted no settlement consent (it expired or was used up)"
	if a, _ := w.c.app.AuthzKeeper.GetAuthorization(w.c.ctx(), w.accounts[relayBAP].Address, w.accounts[party].Address,
		sdk.MsgTypeURL(&beckntypes.MsgAnchorOrders{})); a != nil {
		consent, ok := a.(*beckntypes.SettlementAuthorization)
		if !ok {
			w.c.t.Fatalf("%s's grant to the relay is a %T", names[party], a)
		}
		seller := w.addr(m.owner)
		if !consent.AnyCounterparty && !slices.Contains(consent.Counterparties, seller) && w.chance(2) {
			why = names[party] + "'s consent does not name " + names[m.owner] + " as counterparty"
		} else {
			d.anchor.QuantityWh = consent.MaxQuantityWh + 1 + uint64(w.rng.Intn(500))
			why = fmt.Sprintf("%d Wh; %s's consent allows %d Wh per trade", d.anchor.QuantityWh, names[party], consent.MaxQuantityWh)
		}
	}
	w.sign(d)
	return w.anchorMsg(d, "beckn/anchor-beyond-consent", why, mustFail)
}

// anchorDraft is an anchor being built: the order's terms, the BPP and the
// key set and times its signature will have.
type anchorDraft struct {
	anchor     beckntypes.OrderAnchor
	bap, bpp   *subscriber
	keyID      string
	created    time.Time
	expires    int64
	settlement *beckn.SettlementTerms
}

// anchorDraft picks a BAP and a BPP of the run and the BPP's key in force
// (the previous set while a scheduled rotation has not started), signed a
// little before the block time, for an order settled off chain.
func (w *world) anchorDraft() *anchorDraft {
	var baps, bpps []*subscriber
	for _, s := range w.subscribers {
		if s.typ == beckntypes.SubscriberType_BAP {
			baps = append(baps, s)
		} else {
			bpps = append(bpps, s)
		}
	}
	if len(baps) == 0 || len(bpps) == 0 {
		return nil
	}
	bap, bpp := pick(w, baps...), pick(w, bpps...)
	ctx := w.c.ctx()
	p, err := w.c.app.BecknKeeper.Participants.Get(ctx, bpp.id)
	if err != nil {
		return nil
	}
	now := w.now()
	keyID := p.KeyId
	if cur, err := w.c.app.BecknKeeper.Keys.Get(ctx, collections.Join(bpp.id, p.KeyId)); err == nil &&
		now.Before(cur.ValidFrom) && p.PreviousKeyId != "" {
		keyID = p.PreviousKeyId // a scheduled rotation has not started yet
	}
	created := now.Add(-time.Duration(w.rng.Intn(120)) * time.Second)
	if k, err := w.c.app.BecknKeeper.Keys.Get(ctx, collections.Join(bpp.id, keyID)); err == nil && created.Before(k.ValidFrom) {
		created = k.ValidFrom // signed once the key was in force
	}
	slot := w.slot()
	mp, err := w.c.app.MarketKeeper.Params.Get(ctx)
	if err != nil {
		w.c.t.Fatal(err)
	}
	orderID := w.nextID("order")
	return &anchorDraft{
		bap: bap, bpp: bpp, keyID: keyID, created: created, expires: created.Unix() + 3600,
		anchor: beckntypes.OrderAnchor{
			TransactionId: "txn-" + orderID, OrderId: orderID, BapId: bap.id, BppId: bpp.id, Domain: becknDomain,
			QuantityWh: w.quantity(), Price: "7.50", Currency: "INR",
			DeliveryStart: slot, DeliveryEnd: slot.Add(mp.Slot()), Zone: pick(w, communities...).zone,
		},
	}
}

// settle makes the draft settle on chain: buyer buys from m's owner, in
// upwc on the market's tick, renewable sometimes when m is.
func (d *anchorDraft) settle(w *world, m *meter, buyer int) {
	a := &d.anchor
	a.Price, a.Currency = strconv.FormatUint(w.price(), 10), beckntypes.SettlementCurrency
	a.Zone, a.MeterId, a.Seller, a.Buyer = m.zone, m.id, w.addr(m.owner), w.addr(buyer)
	a.Renewable = m.renewable && w.chance(3)
	d.settlement = &beckn.SettlementTerms{Buyer: a.Buyer, Seller: a.Seller, MeterID: a.MeterId, Renewable: a.Renewable}
}

// withinConsents keeps a settled draft, mostly, within what the parties'
// consents grant per trade (quantity, renewable), so that some settle; the
// counterparty, window and spend limit still decide.
func (d *anchorDraft) withinConsents(w *world, parties ...int) {
	for _, party := range parties {
		a, _ := w.c.app.AuthzKeeper.GetAuthorization(w.c.ctx(), w.accounts[relayBAP].Address, w.accounts[party].Address,
			sdk.MsgTypeURL(&beckntypes.MsgAnchorOrders{}))
		consent, ok := a.(*beckntypes.SettlementAuthorization)
		if !ok || w.chance(5) {
			continue
		}
		d.anchor.QuantityWh = min(d.anchor.QuantityWh, consent.MaxQuantityWh)
		if d.anchor.Seller == w.addr(party) && !consent.AllowRenewable {
			d.anchor.Renewable, d.settlement.Renewable = false, false
		}
	}
}

// sign writes the on_confirm body of the draft's terms (the top-level beckn
// package's ConfirmTerms, so that the chain reads back exactly the anchor's
// terms), its digest and the BPP's signature into the anchor.
func (w *world) sign(d *anchorDraft) {
	a := &d.anchor
	total, err := beckn.QuoteTotal(a.Price, a.QuantityWh)
	if err != nil {
		w.c.t.Fatal(err)
	}
	body, err := beckn.ConfirmTerms{
		Domain: a.Domain, TransactionID: a.TransactionId, MessageID: "msg-" + a.OrderId, Timestamp: d.created,
		BapID: a.BapId, BapURI: subscriberURL(a.BapId), BppID: a.BppId, BppURI: subscriberURL(a.BppId),
		OrderID: a.OrderId, QuantityWh: a.QuantityWh, Currency: a.Currency, Total: total,
		DeliveryStart: a.DeliveryStart, DeliveryEnd: a.DeliveryEnd, Settlement: d.settlement,
	}.OnConfirm()
	if err != nil {
		w.c.t.Fatal(err)
	}
	a.Body, a.Digest, a.KeyId = body, beckn.Digest(body), d.keyID
	hdr, err := beckn.SignDigest(d.bpp.keys[d.keyID], d.bpp.id, d.keyID, a.Digest, d.created.Unix(), d.expires)
	if err != nil {
		w.c.t.Fatal(err)
	}
	a.Signature, a.SignatureCreated, a.SignatureExpires = hdr.Signature, d.created.Unix(), d.expires
}

// anchorMsg is the step sending the draft's anchor from the BAP's relay.
func (w *world) anchorMsg(d *anchorDraft, kind, why string, exp expect) *step {
	a := d.anchor
	msg := &beckntypes.MsgAnchorOrders{Relay: w.addr(d.bap.owner), Anchors: []beckntypes.OrderAnchor{a}}
	s := &step{kind: kind, msg: msg, expect: exp, why: why}
	s.onOK = func(w *world, res *sdk.Result) {
		w.anchors = append(w.anchors, anchorRecord{orderID: a.OrderId, bppID: a.BppId, anchor: a})
		for _, r := range response(res, &beckntypes.MsgAnchorOrdersResponse{}).Results {
			if r.TradeId != 0 {
				w.trades = append(w.trades, r.TradeId)
			}
		}
	}
	return s
}

// subscriberURL is the url the run registers for a subscriber id.
func subscriberURL(id string) string { return "https://" + id + "/beckn" }

// consent is a SettlementAuthorization of party for the BAP's relay that
// names what it grants (finding 4): counterparties (or, sometimes, any), a
// quantity per trade, a delivery window from now, party's meters (or any)
// to sell from, and sometimes renewable sales.
func (w *world) consent(party int) beckntypes.SettlementAuthorization {
	now := w.now()
	c := beckntypes.SettlementAuthorization{
		SpendLimit: math.NewInt(int64(1+w.rng.Intn(10)) * 1_000_000_000), MaxPrice: 200_000, MinPrice: 100_000,
		MaxQuantityWh: uint64(500 + w.rng.Intn(3_000)),
		NotBefore:     now, NotAfter: now.Add(time.Duration(24+w.rng.Intn(96)) * time.Hour),
		AllowRenewable: w.chance(2),
	}
	if w.chance(2) {
		c.AnyCounterparty = true
	} else {
		for _, o := range []int{alice, bob, carol, dave, erin, issuer} {
			if o != party && !w.chance(3) {
				c.Counterparties = append(c.Counterparties, w.addr(o))
			}
		}
		if len(c.Counterparties) == 0 {
			c.Counterparties = []string{w.addr(pick(w, alice, carol))}
		}
	}
	for _, m := range w.meters {
		if m.owner == party && !w.chance(4) {
			c.MeterIds = append(c.MeterIds, m.id)
		}
	}
	if len(c.MeterIds) == 0 || w.chance(5) {
		c.MeterIds, c.AnyMeter = nil, true
	}
	return c
}

// pendingOf counts owner's subscriptions awaiting approval.
func (w *world) pendingOf(owner int) int {
	n := 0
	for _, sub := range w.subscribers {
		p, err := w.c.app.BecknKeeper.Participants.Get(w.c.ctx(), sub.id)
		if err == nil && p.Owner == w.addr(owner) && (p.Status == beckntypes.SubscriptionStatus_INITIATED ||
			p.Status == beckntypes.SubscriptionStatus_UNDER_SUBSCRIPTION) {
			n++
		}
	}
	return n
}

// maxPending is x/beckn's max_pending_subscriptions.
func (w *world) maxPending() int {
	p, err := w.c.app.BecknKeeper.Params.Get(w.c.ctx())
	if err != nil {
		w.c.t.Fatal(err)
	}
	return int(p.MaxPendingSubscriptions)
}
