package keeper

import (
	"bytes"
	"context"
	"errors"
	"time"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/beckn/types"
)

// checkParties checks the order's parties registered here: the BAP is a
// BAP, the BPP a BPP, both SUBSCRIBED with a valid key, and the relay owns
// one of them, which serves the order's domain. A party of another network
// is not registered here and is taken as named.
func (v *registryView) checkParties(ctx context.Context, relay string, a types.OrderAnchor, now time.Time) error {
	var own *types.Participant
	for _, side := range []struct {
		id   string
		kind types.SubscriberType
	}{{a.BppId, types.SubscriberType_BPP}, {a.BapId, types.SubscriberType_BAP}} {
		p, err := v.participant(ctx, side.id)
		if err != nil {
			return err
		}
		if p == nil {
			continue
		}
		if p.Type != side.kind {
			return types.ErrInvalidAnchor.Wrapf("%q is registered as a %s, not a %s", p.SubscriberId, p.Type, side.kind)
		}
		key, err := v.keyInForce(ctx, p, now)
		if err != nil {
			return err
		}
		if key == nil {
			return types.ErrInvalidKey.Wrapf("participant %q has lost its key in force", p.SubscriberId)
		}
		if status := types.EffectiveStatus(*p, *key, now); status != types.SubscriptionStatus_SUBSCRIBED {
			return types.ErrParticipantInactive.Wrapf("%s %q is %s", side.kind, p.SubscriberId, status)
		}
		if p.Owner == relay && own == nil {
			own = p
		}
	}
	if own == nil {
		return types.ErrNotOrderParty.Wrapf("%s owns neither BAP %q nor BPP %q", relay, a.BapId, a.BppId)
	}
	if own.Domain != a.Domain {
		return types.ErrInvalidAnchor.Wrapf("%q serves domain %s; the order is in %s", own.SubscriberId, own.Domain, a.Domain)
	}
	return nil
}

// ownsParty: the relay owns the order's BAP or its BPP participant,
// whatever their status now. An anchored order stays in the hands of its
// parties' relays, so an expired key or a withdrawn counterparty never
// leaves it stuck.
func (v *registryView) ownsParty(ctx context.Context, relay string, a types.OrderAnchor) error {
	for _, id := range []string{a.BppId, a.BapId} {
		p, err := v.participant(ctx, id)
		if err != nil {
			return err
		}
		if p != nil && p.Owner == relay {
			return nil
		}
	}
	return types.ErrNotOrderParty.Wrapf("%s owns neither BAP %q nor BPP %q", relay, a.BapId, a.BppId)
}

// Signature checks.
const (
	// signatureGas is charged per verified Authorization signature, as the
	// SDK charges for verifying a secp256k1 transaction signature.
	signatureGas = 1_000
	// maxClockSkew is how far a BPP's clock may run ahead of the block time.
	maxClockSkew = 5 * time.Minute
)

// checkSignature: when the BPP is registered here, the anchor carries the
// BPP's Authorization-header signature of the on_confirm, made with one of
// its key sets valid when it signed (signature_created; a later rotation
// does not void it), and the signature verifies against the digest. So no
// relay can anchor, for a BPP registered here, a body that BPP did not
// sign. An order of a BPP of another network cannot be checked here and is
// taken as its BAP's relay names it.
func (v *registryView) checkSignature(ctx context.Context, a types.OrderAnchor, now time.Time) error {
	bpp, err := v.participant(ctx, a.BppId)
	if err != nil || bpp == nil {
		return err
	}
	if len(a.Signature) == 0 {
		return types.ErrInvalidSignature.Wrapf("BPP %q is registered here: the anchor needs its Authorization signature "+
			"(signature, signature_created, signature_expires)", a.BppId)
	}
	signedAt := time.Unix(a.SignatureCreated, 0).UTC()
	if signedAt.After(now.Add(maxClockSkew)) {
		return types.ErrInvalidSignature.Wrapf("signed at %s, after the block time %s", signedAt.Format(time.RFC3339), now.Format(time.RFC3339))
	}
	key, err := v.key(ctx, a.BppId, a.KeyId)
	if err != nil {
		return err
	}
	if key == nil {
		return types.ErrInvalidKey.Wrapf("BPP %q has no key %q", a.BppId, a.KeyId)
	}
	if !types.KeyValidAt(*key, signedAt) {
		return types.ErrInvalidKey.Wrapf("key %q of %q is valid from %s until %s, not when it signed (%s)", a.KeyId, a.BppId,
			key.ValidFrom.Format(time.RFC3339), key.ValidUntil.Format(time.RFC3339), signedAt.Format(time.RFC3339))
	}
	sdk.UnwrapSDKContext(ctx).GasMeter().ConsumeGas(signatureGas, "beckn signature")
	if !types.VerifySignature(key.SigningPublicKey, a.SignatureCreated, a.SignatureExpires, a.Digest, a.Signature) {
		return types.ErrInvalidSignature.Wrapf("the signature does not verify with key %q of %q for digest %s",
			a.KeyId, a.BppId, types.DigestString(a.Digest))
	}
	return nil
}

// GetOrder returns an anchored order or ErrUnknownOrder.
func (k Keeper) GetOrder(ctx context.Context, orderID string) (types.AnchoredOrder, error) {
	o, err := k.Orders.Get(ctx, orderID)
	if errors.Is(err, collections.ErrNotFound) {
		return o, types.ErrUnknownOrder.Wrapf("order %q is not anchored", orderID)
	}
	return o, err
}

// reanchor answers an anchor for an order already anchored: the same
// anchor is a no-op; another digest is a conflict naming both; the same
// digest with other terms is refused (the relay misread its own body).
func (k Keeper) reanchor(existing types.AnchoredOrder, a types.OrderAnchor) error {
	if !bytes.Equal(existing.Anchor.Digest, a.Digest) {
		return types.ErrDigestConflict.Wrapf("order %q was anchored with digest %s; this anchor has %s", a.OrderId,
			types.DigestString(existing.Anchor.Digest), types.DigestString(a.Digest))
	}
	stored, err := k.cdc.Marshal(&existing.Anchor)
	if err != nil {
		return err
	}
	given, err := k.cdc.Marshal(&a)
	if err != nil {
		return err
	}
	if !bytes.Equal(stored, given) {
		return types.ErrInvalidAnchor.Wrapf("order %q was anchored with the same digest but other terms; query it with 'q beckn order'", a.OrderId)
	}
	return nil
}

// storeAnchor records a new order as CONFIRMED, lists it under its parties
// and starts its history with the anchoring.
func (k Keeper) storeAnchor(ctx context.Context, a types.OrderAnchor, relay string, tradeID uint64) error {
	seq, err := k.OrderSeq.Next(ctx)
	if err != nil {
		return err
	}
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	now := sdkCtx.BlockTime().UTC()
	o := types.AnchoredOrder{
		Anchor: a, State: types.OrderState_CONFIRMED, AnchoredBy: relay, AnchoredAt: now,
		Height: sdkCtx.BlockHeight(), TradeId: tradeID, Seq: seq, Changes: 1,
	}
	if err := k.Orders.Set(ctx, a.OrderId, o); err != nil {
		return err
	}
	for _, party := range partiesOf(a) {
		if err := k.OrdersByParticipant.Set(ctx, collections.Join(party, newestFirst(seq)), a.OrderId); err != nil {
			return err
		}
	}
	change := types.StateChange{
		OrderId: a.OrderId, Index: 0, To: types.OrderState_CONFIRMED, Digest: a.Digest, By: relay, Time: now, Height: o.Height,
	}
	if err := k.History.Set(ctx, collections.Join(a.OrderId, uint32(0)), change); err != nil {
		return err
	}
	return sdkCtx.EventManager().EmitTypedEvent(&types.EventOrderAnchored{Order: o})
}

// partiesOf lists the BAP and, if another, the BPP.
func partiesOf(a types.OrderAnchor) []string {
	if a.BapId == a.BppId {
		return []string{a.BapId}
	}
	return []string{a.BapId, a.BppId}
}

// changeState moves an order to a new state and appends it to its history.
func (k Keeper) changeState(ctx context.Context, o types.AnchoredOrder, to types.OrderState, digest []byte, by string) error {
	if err := types.CheckTransition(o.State, to); err != nil {
		return errorsmod.Wrapf(err, "order %q", o.Anchor.OrderId)
	}
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	change := types.StateChange{
		OrderId: o.Anchor.OrderId, Index: o.Changes, From: o.State, To: to, Digest: bytes.Clone(digest), By: by,
		Time: sdkCtx.BlockTime().UTC(), Height: sdkCtx.BlockHeight(),
	}
	if err := k.History.Set(ctx, collections.Join(change.OrderId, change.Index), change); err != nil {
		return err
	}
	o.State, o.Changes = to, o.Changes+1
	if err := k.Orders.Set(ctx, change.OrderId, o); err != nil {
		return err
	}
	return sdkCtx.EventManager().EmitTypedEvent(&types.EventOrderStateChanged{Change: change})
}
