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
// that signature, and it must verify against the digest: so no relay can
// anchor, for a BPP registered here, a body that BPP did not sign. The
// BPP's own relay may anchor without it (the anchor is then the BPP's own
// statement) and is verified when it shows it. An order of a BPP of another
// network cannot be checked here and is taken as its BAP's relay names it.
//
// Either way key_id must be the BPP's key in force at the block time: a
// key rotated away (its holder may be an attacker) or one of a previous
// owner of the id never anchors again, whatever time the signer claims.
// The signature must be fresh at the block time: created at most
// max_signature_age_seconds before it (and at most maxClockSkew after),
// and not expired. So a signed body cannot be anchored long after the fact
// with a key that was valid when it was made; history stays verifiable
// with the key sets kept in the registry.
func (v *registryView) checkSignature(ctx context.Context, relay string, a types.OrderAnchor, now time.Time) (bool, error) {
	bpp, err := v.participant(ctx, a.BppId)
	if err != nil || bpp == nil {
		return false, err
	}
	if len(a.Signature) == 0 && bpp.Owner != relay {
		return false, types.ErrInvalidSignature.Wrapf("BPP %q is registered here and not yours: the anchor needs its Authorization "+
			"signature (signature, signature_created, signature_expires)", a.BppId)
	}
	key, err := v.keyInForce(ctx, bpp, now)
	if err != nil {
		return false, err
	}
	if key == nil || key.KeyId != a.KeyId || key.Generation != bpp.Generation || !types.KeyValidAt(*key, now) {
		inForce := "none"
		if key != nil && types.KeyValidAt(*key, now) {
			inForce = key.KeyId
		}
		return false, types.ErrInvalidKey.Wrapf("key %q of %q is not its key in force at the block time %s (%s): only that key "+
			"anchors new orders; sign again with it", a.KeyId, a.BppId, now.Format(time.RFC3339), inForce)
	}
	if len(a.Signature) == 0 {
		return false, nil
	}
	if err := beckn.CheckFresh(a.SignatureCreated, a.SignatureExpires, now, maxClockSkew, v.maxSignatureAge); err != nil {
		return false, types.ErrInvalidSignature.Wrapf("BPP %q: %v; anchor a fresh signature (powershared beckn sign)", a.BppId, err)
	}
	sdk.UnwrapSDKContext(ctx).GasMeter().ConsumeGas(signatureGas, "beckn signature")
	if err := beckn.VerifySignature(key.SigningPublicKey, a.SignatureCreated, a.SignatureExpires, a.Digest, a.Signature); err != nil {
		return false, types.ErrInvalidSignature.Wrapf("key %q of %q: %v", a.KeyId, a.BppId, err)
	}
	return true, nil
}
