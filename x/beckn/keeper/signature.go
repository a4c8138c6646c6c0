package keeper

import (
	"context"
	"time"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/beckn"
	"github.com/powershare/powershare/x/beckn/types"
)

// Limits of the signature check of an anchor.
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
// relay names it. The header's expires is not checked: it bounds how long
// the receiver may act on the on_confirm, and the anchor of a confirmed
// order may land later; created may not run ahead of the block time.
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
	if err := beckn.CheckCreated(signedAt.Unix(), now, maxClockSkew); err != nil {
		return false, types.ErrInvalidSignature.Wrapf("BPP %q: %v", a.BppId, err)
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
	if err := beckn.VerifySignature(key.SigningPublicKey, a.SignatureCreated, a.SignatureExpires, a.Digest, a.Signature); err != nil {
		return false, types.ErrInvalidSignature.Wrapf("key %q of %q: %v", a.KeyId, a.BppId, err)
	}
	return true, nil
}
