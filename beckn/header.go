package beckn

import (
	"crypto/ed25519"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Names of the headers that carry a signature, all in the same format: a
// BAP or BPP signs with Authorization, a gateway with
// X-Gateway-Authorization (BECKN-006), and a proxy with Proxy-Authorization.
const (
	AuthorizationHeader        = "Authorization"
	GatewayAuthorizationHeader = "X-Gateway-Authorization"
	ProxyAuthorizationHeader   = "Proxy-Authorization"
)

const (
	// AlgorithmEd25519 is the one signing algorithm BECKN-006 names.
	AlgorithmEd25519 = "ed25519"
	// SignedHeaders is the headers parameter: what the signing string holds, in order.
	SignedHeaders = "(created) (expires) digest"
	// scheme is the header's auth-scheme (RFC 7235; compared without case).
	scheme = "Signature"
)

// Header is a parsed Authorization header: who signed (keyId's subscriber
// id and unique key id), with which algorithm, when it was signed and until
// when it is valid (unix seconds), and the signature of the signing string.
type Header struct {
	SubscriberID string
	UniqueKeyID  string
	Algorithm    string
	Created      int64
	Expires      int64
	Signature    []byte
}

// KeyID is the header's keyId: "subscriber_id|unique_key_id|algorithm".
func (h Header) KeyID() string { return h.SubscriberID + "|" + h.UniqueKeyID + "|" + h.Algorithm }

// String is the header's value, as BECKN-006 writes it:
//
//	Signature keyId="S|K|ed25519",algorithm="ed25519",created="C",expires="E",headers="(created) (expires) digest",signature="B64"
func (h Header) String() string {
	return fmt.Sprintf(`%s keyId="%s",algorithm="%s",created="%d",expires="%d",headers="%s",signature="%s"`,
		scheme, h.KeyID(), h.Algorithm, h.Created, h.Expires, SignedHeaders, base64.StdEncoding.EncodeToString(h.Signature))
}

// SigningString is the string the header's signature signs, for a body
// with the given digest.
func (h Header) SigningString(digest []byte) []byte {
	return SigningString(h.Created, h.Expires, digest)
}

// Sign makes the header a signer sends with body: the Ed25519 signature of
// the signing string over the body's digest, valid from created to expires
// (unix seconds; BECKN-006 makes expires - created the request's TTL).
func Sign(key ed25519.PrivateKey, subscriberID, uniqueKeyID string, body []byte, created, expires int64) (Header, error) {
	return SignDigest(key, subscriberID, uniqueKeyID, Digest(body), created, expires)
}

// SignDigest is Sign for a body of which only the digest is at hand.
func SignDigest(key ed25519.PrivateKey, subscriberID, uniqueKeyID string, digest []byte, created, expires int64) (Header, error) {
	h := Header{SubscriberID: subscriberID, UniqueKeyID: uniqueKeyID, Algorithm: AlgorithmEd25519, Created: created, Expires: expires}
	if err := h.check(); err != nil {
		return Header{}, err
	}
	if err := CheckDigest(digest); err != nil {
		return Header{}, err
	}
	if len(key) != ed25519.PrivateKeySize {
		return Header{}, fmt.Errorf("%w: signing private key has %d bytes; use SigningPrivateKey to read it", ErrInvalidKey, len(key))
	}
	h.Signature = ed25519.Sign(key, h.SigningString(digest))
	return h, nil
}

// Verify checks the header against the body it came with: the signature
// with the signer's public key (raw, as NormalizeSigningPublicKey returns
// it), and that at now the signature is valid: created no later than now
// plus skew (clocks differ), expires not before now.
func (h Header) Verify(publicKey []byte, body []byte, now time.Time, skew time.Duration) error {
	return h.VerifyDigest(publicKey, Digest(body), now, skew)
}

// VerifyDigest is Verify for a body of which only the digest is at hand.
func (h Header) VerifyDigest(publicKey, digest []byte, now time.Time, skew time.Duration) error {
	if err := h.check(); err != nil {
		return err
	}
	if err := CheckTimes(h.Created, h.Expires, now, skew); err != nil {
		return err
	}
	return VerifySignature(publicKey, h.Created, h.Expires, digest, h.Signature)
}

// CheckCreated refuses a signature created after now plus skew: BECKN-006
// says one created in the future must not be processed, and skew is how far
// the caller lets the signer's clock run ahead of its own.
func CheckCreated(created int64, now time.Time, skew time.Duration) error {
	if signed := time.Unix(created, 0); signed.After(now.Add(skew)) {
		return fmt.Errorf("%w: signed at %s, after %s (allowing %s of clock skew)", ErrNotYetValid,
			signed.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339), skew)
	}
	return nil
}

// CheckTimes checks CheckCreated and that the signature has not expired at
// now (expires is not in the past).
func CheckTimes(created, expires int64, now time.Time, skew time.Duration) error {
	if err := CheckCreated(created, now, skew); err != nil {
		return err
	}
	if now.Unix() > expires {
		return fmt.Errorf("%w: expired at %s, before %s", ErrExpired, time.Unix(expires, 0).UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339))
	}
	return nil
}

// CheckFresh is the check of a verifier that acts on a signature at now
// and will not take a signed body replayed later (x/beckn for a new
// anchor): created no later than now plus skew, no earlier than now minus
// maxAge (ErrTooOld), and expires after now (ErrExpired; stricter than
// CheckTimes, which accepts the expires second itself).
func CheckFresh(created, expires int64, now time.Time, skew, maxAge time.Duration) error {
	if err := CheckCreated(created, now, skew); err != nil {
		return err
	}
	if signed := time.Unix(created, 0); signed.Before(now.Add(-maxAge)) {
		return fmt.Errorf("%w: signed at %s, more than %s before %s", ErrTooOld,
			signed.UTC().Format(time.RFC3339), maxAge, now.UTC().Format(time.RFC3339))
	}
	if end := time.Unix(expires, 0); !end.After(now) {
		return fmt.Errorf("%w: expires at %s, not after %s", ErrExpired, end.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339))
	}
	return nil
}

// VerifySignature checks an Ed25519 signature of the signing string of
// created, expires and digest; it does not look at the time.
func VerifySignature(publicKey []byte, created, expires int64, digest, signature []byte) error {
	switch {
	case len(publicKey) != SigningKeySize:
		return fmt.Errorf("%w: signing public key has %d bytes; a raw Ed25519 key has %d", ErrInvalidKey, len(publicKey), SigningKeySize)
	case len(signature) != SignatureSize:
		return fmt.Errorf("%w: signature has %d bytes; an Ed25519 signature has %d", ErrInvalidSignature, len(signature), SignatureSize)
	case len(digest) != DigestSize:
		return CheckDigest(digest)
	case !ed25519.Verify(publicKey, SigningString(created, expires, digest), signature):
		return fmt.Errorf("%w: the signature does not verify with this key for digest %s", ErrInvalidSignature, EncodeDigest(digest))
	}
	return nil
}

// ParseHeader reads an Authorization (or X-Gateway-Authorization,
// Proxy-Authorization) header value strictly: the Signature scheme, then
// exactly the parameters keyId, algorithm, created, expires, headers and
// signature, each once, quoted, separated by commas (spaces around them
// allowed). keyId's algorithm must be the algorithm parameter and ed25519;
// headers must be "(created) (expires) digest"; created and expires are
// positive unix seconds with created before expires; the signature is 64
// bytes of standard base64. The error says which rule the value breaks.
func ParseHeader(value string) (Header, error) {
	params, err := headerParams(value)
	if err != nil {
		return Header{}, err
	}
	var h Header
	keyID := strings.Split(params["keyId"], "|")
	if len(keyID) != 3 {
		return h, fmt.Errorf("%w: keyId %q is not subscriber_id|unique_key_id|algorithm", ErrInvalidHeader, params["keyId"])
	}
	h.SubscriberID, h.UniqueKeyID, h.Algorithm = keyID[0], keyID[1], params["algorithm"]
	if keyID[2] != h.Algorithm {
		return h, fmt.Errorf("%w: keyId names algorithm %q, the algorithm parameter %q", ErrInvalidHeader, keyID[2], h.Algorithm)
	}
	if params["headers"] != SignedHeaders {
		return h, fmt.Errorf("%w: headers is %q; BECKN-006 signs %q", ErrInvalidHeader, params["headers"], SignedHeaders)
	}
	if h.Created, err = unixSeconds("created", params["created"]); err != nil {
		return h, err
	}
	if h.Expires, err = unixSeconds("expires", params["expires"]); err != nil {
		return h, err
	}
	if h.Signature, err = base64.StdEncoding.Strict().DecodeString(params["signature"]); err != nil {
		return h, fmt.Errorf("%w: signature is not standard base64: %w", ErrInvalidHeader, err)
	}
	if err := h.check(); err != nil {
		return h, err
	}
	if len(h.Signature) != SignatureSize {
		return h, fmt.Errorf("%w: signature has %d bytes; an Ed25519 signature has %d", ErrInvalidHeader, len(h.Signature), SignatureSize)
	}
	return h, nil
}

// headerParams splits a header value into its parameters, refusing a wrong
// scheme, a missing, repeated or unknown parameter, and unquoted values.
func headerParams(value string) (map[string]string, error) {
	rest, ok := cutPrefixFold(strings.TrimSpace(value), scheme+" ")
	if !ok {
		return nil, fmt.Errorf("%w: the value does not start with %q", ErrInvalidHeader, scheme+" ")
	}
	params := make(map[string]string, 6)
	for rest = strings.TrimLeft(rest, " "); rest != ""; {
		name, after, found := strings.Cut(rest, "=")
		if !found || name == "" || strings.ContainsAny(name, ` ,"`) {
			return nil, fmt.Errorf("%w: expected name=\"value\" at %q", ErrInvalidHeader, rest)
		}
		if !strings.HasPrefix(after, `"`) {
			return nil, fmt.Errorf("%w: the value of %s is not quoted", ErrInvalidHeader, name)
		}
		val, tail, closed := strings.Cut(after[1:], `"`)
		if !closed {
			return nil, fmt.Errorf("%w: the value of %s has no closing quote", ErrInvalidHeader, name)
		}
		if strings.Contains(val, `\`) {
			return nil, fmt.Errorf("%w: the value of %s holds a backslash", ErrInvalidHeader, name)
		}
		switch name {
		case "keyId", "algorithm", "created", "expires", "headers", "signature":
		default:
			return nil, fmt.Errorf("%w: unknown parameter %q", ErrInvalidHeader, name)
		}
		if _, dup := params[name]; dup {
			return nil, fmt.Errorf("%w: parameter %s given twice", ErrInvalidHeader, name)
		}
		params[name] = val
		tail = strings.TrimLeft(tail, " ")
		if tail != "" {
			if tail[0] != ',' {
				return nil, fmt.Errorf("%w: expected ',' after %s at %q", ErrInvalidHeader, name, tail)
			}
			if tail = strings.TrimLeft(tail[1:], " "); tail == "" {
				return nil, fmt.Errorf("%w: a trailing ','", ErrInvalidHeader)
			}
		}
		rest = tail
	}
	for _, name := range []string{"keyId", "algorithm", "created", "expires", "headers", "signature"} {
		if _, ok := params[name]; !ok {
			return nil, fmt.Errorf("%w: parameter %s is missing", ErrInvalidHeader, name)
		}
	}
	return params, nil
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) < len(prefix) || !strings.EqualFold(s[:len(prefix)], prefix) {
		return s, false
	}
	return s[len(prefix):], true
}

// unixSeconds reads a created or expires value: decimal digits only.
func unixSeconds(name, s string) (int64, error) {
	if s == "" || strings.TrimLeft(s, "0123456789") != "" {
		return 0, fmt.Errorf("%w: %s %q is not a whole number of unix seconds", ErrInvalidHeader, name, s)
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%w: %s %q: %w", ErrInvalidHeader, name, s, err)
	}
	return v, nil
}

// check applies the rules a header obeys whether built or parsed.
func (h Header) check() error {
	for _, part := range []struct{ name, value string }{{"subscriber_id", h.SubscriberID}, {"unique_key_id", h.UniqueKeyID}} {
		if part.value == "" || strings.ContainsAny(part.value, "|\" \t\r\n,\\") {
			return fmt.Errorf("%w: keyId's %s %q is empty or holds '|', '\"', ',', '\\' or white space", ErrInvalidHeader, part.name, part.value)
		}
	}
	if h.Algorithm != AlgorithmEd25519 {
		return fmt.Errorf("%w: %q; Beckn signs with %s", ErrUnsupportedAlgorithm, h.Algorithm, AlgorithmEd25519)
	}
	if h.Created <= 0 || h.Expires <= h.Created {
		return fmt.Errorf("%w: created %d and expires %d: both positive unix seconds, created before expires", ErrInvalidHeader, h.Created, h.Expires)
	}
	return nil
}
