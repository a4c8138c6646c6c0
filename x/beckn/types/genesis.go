package types

import (
	"bytes"
	"time"

	"cosmossdk.io/core/address"

	"github.com/powershare/powershare/beckn"
	"github.com/powershare/powershare/x/internal/moduleutil"
)

// DefaultGenesis returns the genesis state of a new chain: default params and an empty registry.
func DefaultGenesis() *GenesisState {
	return &GenesisState{Params: DefaultParams(), NextSeq: 1}
}

// Validate checks the genesis state: params, each participant and key,
// every participant's current key present, each order's anchor and parties,
// histories complete and consistent with the orders' states.
func (gs GenesisState) Validate(ac address.Codec) error {
	if err := gs.Params.Validate(); err != nil {
		return ErrInvalidGenesis.Wrapf("params: %v", err)
	}
	// Order seqs start at 1 (seq 0 is refused below): a next_seq of 0, as a
	// genesis without the field decodes, would give the first order seq 0
	// and make the next export invalid.
	if gs.NextSeq == 0 {
		return ErrInvalidGenesis.Wrap("next_seq must be at least 1")
	}
	participants := make(map[string]Participant, len(gs.Participants))
	for _, p := range gs.Participants {
		if err := validateParticipant(ac, p); err != nil {
			return ErrInvalidGenesis.Wrapf("participant %q: %v", p.SubscriberId, err)
		}
		if _, dup := participants[p.SubscriberId]; dup {
			return ErrInvalidGenesis.Wrapf("participant %q listed twice", p.SubscriberId)
		}
		participants[p.SubscriberId] = p
	}
	keys := make(map[[2]string]uint64, len(gs.Keys)) // -> generation + 1
	for _, k := range gs.Keys {
		owner, ok := participants[k.SubscriberId]
		if !ok {
			return ErrInvalidGenesis.Wrapf("key %q of unknown participant %q", k.KeyId, k.SubscriberId)
		}
		if k.Generation > owner.Generation {
			return ErrInvalidGenesis.Wrapf("key %q of %q: generation %d is after the participant's %d", k.KeyId, k.SubscriberId,
				k.Generation, owner.Generation)
		}
		if err := validateStoredKey(k, gs.Params); err != nil {
			return ErrInvalidGenesis.Wrapf("key %q of %q: %v", k.KeyId, k.SubscriberId, err)
		}
		id := [2]string{k.SubscriberId, k.KeyId}
		if keys[id] != 0 {
			return ErrInvalidGenesis.Wrapf("key %q of %q listed twice", k.KeyId, k.SubscriberId)
		}
		keys[id] = k.Generation + 1
	}
	for _, p := range gs.Participants {
		if keys[[2]string{p.SubscriberId, p.KeyId}] != p.Generation+1 {
			return ErrInvalidGenesis.Wrapf("participant %q: its current key %q is not listed in its generation %d", p.SubscriberId,
				p.KeyId, p.Generation)
		}
		if p.PreviousKeyId != "" && (p.PreviousKeyId == p.KeyId || keys[[2]string{p.SubscriberId, p.PreviousKeyId}] != p.Generation+1) {
			return ErrInvalidGenesis.Wrapf("participant %q: its previous key %q is not listed in its generation %d", p.SubscriberId,
				p.PreviousKeyId, p.Generation)
		}
	}
	return validateGenesisOrders(ac, gs)
}

// orderName names an order in genesis: (BPP, order id).
type orderName [2]string

func (n orderName) String() string { return n[1] + " of " + n[0] }

func validateGenesisOrders(ac address.Codec, gs GenesisState) error {
	orders := make(map[orderName]AnchoredOrder, len(gs.Orders))
	seqs := make(map[uint64]bool, len(gs.Orders))
	digests := make(map[string]orderName, len(gs.Orders))
	for _, o := range gs.Orders {
		id := orderName{o.Anchor.BppId, o.Anchor.OrderId}
		if err := ValidateAnchor(ac, o.Anchor); err != nil {
			return ErrInvalidGenesis.Wrapf("order %s: %v", id, err)
		}
		if _, dup := orders[id]; dup {
			return ErrInvalidGenesis.Wrapf("order %s listed twice", id)
		}
		if o.Seq == 0 || o.Seq >= gs.NextSeq || seqs[o.Seq] {
			return ErrInvalidGenesis.Wrapf("order %s: seq %d duplicated or not below next_seq %d", id, o.Seq, gs.NextSeq)
		}
		if _, err := moduleutil.ParseCanonicalAddress(ac, o.AnchoredBy); err != nil {
			return ErrInvalidGenesis.Wrapf("order %s anchored_by: %v", id, err)
		}
		if _, ok := OrderState_name[int32(o.State)]; !ok || o.State == OrderState_ORDER_STATE_UNSPECIFIED || o.Changes == 0 {
			return ErrInvalidGenesis.Wrapf("order %s: state %s with %d history entries", id, o.State, o.Changes)
		}
		if o.BppSigned && len(o.Anchor.Signature) == 0 {
			return ErrInvalidGenesis.Wrapf("order %s: marked signed by its BPP without a signature", id)
		}
		if (o.TradeId != 0) != o.Anchor.SettlesOnChain() {
			return ErrInvalidGenesis.Wrapf("order %s: a trade id (%d) goes with, and only with, on-chain settlement", id, o.TradeId)
		}
		if len(o.Anchor.Body) > 0 {
			return ErrInvalidGenesis.Wrapf("order %s: an anchored order keeps its digest, not its body", id)
		}
		if other, dup := digests[string(o.Anchor.Digest)]; dup {
			return ErrInvalidGenesis.Wrapf("orders %s and %s have one digest: a digest anchors one order", other, id)
		}
		digests[string(o.Anchor.Digest)] = id
		seqs[o.Seq] = true
		orders[id] = o
	}
	// Each order's history is entries 0..changes-1, chained from its
	// anchoring (CONFIRMED, with the anchored digest) to its current state.
	seen := make(map[orderName]uint32, len(orders))
	last := make(map[orderName]OrderState, len(orders))
	for _, c := range gs.History {
		id := orderName{c.BppId, c.OrderId}
		o, ok := orders[id]
		if !ok {
			return ErrInvalidGenesis.Wrapf("history of unknown order %s", id)
		}
		if c.Index != seen[id] || c.Index >= o.Changes {
			return ErrInvalidGenesis.Wrapf("history of order %s: entry %d out of sequence", id, c.Index)
		}
		if err := ValidateDigest(c.Digest); err != nil {
			return ErrInvalidGenesis.Wrapf("history of order %s entry %d: %v", id, c.Index, err)
		}
		if c.Index == 0 && (c.From != OrderState_ORDER_STATE_UNSPECIFIED || c.To != OrderState_CONFIRMED ||
			!bytes.Equal(c.Digest, o.Anchor.Digest)) {
			return ErrInvalidGenesis.Wrapf("history of order %s: entry 0 must be the anchoring (-> CONFIRMED, the anchored digest)", id)
		}
		if c.Index > 0 {
			if c.From != last[id] {
				return ErrInvalidGenesis.Wrapf("history of order %s entry %d: from %s, but the order was %s", id, c.Index, c.From, last[id])
			}
			if err := CheckTransition(c.From, c.To); err != nil {
				return ErrInvalidGenesis.Wrapf("history of order %s entry %d: %v", id, c.Index, err)
			}
		}
		last[id] = c.To
		if c.Index == o.Changes-1 && c.To != o.State {
			return ErrInvalidGenesis.Wrapf("history of order %s ends in %s but the order is %s", id, c.To, o.State)
		}
		seen[id] = c.Index + 1
	}
	for _, o := range gs.Orders {
		id := orderName{o.Anchor.BppId, o.Anchor.OrderId}
		if seen[id] != o.Changes {
			return ErrInvalidGenesis.Wrapf("order %s: %d history entries listed, %d expected", id, seen[id], o.Changes)
		}
	}
	return nil
}

func validateParticipant(ac address.Codec, p Participant) error {
	if err := ValidateSubscriberID(p.SubscriberId); err != nil {
		return err
	}
	if err := ValidateURL(p.Url); err != nil {
		return err
	}
	if err := p.Type.Validate(); err != nil {
		return err
	}
	if err := ValidateDomain(p.Domain); err != nil {
		return err
	}
	if err := ValidateLocation(p.Country, p.City); err != nil {
		return err
	}
	if err := ValidateID("key id", p.KeyId); err != nil {
		return ErrInvalidKey.Wrap(err.Error())
	}
	if _, ok := SubscriptionStatus_name[int32(p.Status)]; !ok || p.Status == SubscriptionStatus_SUBSCRIPTION_STATUS_UNSPECIFIED ||
		p.Status == SubscriptionStatus_EXPIRED {
		return ErrInvalidParticipant.Wrapf("stored status %s", p.Status)
	}
	if (p.Status == SubscriptionStatus_INITIATED) != (p.PendingUntil != nil) {
		return ErrInvalidParticipant.Wrapf("status %s with pending_until %v: an INITIATED participant, and only one, has a pending_until",
			p.Status, p.PendingUntil)
	}
	_, err := moduleutil.ParseCanonicalAddress(ac, p.Owner)
	return err
}

func validateStoredKey(k SubscriberKey, p Params) error {
	if err := ValidateID("key id", k.KeyId); err != nil {
		return ErrInvalidKey.Wrap(err.Error())
	}
	if raw, err := beckn.NormalizeSigningPublicKey(k.SigningPublicKey); err != nil || len(raw) != len(k.SigningPublicKey) {
		return ErrInvalidKey.Wrap("signing key must be a raw Ed25519 key")
	}
	if raw, err := beckn.NormalizeEncryptionPublicKey(k.EncrPublicKey); err != nil || len(raw) != len(k.EncrPublicKey) {
		return ErrInvalidKey.Wrap("encryption key must be a raw X25519 key")
	}
	if err := beckn.ValidateMLDSAPublicKey(k.MldsaPublicKey); err != nil {
		return ErrInvalidKey.Wrap(err.Error())
	}
	if k.ValidUntil.Before(k.ValidFrom) || k.ValidUntil.Sub(k.ValidFrom) > time.Duration(p.MaxKeyValiditySeconds)*time.Second {
		return ErrInvalidKey.Wrapf("validity %s to %s: not within max_key_validity_seconds", k.ValidFrom, k.ValidUntil)
	}
	return nil
}
