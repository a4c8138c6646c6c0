package keeper

import (
	"context"
	"time"

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

// checkSignature checks what an anchor shows of the BPP's Authorization
// signature of the on_confirm, and says whether the chain verified it.
//
// When the BPP is registered here, a relay other than the BPP's must show
// that signature, made with key_id, one of the BPP's key sets valid when it
// signed (signature_created; a later rotation does not void it), and it
// must verify against the digest: so no relay can anchor, for a BPP
// registered here, a body that BPP did not sign. The BPP's own relay may
// anchor without it (the anchor is then the BPP's own statement, key_id
// valid at the block time), and is verified when it shows it. An order of a
// BPP of another network cannot be checked here and is taken as its BAP's
// relay names it.
func (v *registryView) checkSignature(ctx context.Context, relay string, a types.OrderAnchor, now time.Time) (bool, error) {
	bpp, err := v.participant(ctx, a.BppId)
	if err != nil || bpp == nil {
		return false, err
	}
	signedAt := now
	if len(a.Signature) > 0 {
		signedAt = time.Unix(a.SignatureCreated, 0).UTC()
	} else if bpp.Owner != relay {
		return false, types.ErrInvalidSignature.Wrapf("BPP %q is registered here and not yours: the anchor needs its Authorization "+
			"signature (signature, signature_created, signature_expires)", a.BppId)
	}
	if signedAt.After(now.Add(maxClockSkew)) {
		return false, types.ErrInvalidSignature.Wrapf("signed at %s, after the block time %s", signedAt.Format(time.RFC3339), now.Format(time.RFC3339))
	}
	key, err := v.key(ctx, a.BppId, a.KeyId)
	if err != nil {
		return false, err
	}
	if key == nil {
		return false, types.ErrInvalidKey.Wrapf("BPP %q has no key %q", a.BppId, a.KeyId)
	}
	if !types.KeyValidAt(*key, signedAt) {
		return false, types.ErrInvalidKey.Wrapf("key %q of %q is valid from %s until %s, not when it signed (%s)", a.KeyId, a.BppId,
			key.ValidFrom.Format(time.RFC3339), key.ValidUntil.Format(time.RFC3339), signedAt.Format(time.RFC3339))
	}
	if len(a.Signature) == 0 {
		return false, nil
	}
	sdk.UnwrapSDKContext(ctx).GasMeter().ConsumeGas(signatureGas, "beckn signature")
	if !types.VerifySignature(key.SigningPublicKey, a.SignatureCreated, a.SignatureExpires, a.Digest, a.Signature) {
		return false, types.ErrInvalidSignature.Wrapf("the signature does not verify with key %q of %q for digest %s",
			a.KeyId, a.BppId, types.DigestString(a.Digest))
	}
	return true, nil
}
