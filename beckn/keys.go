package beckn

import (
	"bytes"
	"crypto/ecdh"
	"crypto/ed25519"
	"fmt"

	"filippo.io/edwards25519"
	"github.com/cloudflare/circl/sign/mldsa/mldsa65"
)

// Key sizes.
const (
	// SigningKeySize is the size of a raw Ed25519 public key.
	SigningKeySize = ed25519.PublicKeySize
	// EncryptionKeySize is the size of a raw X25519 public or private key.
	EncryptionKeySize = 32
	// SignatureSize is the size of an Ed25519 signature.
	SignatureSize = ed25519.SignatureSize
	// MLDSAPublicKeySize is the size of an ML-DSA-65 public key.
	MLDSAPublicKeySize = mldsa65.PublicKeySize
)

// DER SubjectPublicKeyInfo prefixes of 32-byte Ed25519 and X25519 public
// keys (RFC 8410). Some Beckn registries publish keys in this form.
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

// NormalizeSigningPublicKey checks an Ed25519 public key, raw (32 bytes) or
// DER SubjectPublicKeyInfo (44 bytes), and returns it raw: a valid curve
// point that is not of small order (a small-order key "verifies" signatures
// nobody made).
func NormalizeSigningPublicKey(key []byte) (ed25519.PublicKey, error) {
	raw := stripSPKI(key, ed25519SPKIPrefix)
	if len(raw) != SigningKeySize {
		return nil, fmt.Errorf("%w: signing public key has %d bytes; an Ed25519 key has 32 (or 44 in DER)", ErrInvalidKey, len(key))
	}
	p, err := new(edwards25519.Point).SetBytes(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: signing public key is not an Ed25519 point", ErrInvalidKey)
	}
	if new(edwards25519.Point).MultByCofactor(p).Equal(edwards25519.NewIdentityPoint()) == 1 {
		return nil, fmt.Errorf("%w: signing public key is a small-order Ed25519 point", ErrInvalidKey)
	}
	return bytes.Clone(raw), nil
}

// NormalizeEncryptionPublicKey checks an X25519 public key, raw (32 bytes)
// or DER SubjectPublicKeyInfo (44 bytes), and returns it raw; low-order
// points are refused.
func NormalizeEncryptionPublicKey(key []byte) ([]byte, error) {
	raw := stripSPKI(key, x25519SPKIPrefix)
	if len(raw) != EncryptionKeySize {
		return nil, fmt.Errorf("%w: encryption public key has %d bytes; an X25519 key has 32 (or 44 in DER)", ErrInvalidKey, len(key))
	}
	pub, err := ecdh.X25519().NewPublicKey(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: encryption public key: %w", ErrInvalidKey, err)
	}
	probe, err := ecdh.X25519().NewPrivateKey(x25519Probe)
	if err != nil {
		return nil, err
	}
	if _, err := probe.ECDH(pub); err != nil {
		return nil, fmt.Errorf("%w: encryption public key is a low-order X25519 point", ErrInvalidKey)
	}
	return bytes.Clone(raw), nil
}

// SigningPrivateKey reads an Ed25519 private key in either form Beckn tools
// use: the 32-byte seed, or libsodium's 64-byte seed||public key (as in
// BECKN-006's examples), whose public half must be the seed's own.
func SigningPrivateKey(key []byte) (ed25519.PrivateKey, error) {
	switch len(key) {
	case ed25519.SeedSize:
		return ed25519.NewKeyFromSeed(key), nil
	case ed25519.PrivateKeySize:
		priv := ed25519.NewKeyFromSeed(key[:ed25519.SeedSize])
		if !bytes.Equal(priv[ed25519.SeedSize:], key[ed25519.SeedSize:]) {
			return nil, fmt.Errorf("%w: the 64-byte signing private key's public half is not its seed's", ErrInvalidKey)
		}
		return priv, nil
	}
	return nil, fmt.Errorf("%w: signing private key has %d bytes; an Ed25519 key has 32 (seed) or 64 (seed||public)", ErrInvalidKey, len(key))
}

// EncryptionPrivateKey reads a raw 32-byte X25519 private key.
func EncryptionPrivateKey(key []byte) (*ecdh.PrivateKey, error) {
	priv, err := ecdh.X25519().NewPrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("%w: encryption private key has %d bytes; an X25519 key has 32", ErrInvalidKey, len(key))
	}
	return priv, nil
}

// ValidateMLDSAPublicKey checks an optional ML-DSA-65 public key: empty, or
// 1,952 bytes that decode.
func ValidateMLDSAPublicKey(key []byte) error {
	if len(key) == 0 {
		return nil
	}
	if len(key) != MLDSAPublicKeySize {
		return fmt.Errorf("%w: ML-DSA-65 public key has %d bytes; it has %d", ErrInvalidKey, len(key), MLDSAPublicKeySize)
	}
	var pk mldsa65.PublicKey
	if err := pk.UnmarshalBinary(key); err != nil {
		return fmt.Errorf("%w: ML-DSA-65 public key: %w", ErrInvalidKey, err)
	}
	return nil
}
