package beckn_test

import (
	"bytes"
	"crypto/ecdh"
	"crypto/ed25519"
	"crypto/x509"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/powershare/powershare/beckn"
)

func TestSigningPublicKeysRawOrDER(t *testing.T) {
	pub := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{3}, 32)).Public().(ed25519.PublicKey)
	der, err := x509.MarshalPKIXPublicKey(pub)
	require.NoError(t, err)

	for _, form := range [][]byte{pub, der} {
		raw, err := beckn.NormalizeSigningPublicKey(form)
		require.NoError(t, err)
		require.Equal(t, pub, raw)
	}
}

func TestSigningPublicKeysRefused(t *testing.T) {
	identity := append([]byte{1}, make([]byte, 31)...)
	// y = -1: the point of order 2.
	orderTwo := append([]byte{0xec}, append(bytes.Repeat([]byte{0xff}, 30), 0x7f)...)
	notAPoint := append([]byte{2}, make([]byte, 31)...)
	x25519DER := append([]byte{0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x03, 0x21, 0x00}, bytes.Repeat([]byte{9}, 32)...)
	for name, key := range map[string][]byte{
		"identity": identity, "order two": orderTwo, "not a point": notAPoint, "31 bytes": make([]byte, 31),
		"an X25519 DER key": x25519DER, "empty": nil,
	} {
		_, err := beckn.NormalizeSigningPublicKey(key)
		require.ErrorIs(t, err, beckn.ErrInvalidKey, name)
	}
}

func TestEncryptionPublicKeysRawOrDER(t *testing.T) {
	priv, err := ecdh.X25519().NewPrivateKey(bytes.Repeat([]byte{4}, 32))
	require.NoError(t, err)
	der, err := x509.MarshalPKIXPublicKey(priv.PublicKey())
	require.NoError(t, err)

	for _, form := range [][]byte{priv.PublicKey().Bytes(), der} {
		raw, err := beckn.NormalizeEncryptionPublicKey(form)
		require.NoError(t, err)
		require.Equal(t, priv.PublicKey().Bytes(), raw)
	}
}

func TestLowOrderEncryptionKeysRefused(t *testing.T) {
	for name, key := range map[string][]byte{
		"zero": make([]byte, 32), "one": append([]byte{1}, make([]byte, 31)...), "33 bytes": make([]byte, 33),
	} {
		_, err := beckn.NormalizeEncryptionPublicKey(key)
		require.ErrorIs(t, err, beckn.ErrInvalidKey, name)
	}
}

func TestSigningPrivateKeyForms(t *testing.T) {
	priv := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{5}, 32))
	mismatched := append(bytes.Clone(priv.Seed()), ed25519.NewKeyFromSeed(bytes.Repeat([]byte{6}, 32)).Public().(ed25519.PublicKey)...)

	fromSeed, err := beckn.SigningPrivateKey(priv.Seed())
	require.NoError(t, err)
	fromLibsodium, err := beckn.SigningPrivateKey(priv)
	require.NoError(t, err)
	_, errMismatch := beckn.SigningPrivateKey(mismatched)
	_, errSize := beckn.SigningPrivateKey(priv[:40])

	require.Equal(t, priv, fromSeed)
	require.Equal(t, priv, fromLibsodium)
	require.ErrorIs(t, errMismatch, beckn.ErrInvalidKey)
	require.ErrorContains(t, errMismatch, "public half")
	require.ErrorIs(t, errSize, beckn.ErrInvalidKey)
}

func TestMLDSAPublicKeyCheck(t *testing.T) {
	kf, err := beckn.NewKeyFile("key-1", true)
	require.NoError(t, err)

	require.NoError(t, beckn.ValidateMLDSAPublicKey(nil), "optional")
	require.NoError(t, beckn.ValidateMLDSAPublicKey(kf.MLDSAPublicKey))
	require.ErrorIs(t, beckn.ValidateMLDSAPublicKey(kf.MLDSAPublicKey[:100]), beckn.ErrInvalidKey)
}

func TestMLDSACoSignatureOverTheSigningString(t *testing.T) {
	kf, err := beckn.NewKeyFile("key-1", true)
	require.NoError(t, err)
	sk, err := kf.MLDSAKey()
	require.NoError(t, err)
	digest := beckn.Digest([]byte(`{"message":{}}`))

	sig, err := beckn.CoSign(sk, 100, 200, digest)
	require.NoError(t, err)

	require.NoError(t, beckn.VerifyCoSignature(kf.MLDSAPublicKey, 100, 200, digest, sig))
	require.ErrorIs(t, beckn.VerifyCoSignature(kf.MLDSAPublicKey, 100, 201, digest, sig), beckn.ErrInvalidSignature)
	require.ErrorIs(t, beckn.VerifyCoSignature(kf.MLDSAPublicKey, 100, 200, beckn.Digest(nil), sig), beckn.ErrInvalidSignature)
	require.ErrorIs(t, beckn.VerifyCoSignature(nil, 100, 200, digest, sig), beckn.ErrInvalidKey)
}
