package invariants_test

import (
	"crypto/ecdh"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/json"
	"fmt"
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

// anchorRecord is an order the run anchored.
type anchorRecord struct{ orderID, bppID string }

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
// scheduled rotation), anchor orders signed through the top-level beckn
// package, some settling on chain with the parties' consent, some signed with
// a key rotated away, and update anchored orders' states.
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
				Relay: w.addr(signer), SubscriberId: sub.id, Url: "https://" + sub.id + "/beckn", Type: typ,
				Domain: becknDomain, Country: "IND", City: "std:080", KeyId: keyID,
				SigningPublicKey: priv.Public().(ed25519.PublicKey), EncrPublicKey: encr,
			}
			s := &step{kind: "beckn/subscribe", msg: msg, expect: mustPass, why: "a RELAY subscribes a new id"}
			if signer != owner {
				s.expect, s.why = mustFail, "only a RELAY subscribes"
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
			consent := beckntypes.NewSettlementAuthorization(math.NewInt(int64(1+w.rng.Intn(10))*1_000_000_000), 200_000, 100_000)
			exp := w.now().Add(72 * time.Hour)
			msg, err := authz.NewMsgGrant(w.accounts[party].Address, w.accounts[relayBAP].Address, consent, &exp)
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
		{"beckn/anchor", 6, func(w *world) *step { return w.anchorStep(false) }},
		{"beckn/anchor-stale-key", 1, func(w *world) *step { return w.anchorStep(true) }},
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
// BAP's relay, signed with the BPP's key in force (or, stale, with a key
// rotated away and a created time backdated into its validity).
func (w *world) anchorStep(stale bool) *step {
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
	kind, why, exp := "beckn/anchor", "a fresh signature of the key in force; the parties and consents decide", either
	if stale {
		old := ""
		for id := range bpp.keys {
			if id != keyID && (old == "" || id < old) {
				old = id
			}
		}
		if old == "" {
			return nil
		}
		k, err := w.c.app.BecknKeeper.Keys.Get(ctx, collections.Join(bpp.id, old))
		if err != nil {
			return nil
		}
		keyID, created = old, k.ValidFrom.Add(time.Second)
		kind, why = "beckn/anchor-stale-key", "a key rotated away, created backdated into its window (finding 1: must be refused)"
	}
	orderID := w.nextID("order")
	body, _ := json.Marshal(map[string]any{
		"context": map[string]any{"action": "on_confirm", "transaction_id": "txn-" + orderID, "bap_id": bap.id, "bpp_id": bpp.id},
		"message": map[string]any{"order": map[string]any{"id": orderID}},
	})
	digest := beckn.Digest(body)
	expires := created.Unix() + 3600
	hdr, err := beckn.SignDigest(bpp.keys[keyID], bpp.id, keyID, digest, created.Unix(), expires)
	if err != nil {
		w.c.t.Fatal(err)
	}
	slot := w.slot()
	mp, err := w.c.app.MarketKeeper.Params.Get(ctx)
	if err != nil {
		w.c.t.Fatal(err)
	}
	a := beckntypes.OrderAnchor{
		TransactionId: "txn-" + orderID, OrderId: orderID, BapId: bap.id, BppId: bpp.id, Domain: becknDomain,
		Digest: digest, KeyId: keyID, QuantityWh: w.quantity(), Price: "7.50", Currency: "INR",
		DeliveryStart: slot, DeliveryEnd: slot.Add(mp.Slot()), Zone: pick(w, communities...).zone,
		Signature: hdr.Signature, SignatureCreated: created.Unix(), SignatureExpires: expires,
	}
	if !stale && len(w.meters) > 0 && w.chance(2) { // settles on chain: x/market opens and escrows a trade
		m := pick(w, w.meters...)
		a.Price, a.Currency = strconv.FormatUint(w.price(), 10), beckntypes.SettlementCurrency
		a.Zone, a.MeterId, a.Seller = m.zone, m.id, w.addr(m.owner)
		buyer := pick(w, alice, bob, carol, dave, erin, issuer)
		if len(w.consents) > 0 && !w.chance(4) {
			buyer = pick(w, w.consents...)
		}
		a.Buyer = w.addr(buyer)
		a.Renewable = m.renewable && w.chance(3)
		kind = "beckn/anchor-settled"
	}
	msg := &beckntypes.MsgAnchorOrders{Relay: w.addr(bap.owner), Anchors: []beckntypes.OrderAnchor{a}}
	s := &step{kind: kind, msg: msg, expect: exp, why: why}
	s.onOK = func(w *world, res *sdk.Result) {
		w.anchors = append(w.anchors, anchorRecord{orderID: orderID, bppID: bpp.id})
		for _, r := range response(res, &beckntypes.MsgAnchorOrdersResponse{}).Results {
			if r.TradeId != 0 {
				w.trades = append(w.trades, r.TradeId)
			}
		}
	}
	return s
}
