package types

import (
	"encoding/base64"

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
