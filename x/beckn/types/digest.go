package types

import (
	"crypto/ed25519"
	"encoding/base64"
	"fmt"

	"golang.org/x/crypto/blake2b"
)

// DigestSize is the size of a BLAKE2b-512 digest.
const DigestSize = blake2b.Size

// Digest is the BLAKE2b-512 digest of a request body exactly as Beckn's
// Authorization header computes it (BECKN-006): over the raw bytes sent, with
// no canonicalisation, so a body re-serialised with other whitespace or key
// order has another digest.
func Digest(body []byte) []byte {
	sum := blake2b.Sum512(body)
	return sum[:]
}

// DigestString is a digest as the header's "digest: BLAKE-512=..." line shows
// it: standard base64 with padding.
func DigestString(digest []byte) string { return base64.StdEncoding.EncodeToString(digest) }

// SigningString is what a Beckn Authorization header signs (BECKN-006):
// "(created): C\n(expires): E\ndigest: BLAKE-512=D", with no trailing newline.
func SigningString(created, expires int64, digest []byte) []byte {
	return fmt.Appendf(nil, "(created): %d\n(expires): %d\ndigest: BLAKE-512=%s", created, expires, DigestString(digest))
}

// VerifySignature checks an Authorization header's Ed25519 signature of a
// body with the given digest.
func VerifySignature(signingKey []byte, created, expires int64, digest, signature []byte) bool {
	return len(signingKey) == ed25519.PublicKeySize && len(signature) == ed25519.SignatureSize &&
		ed25519.Verify(signingKey, SigningString(created, expires, digest), signature)
}
