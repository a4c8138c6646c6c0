package beckn

import (
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/cloudflare/circl/sign/mldsa/mldsa65"
)

// AlgorithmMLDSA65 names the ML-DSA-65 co-signature in its header's keyId
// and algorithm parameters.
const AlgorithmMLDSA65 = "mldsa65"

// CoSignature is the header that carries an ML-DSA-65 co-signature (CoSign)
// next to an Authorization header. It has the Authorization header's shape,
// so a BECKN-006 parser reads it, with mldsa65 as the algorithm and the
// same signer, key id, created and expires as the Ed25519 header it
// accompanies: both sign one signing string.
//
//	Signature keyId="S|K|mldsa65",algorithm="mldsa65",created="C",expires="E",headers="(created) (expires) digest",signature="B64"
type CoSignature struct {
	SubscriberID string
	UniqueKeyID  string
	Created      int64
	Expires      int64
	Signature    []byte
}

// CoSignHeader co-signs what h signs (the signing string of its created,
// expires and the body's digest) with an ML-DSA-65 key, for the header of
// the same signer and key id.
func CoSignHeader(key *mldsa65.PrivateKey, h Header, digest []byte) (CoSignature, error) {
	if err := h.check(); err != nil {
		return CoSignature{}, err
	}
	sig, err := CoSign(key, h.Created, h.Expires, digest)
	if err != nil {
		return CoSignature{}, err
	}
	return CoSignature{SubscriberID: h.SubscriberID, UniqueKeyID: h.UniqueKeyID, Created: h.Created, Expires: h.Expires, Signature: sig}, nil
}

// KeyID is the co-signature's keyId: "subscriber_id|unique_key_id|mldsa65".
func (c CoSignature) KeyID() string {
	return c.SubscriberID + "|" + c.UniqueKeyID + "|" + AlgorithmMLDSA65
}

// String is the header's value.
func (c CoSignature) String() string {
	return fmt.Sprintf(`%s keyId="%s",algorithm="%s",created="%d",expires="%d",headers="%s",signature="%s"`,
		scheme, c.KeyID(), AlgorithmMLDSA65, c.Created, c.Expires, SignedHeaders, base64.StdEncoding.EncodeToString(c.Signature))
}

// Matches says whether the co-signature names the signer, key id, created
// and expires of h, so that both sign one signing string with one key set.
func (c CoSignature) Matches(h Header) bool {
	return c.SubscriberID == h.SubscriberID && c.UniqueKeyID == h.UniqueKeyID && c.Created == h.Created && c.Expires == h.Expires
}

// Verify checks the co-signature with the signer's raw ML-DSA-65 public key
// for a body with the given digest; like VerifySignature, it does not look
// at the time (the Ed25519 header it accompanies is checked for that).
func (c CoSignature) Verify(publicKey, digest []byte) error {
	return VerifyCoSignature(publicKey, c.Created, c.Expires, digest, c.Signature)
}

// ParseCoSignature reads a co-signature header value as strictly as
// ParseHeader reads an Authorization header, with mldsa65 as the algorithm
// and a signature of ML-DSA-65's size.
func ParseCoSignature(value string) (CoSignature, error) {
	params, err := headerParams(value)
	if err != nil {
		return CoSignature{}, err
	}
	var c CoSignature
	keyID := strings.Split(params["keyId"], "|")
	if len(keyID) != 3 {
		return c, fmt.Errorf("%w: keyId %q is not subscriber_id|unique_key_id|algorithm", ErrInvalidHeader, params["keyId"])
	}
	if keyID[2] != AlgorithmMLDSA65 || params["algorithm"] != AlgorithmMLDSA65 {
		return c, fmt.Errorf("%w: a co-signature names algorithm %q in keyId and %q as algorithm; both must be %q",
			ErrUnsupportedAlgorithm, keyID[2], params["algorithm"], AlgorithmMLDSA65)
	}
	if params["headers"] != SignedHeaders {
		return c, fmt.Errorf("%w: headers is %q; a co-signature signs %q", ErrInvalidHeader, params["headers"], SignedHeaders)
	}
	if c.Created, err = unixSeconds("created", params["created"]); err != nil {
		return c, err
	}
	if c.Expires, err = unixSeconds("expires", params["expires"]); err != nil {
		return c, err
	}
	if c.Signature, err = base64.StdEncoding.Strict().DecodeString(params["signature"]); err != nil {
		return c, fmt.Errorf("%w: signature is not standard base64: %w", ErrInvalidHeader, err)
	}
	c.SubscriberID, c.UniqueKeyID = keyID[0], keyID[1]
	// The Ed25519 header's rules for the ids and times hold here too.
	h := Header{SubscriberID: c.SubscriberID, UniqueKeyID: c.UniqueKeyID, Algorithm: AlgorithmEd25519, Created: c.Created, Expires: c.Expires}
	if err := h.check(); err != nil {
		return c, err
	}
	if len(c.Signature) != MLDSASignatureSize {
		return c, fmt.Errorf("%w: signature has %d bytes; an ML-DSA-65 signature has %d", ErrInvalidHeader, len(c.Signature), MLDSASignatureSize)
	}
	return c, nil
}
