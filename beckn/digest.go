// Package beckn signs and verifies Beckn protocol messages as BECKN-006
// ("Signing Beckn APIs in HTTP") specifies: the BLAKE2b-512 digest of a
// body, the signing string over it, the Authorization header that carries
// an Ed25519 signature of that string, the keys that make and check it, and
// the key files that hold them.
//
// It imports nothing of the chain, so the chain (x/beckn), the CLI and the
// relay share one implementation and can never disagree on a signature.
// Verification never reads the clock: the caller passes the time.
package beckn

import (
	"encoding/base64"
	"fmt"

	"golang.org/x/crypto/blake2b"
)

// DigestSize is the size of a BLAKE2b-512 digest.
const DigestSize = blake2b.Size

// Digest is the BLAKE2b-512 digest of a request body exactly as the
// Authorization header computes it: over the raw bytes sent, with no
// canonicalisation, so a body re-serialised with other whitespace or key
// order has another digest.
func Digest(body []byte) []byte {
	sum := blake2b.Sum512(body)
	return sum[:]
}

// EncodeDigest is a digest as the signing string's "digest: BLAKE-512=..."
// line shows it: standard base64 with padding.
func EncodeDigest(digest []byte) string { return base64.StdEncoding.EncodeToString(digest) }

// DecodeDigest reads a digest in the form EncodeDigest writes.
func DecodeDigest(s string) ([]byte, error) {
	digest, err := base64.StdEncoding.Strict().DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("%w: digest %q is not standard base64: %w", ErrInvalidDigest, s, err)
	}
	if err := CheckDigest(digest); err != nil {
		return nil, err
	}
	return digest, nil
}

// CheckDigest checks that a digest has the size of a BLAKE2b-512 digest.
func CheckDigest(digest []byte) error {
	if len(digest) != DigestSize {
		return fmt.Errorf("%w: digest has %d bytes; a BLAKE2b-512 digest has %d", ErrInvalidDigest, len(digest), DigestSize)
	}
	return nil
}

// SigningString is what an Authorization header signs:
// "(created): C\n(expires): E\ndigest: BLAKE-512=D" with C and E in unix
// seconds and D the base64 digest, and no trailing newline.
func SigningString(created, expires int64, digest []byte) []byte {
	return fmt.Appendf(nil, "(created): %d\n(expires): %d\ndigest: BLAKE-512=%s", created, expires, EncodeDigest(digest))
}
