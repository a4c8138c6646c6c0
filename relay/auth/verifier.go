package auth

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/powershare/powershare/beckn"
	"github.com/powershare/powershare/relay/registry"
)

// KeyResolver finds a participant's key in the registry: the key keyID, or
// the key in force when keyID is empty, and registry.ErrNotFound when there
// is none. registry.Registry and *registry.Cache are KeyResolvers.
type KeyResolver interface {
	ResolveKey(ctx context.Context, subscriberID, keyID string) (registry.Key, error)
}

// HeaderDigest is the optional HTTP Digest header some Beckn senders add;
// when present it must name the body's BLAKE-512 digest.
const HeaderDigest = "Digest"

// Verifier checks the signature headers of incoming messages against the
// registry, as BECKN-006 and issue 12 ask, in this order: the header is
// there once and well formed (header), signed with ed25519 (algorithm),
// created no later than now + Skew (created), not expired (expires), by
// the message's sender (sender), with a Digest header, if any, of the
// body (digest); the registry has the header's key (unknown_key), valid at
// created and not ended (key_validity), of a SUBSCRIBED participant
// (status; a gateway header must come from a BG: sender); the Ed25519
// signature verifies (signature); a co-signature, if sent, verifies
// (pq_invalid), and with RequirePQ one is there when both ends have
// ML-DSA-65 keys (pq_missing).
type Verifier struct {
	// Resolver reads the registry, usually a *registry.Cache.
	Resolver KeyResolver
	// Skew is how far ahead of this relay's clock a signer's may run
	// (a created in the future up to Skew is accepted).
	Skew time.Duration
	// RequirePQ refuses a message without an ML-DSA-65 co-signature from a
	// signer whose key set has an ML-DSA-65 key, when this relay (Self)
	// has one in the registry too: a sender co-signs only for a receiver
	// that can check it, so this is never a silent downgrade.
	RequirePQ bool
	// Self is this relay's subscriber id: the realm of its challenges and
	// the receiver whose ML-DSA-65 key RequirePQ looks for (empty: assume
	// it has one).
	Self string
	// Now is the clock (time.Now if nil).
	Now func() time.Time
}

// Verified is what a verified signature established.
type Verified struct {
	// Header is the header verified (Authorization or X-Gateway-Authorization).
	Header string
	// SubscriberID and KeyID name the signer's key; Key is its registry entry.
	SubscriberID string
	KeyID        string
	Key          registry.Key
	// Created and Expires are the signature's; a replay guard keeps the
	// message id at least until Expires.
	Created time.Time
	Expires time.Time
	// CoSigned says an ML-DSA-65 co-signature was verified too.
	CoSigned bool
}

// Verify checks the Authorization header (and its co-signature) of body,
// which must be signed by sender: the context's bap_id for a request, its
// bpp_id for a callback.
func (v *Verifier) Verify(ctx context.Context, h http.Header, body []byte, sender string) (*Verified, *Failure) {
	return v.verify(ctx, h, body, HeaderAuthorization, sender)
}

// VerifyGateway checks the X-Gateway-Authorization header (and its
// co-signature) of a message a gateway forwarded: signed by a registered
// gateway (BG). A failure's challenge is Proxy-Authenticate.
func (v *Verifier) VerifyGateway(ctx context.Context, h http.Header, body []byte) (*Verified, *Failure) {
	return v.verify(ctx, h, body, HeaderGateway, "")
}

func (v *Verifier) verify(ctx context.Context, h http.Header, body []byte, name, sender string) (*Verified, *Failure) {
	values := h.Values(name)
	switch len(values) {
	case 0:
		return nil, v.fail(CheckHeader, name, "no %s header: sign the message as BECKN-006 describes", name)
	case 1:
	default:
		return nil, v.fail(CheckHeader, name, "%d %s headers; send one", len(values), name)
	}
	hdr, err := beckn.ParseHeader(values[0])
	if errors.Is(err, beckn.ErrUnsupportedAlgorithm) {
		return nil, v.fail(CheckAlgorithm, name, "%v", err)
	}
	if err != nil {
		return nil, v.fail(CheckHeader, name, "%v", err)
	}
	if f := v.checkTimes(name, hdr.Created, hdr.Expires); f != nil {
		return nil, f
	}
	if name == HeaderAuthorization {
		if sender == "" {
			return nil, v.fail(CheckSender, name, "the message names no sender to check the signer %q against", hdr.SubscriberID)
		}
		if hdr.SubscriberID != sender {
			return nil, v.fail(CheckSender, name, "signed by %q, but the message's sender is %q", hdr.SubscriberID, sender)
		}
	}
	digest := beckn.Digest(body)
	if f := v.checkDigestHeader(h, digest); f != nil {
		return nil, f
	}
	key, f := v.checkKey(ctx, name, hdr.SubscriberID, hdr.UniqueKeyID, hdr.Created)
	if f != nil {
		return nil, f
	}
	if name == HeaderGateway && key.Type != registry.TypeBG {
		return nil, v.fail(CheckSender, name, "%q is a %s in the registry, not a gateway (BG): only a gateway signs %s", hdr.SubscriberID, key.Type, name)
	}
	pub, err := beckn.NormalizeSigningPublicKey(key.SigningPublicKey)
	if err != nil {
		return nil, v.fail(CheckUnknownKey, name, "the registry's signing key %q of %q is unusable: %v", hdr.UniqueKeyID, hdr.SubscriberID, err)
	}
	if err := beckn.VerifySignature(pub, hdr.Created, hdr.Expires, digest, hdr.Signature); err != nil {
		return nil, v.fail(CheckSignature, name, "the signature does not verify with key %q of %q for this body (BLAKE-512=%s)",
			hdr.UniqueKeyID, hdr.SubscriberID, beckn.EncodeDigest(digest))
	}
	coSigned, f := v.checkCoSignature(ctx, h, name, hdr, key, digest)
	if f != nil {
		return nil, f
	}
	return &Verified{Header: name, SubscriberID: hdr.SubscriberID, KeyID: hdr.UniqueKeyID, Key: key,
		Created: time.Unix(hdr.Created, 0).UTC(), Expires: time.Unix(hdr.Expires, 0).UTC(), CoSigned: coSigned}, nil
}

// VerifySigned checks an Ed25519 signature of msg by the key keyID of
// subscriberID made at created and valid until expires, with the checks
// of an Authorization header but for its parsing and digest: for
// signatures carried elsewhere, such as the counter-signature of a Beckn
// v2 Ack (relay/wire's counter-signing string). what names the signature
// in failures.
func (v *Verifier) VerifySigned(ctx context.Context, what, subscriberID, keyID string, created, expires int64, msg, sig []byte) (*Verified, *Failure) {
	if subscriberID == "" || keyID == "" || created <= 0 || expires <= created {
		return nil, v.fail(CheckHeader, what, "signer %q, key %q, created %d and expires %d: all given, created before expires", subscriberID, keyID, created, expires)
	}
	if f := v.checkTimes(what, created, expires); f != nil {
		return nil, f
	}
	key, f := v.checkKey(ctx, what, subscriberID, keyID, created)
	if f != nil {
		return nil, f
	}
	pub, err := beckn.NormalizeSigningPublicKey(key.SigningPublicKey)
	if err != nil {
		return nil, v.fail(CheckUnknownKey, what, "the registry's signing key %q of %q is unusable: %v", keyID, subscriberID, err)
	}
	if len(sig) != ed25519.SignatureSize || !ed25519.Verify(pub, msg, sig) {
		return nil, v.fail(CheckSignature, what, "the signature does not verify with key %q of %q", keyID, subscriberID)
	}
	return &Verified{Header: what, SubscriberID: subscriberID, KeyID: keyID, Key: key,
		Created: time.Unix(created, 0).UTC(), Expires: time.Unix(expires, 0).UTC()}, nil
}

// checkTimes: created not beyond now + Skew, expires not past.
func (v *Verifier) checkTimes(name string, created, expires int64) *Failure {
	err := beckn.CheckTimes(created, expires, v.now(), v.Skew)
	switch {
	case errors.Is(err, beckn.ErrNotYetValid):
		return v.fail(CheckCreated, name, "%v", err)
	case errors.Is(err, beckn.ErrExpired):
		return v.fail(CheckExpires, name, "%v", err)
	case err != nil:
		return v.fail(CheckHeader, name, "%v", err)
	}
	return nil
}

// checkDigestHeader: an HTTP Digest header, if sent, names this body.
func (v *Verifier) checkDigestHeader(h http.Header, digest []byte) *Failure {
	values := h.Values(HeaderDigest)
	if len(values) == 0 {
		return nil
	}
	want := "BLAKE-512=" + beckn.EncodeDigest(digest)
	if len(values) > 1 || values[0] != want {
		return v.fail(CheckDigest, HeaderDigest, "the Digest header %q is not the body's digest %q", values, want)
	}
	return nil
}

// checkKey looks the key up and checks that it was valid at created, has
// not ended and belongs to a SUBSCRIBED participant.
func (v *Verifier) checkKey(ctx context.Context, name, subscriberID, keyID string, created int64) (registry.Key, *Failure) {
	key, err := v.Resolver.ResolveKey(ctx, subscriberID, keyID)
	if errors.Is(err, registry.ErrNotFound) {
		return key, v.fail(CheckUnknownKey, name, "the registry has no key %q of %q", keyID, subscriberID)
	}
	if err != nil {
		return key, v.fail(CheckRegistry, name, "the registry could not be read to check key %q of %q; retry later: %v", keyID, subscriberID, err)
	}
	if key.SubscriberID != subscriberID || key.KeyID != keyID {
		return key, v.fail(CheckUnknownKey, name, "the registry answered key %q of %q for key %q of %q", key.KeyID, key.SubscriberID, keyID, subscriberID)
	}
	// created has a resolution of one second, a key's validity (a block
	// time) a finer one: the key must be valid during the second created
	// names, so that a message signed at once after a rotation is taken.
	signed := time.Unix(created, 0)
	if !key.ValidFrom.Before(signed.Add(time.Second)) || !key.ValidUntil.After(signed) {
		return key, v.fail(CheckKeyValidity, name, "signed at %s, but key %q of %q is valid from %s until %s",
			rfc3339(signed), keyID, subscriberID, rfc3339(key.ValidFrom), rfc3339(key.ValidUntil))
	}
	if key.Status == registry.StatusExpired {
		return key, v.fail(CheckKeyValidity, name, "key %q of %q has ended (valid until %s, or replaced by a rotation); sign with the key in force",
			keyID, subscriberID, rfc3339(key.ValidUntil))
	}
	if !key.Usable() {
		return key, v.fail(CheckStatus, name, "%q is %s in the registry; only a %s participant's messages are taken",
			subscriberID, key.Status, registry.StatusSubscribed)
	}
	return key, nil
}

// checkCoSignature verifies the ML-DSA-65 co-signature of the header name,
// if sent, and with RequirePQ demands it when both ends could make and
// check one.
func (v *Verifier) checkCoSignature(ctx context.Context, h http.Header, name string, hdr beckn.Header, key registry.Key, digest []byte) (bool, *Failure) {
	coName := coSignatureHeader(name)
	values := h.Values(coName)
	switch {
	case len(values) > 1:
		return false, v.fail(CheckPQInvalid, coName, "%d %s headers; send one", len(values), coName)
	case len(values) == 1:
		if !key.HasMLDSA() {
			return false, v.fail(CheckPQInvalid, coName, "a co-signature, but key %q of %q has no ML-DSA-65 key in the registry to check it with",
				hdr.UniqueKeyID, hdr.SubscriberID)
		}
		c, err := beckn.ParseCoSignature(values[0])
		if err != nil {
			return false, v.fail(CheckPQInvalid, coName, "%v", err)
		}
		if !c.Matches(hdr) {
			return false, v.fail(CheckPQInvalid, coName, "the co-signature names keyId %q, created %d and expires %d; the %s header %q, %d and %d",
				c.KeyID(), c.Created, c.Expires, name, hdr.KeyID(), hdr.Created, hdr.Expires)
		}
		if err := c.Verify(key.MLDSAPublicKey, digest); err != nil {
			return false, v.fail(CheckPQInvalid, coName, "the co-signature does not verify with the ML-DSA-65 key of key %q of %q for this body",
				hdr.UniqueKeyID, hdr.SubscriberID)
		}
		return true, nil
	case v.RequirePQ && key.HasMLDSA():
		selfPQ, f := v.selfHasMLDSA(ctx, coName)
		if f != nil {
			return false, f
		}
		if selfPQ {
			return false, v.fail(CheckPQMissing, coName, "%q has an ML-DSA-65 key and %q requires its co-signature in %s next to %s",
				hdr.SubscriberID, v.Self, coName, name)
		}
	}
	return false, nil
}

// selfHasMLDSA says whether this relay's key in force has an ML-DSA-65
// key, so that a sender would have co-signed for it.
func (v *Verifier) selfHasMLDSA(ctx context.Context, name string) (bool, *Failure) {
	if v.Self == "" {
		return true, nil
	}
	k, err := v.Resolver.ResolveKey(ctx, v.Self, "")
	if errors.Is(err, registry.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, v.fail(CheckRegistry, name, "the registry could not be read for %q's own key; retry later: %v", v.Self, err)
	}
	return k.HasMLDSA(), nil
}

func (v *Verifier) now() time.Time {
	if v.Now != nil {
		return v.Now()
	}
	return time.Now()
}

func (v *Verifier) fail(check, header, format string, args ...any) *Failure {
	return &Failure{Check: check, Header: header, Message: fmt.Sprintf(format, args...), Realm: v.Self}
}

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }
