// Package auth signs a relay's outgoing Beckn messages and verifies the
// incoming ones (BECKN-006): the Authorization header (X-Gateway-Authorization
// from a gateway) with its Ed25519 signature of the body's BLAKE2b-512
// digest, and PowerShare's ML-DSA-65 co-signature beside it. The
// cryptography is package beckn's; this package adds the headers, the
// registry lookups and the rules a receiver applies. See README.md.
package auth

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/cloudflare/circl/sign/mldsa/mldsa65"

	"github.com/powershare/powershare/beckn"
	"github.com/powershare/powershare/relay/registry"
)

// Headers a relay signs with.
const (
	// HeaderAuthorization carries a BAP's or BPP's signature.
	HeaderAuthorization = beckn.AuthorizationHeader
	// HeaderGateway carries a gateway's signature of what it forwards.
	HeaderGateway = beckn.GatewayAuthorizationHeader
	// HeaderCoSignature carries the ML-DSA-65 co-signature of the
	// Authorization header's signing string (beckn.CoSignature).
	HeaderCoSignature = "X-Beckn-Mldsa65-Signature"
	// HeaderGatewayCoSignature carries the ML-DSA-65 co-signature of the
	// X-Gateway-Authorization header's signing string.
	HeaderGatewayCoSignature = "X-Beckn-Gateway-Mldsa65-Signature"
)

// coSignatureHeader is the co-signature header that goes with a signature header.
func coSignatureHeader(header string) string {
	if header == HeaderGateway {
		return HeaderGatewayCoSignature
	}
	return HeaderCoSignature
}

// ErrNoMLDSAKey is Sign's error when a co-signature is asked of a signer
// whose key file has no ML-DSA-65 key.
var ErrNoMLDSAKey = errors.New("the key file has no ML-DSA-65 key to co-sign with")

// Signer signs a relay's outgoing messages as one participant, with one
// key set of its key file. It is safe for concurrent use.
type Signer struct {
	subscriberID string
	keyID        string
	key          ed25519.PrivateKey
	mldsa        *mldsa65.PrivateKey // nil without an ML-DSA-65 key
	ttlSeconds   int64
}

// NewSigner returns the signer of subscriberID with the key set kf (its
// Ed25519 key as a 32-byte seed or libsodium's 64-byte seed||public, and
// optionally an ML-DSA-65 key). Every signature is valid for ttl from its
// creation, rounded up to whole seconds (BECKN-006 makes expires - created
// the request's validity).
func NewSigner(subscriberID string, kf beckn.KeyFile, ttl time.Duration) (*Signer, error) {
	if subscriberID == "" || strings.ContainsAny(subscriberID, "|\" \t\r\n,\\") {
		return nil, fmt.Errorf("signer: subscriber id %q is empty or holds '|', '\"', ',', '\\' or white space", subscriberID)
	}
	if kf.KeyID == "" || strings.ContainsAny(kf.KeyID, "|\" \t\r\n,\\") {
		return nil, fmt.Errorf("signer: key id %q is empty or holds '|', '\"', ',', '\\' or white space", kf.KeyID)
	}
	if ttl < time.Second {
		return nil, fmt.Errorf("signer: a signature's validity of %s is under the header's resolution of one second", ttl)
	}
	key, err := kf.SigningKey()
	if err != nil {
		return nil, fmt.Errorf("signer: %w", err)
	}
	if len(kf.SigningPublicKey) > 0 && !bytes.Equal(kf.SigningPublicKey, key.Public().(ed25519.PublicKey)) {
		return nil, fmt.Errorf("signer: %w: the key file's signing public key is not its private key's", beckn.ErrInvalidKeyFile)
	}
	ml, err := kf.MLDSAKey()
	if err != nil {
		return nil, fmt.Errorf("signer: %w", err)
	}
	if ml != nil && len(kf.MLDSAPublicKey) > 0 && !bytes.Equal(kf.MLDSAPublicKey, ml.Public().(*mldsa65.PublicKey).Bytes()) {
		return nil, fmt.Errorf("signer: %w: the key file's ML-DSA-65 public key is not its private key's", beckn.ErrInvalidKeyFile)
	}
	return &Signer{subscriberID: subscriberID, keyID: kf.KeyID, key: key, mldsa: ml,
		ttlSeconds: int64((ttl + time.Second - 1) / time.Second)}, nil
}

// SubscriberID is the participant the signer signs as.
func (s *Signer) SubscriberID() string { return s.subscriberID }

// KeyID is the unique key id its headers name.
func (s *Signer) KeyID() string { return s.keyID }

// CanCoSign says whether the signer has an ML-DSA-65 key.
func (s *Signer) CanCoSign() bool { return s.mldsa != nil }

// Sign signs body, sent at now, into h: the Authorization header, or with
// asGateway the X-Gateway-Authorization header (leaving a forwarded
// Authorization as it is). With coSign it adds the ML-DSA-65
// co-signature in HeaderCoSignature (HeaderGatewayCoSignature); without, it
// removes any co-signature of that header, so that a message signed again
// (a retry) never carries one that does not match. Decide coSign with
// ShouldCoSign. h is changed only when Sign succeeds.
func (s *Signer) Sign(h http.Header, body []byte, now time.Time, asGateway, coSign bool) error {
	header := HeaderAuthorization
	if asGateway {
		header = HeaderGateway
	}
	created := now.Unix()
	digest := beckn.Digest(body)
	signed, err := beckn.SignDigest(s.key, s.subscriberID, s.keyID, digest, created, created+s.ttlSeconds)
	if err != nil {
		return fmt.Errorf("signing the %s header: %w", header, err)
	}
	var co string
	if coSign {
		if s.mldsa == nil {
			return fmt.Errorf("co-signing the %s header: %w", header, ErrNoMLDSAKey)
		}
		c, err := beckn.CoSignHeader(s.mldsa, signed, digest)
		if err != nil {
			return fmt.Errorf("co-signing the %s header: %w", header, err)
		}
		co = c.String()
	}
	h.Set(header, signed.String())
	if co != "" {
		h.Set(coSignatureHeader(header), co)
	} else {
		h.Del(coSignatureHeader(header))
	}
	return nil
}

// SignBytes signs msg with the signer's Ed25519 key: for signatures
// outside the Authorization header, such as the counter-signature of a
// Beckn v2 Ack over relay/wire's counter-signing string.
func (s *Signer) SignBytes(msg []byte) []byte { return ed25519.Sign(s.key, msg) }

// ShouldCoSign says whether a message to receiverID gets an ML-DSA-65
// co-signature: when the signer has an ML-DSA-65 key and the receiver's key
// in force in the registry has one too (other Beckn participants would
// ignore it). A receiver the registry does not know gets none; an error
// reading the registry is returned.
func (s *Signer) ShouldCoSign(ctx context.Context, r KeyResolver, receiverID string) (bool, error) {
	if s.mldsa == nil {
		return false, nil
	}
	k, err := r.ResolveKey(ctx, receiverID, "")
	if errors.Is(err, registry.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return k.HasMLDSA(), nil
}
