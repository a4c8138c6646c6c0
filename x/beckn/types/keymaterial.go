package types

import (
	"bytes"
	"crypto/ecdh"

	"filippo.io/edwards25519"
	"github.com/cloudflare/circl/sign/mldsa/mldsa65"
)

// DER SubjectPublicKeyInfo prefixes of 32-byte Ed25519 and X25519 keys
// (RFC 8410). Some Beckn registries publish keys in this form.
var (
	ed25519SPKIPrefix = []byte{0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00}
	x25519SPKIPrefix  = []byte{0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x03, 0x21, 0x00}
)

// x25519Probe is a fixed scalar used to detect low-order X25519 points: a
// key whose shared secret with it is all zeroes cannot encrypt anything.
var x25519Probe = bytes.Repeat([]byte{0x5a}, 32)

// stripSPKI returns the raw 32-byte key of a raw or DER-encoded key.
func stripSPKI(key, prefix []byte) []byte {
	if len(key) == len(prefix)+32 && bytes.HasPrefix(key, prefix) {
		return key[len(prefix):]
	}
	return key
}

// NormalizeSigningKey checks an Ed25519 public key, raw (32 bytes) or DER,
// and returns it raw: a valid curve point that is not of small order.
func NormalizeSigningKey(key []byte) ([]byte, error) {
	raw := stripSPKI(key, ed25519SPKIPrefix)
	if len(raw) != 32 {
		return nil, ErrInvalidKey.Wrapf("signing public key has %d bytes; an Ed25519 key has 32 (or 44 in DER)", len(key))
	}
	p, err := new(edwards25519.Point).SetBytes(raw)
	if err != nil {
		return nil, ErrInvalidKey.Wrap("signing public key is not an Ed25519 point")
	}
	if new(edwards25519.Point).MultByCofactor(p).Equal(edwards25519.NewIdentityPoint()) == 1 {
		return nil, ErrInvalidKey.Wrap("signing public key is a small-order Ed25519 point")
	}
	return bytes.Clone(raw), nil
}

// NormalizeEncryptionKey checks an X25519 public key, raw (32 bytes) or
// DER, and returns it raw; low-order points are refused.
func NormalizeEncryptionKey(key []byte) ([]byte, error) {
	raw := stripSPKI(key, x25519SPKIPrefix)
	if len(raw) != 32 {
		return nil, ErrInvalidKey.Wrapf("encryption public key has %d bytes; an X25519 key has 32 (or 44 in DER)", len(key))
	}
	pub, err := ecdh.X25519().NewPublicKey(raw)
	if err != nil {
		return nil, ErrInvalidKey.Wrapf("encryption public key: %v", err)
	}
	probe, err := ecdh.X25519().NewPrivateKey(x25519Probe)
	if err != nil {
		return nil, err
	}
	if _, err := probe.ECDH(pub); err != nil {
		return nil, ErrInvalidKey.Wrap("encryption public key is a low-order X25519 point")
	}
	return bytes.Clone(raw), nil
}

// ValidateMLDSAKey checks an optional ML-DSA-65 public key.
func ValidateMLDSAKey(key []byte) error {
	if len(key) == 0 {
		return nil
	}
	if len(key) != mldsa65.PublicKeySize {
		return ErrInvalidKey.Wrapf("ML-DSA-65 public key has %d bytes; it has %d", len(key), mldsa65.PublicKeySize)
	}
	var pk mldsa65.PublicKey
	if err := pk.UnmarshalBinary(key); err != nil {
		return ErrInvalidKey.Wrapf("ML-DSA-65 public key: %v", err)
	}
	return nil
}
