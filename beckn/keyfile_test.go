package beckn_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/powershare/powershare/beckn"
)

func TestKeyFileWriteAndRead(t *testing.T) {
	for _, withMLDSA := range []bool{false, true} {
		path := filepath.Join(t.TempDir(), "key.json")
		kf, err := beckn.NewKeyFile("key-1", withMLDSA)
		require.NoError(t, err)

		require.NoError(t, beckn.WriteKeyFile(path, kf))
		read, err := beckn.ReadKeyFile(path)
		require.NoError(t, err)
		info, err := os.Stat(path)
		require.NoError(t, err)

		require.Equal(t, kf, read)
		require.Equal(t, os.FileMode(0o600), info.Mode().Perm())
		require.Equal(t, withMLDSA, len(read.MLDSAPublicKey) == beckn.MLDSAPublicKeySize)
		require.Error(t, beckn.WriteKeyFile(path, kf), "an existing key file is never overwritten")
	}
}

func TestReadKeyFileTakesTheSeedForm(t *testing.T) {
	kf, err := beckn.NewKeyFile("key-1", false)
	require.NoError(t, err)
	kf.SigningPrivateKey = kf.SigningPrivateKey[:32]

	read, err := beckn.ReadKeyFile(writeJSON(t, kf))

	require.NoError(t, err)
	key, err := read.SigningKey()
	require.NoError(t, err)
	require.Equal(t, key.Seed(), kf.SigningPrivateKey)
}

func TestReadKeyFileRefusesKeysThatDoNotBelongTogether(t *testing.T) {
	a, err := beckn.NewKeyFile("a", true)
	require.NoError(t, err)
	b, err := beckn.NewKeyFile("b", true)
	require.NoError(t, err)
	tests := []struct {
		name   string
		modify func(*beckn.KeyFile)
		says   string
	}{
		{"signing", func(kf *beckn.KeyFile) { kf.SigningPublicKey = b.SigningPublicKey }, "signing keys do not belong together"},
		{"encryption", func(kf *beckn.KeyFile) { kf.EncrPublicKey = b.EncrPublicKey }, "encryption keys do not belong together"},
		{"ML-DSA", func(kf *beckn.KeyFile) { kf.MLDSAPublicKey = b.MLDSAPublicKey }, "ML-DSA-65 keys do not belong together"},
		{"ML-DSA half", func(kf *beckn.KeyFile) { kf.MLDSAPrivateKey = nil }, "both its private and its public half"},
		{"no key id", func(kf *beckn.KeyFile) { kf.KeyID = "" }, "no key_id"},
		{"short signing key", func(kf *beckn.KeyFile) { kf.SigningPrivateKey = kf.SigningPrivateKey[:10] }, "has 10 bytes"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			kf := a
			tc.modify(&kf)

			_, err := beckn.ReadKeyFile(writeJSON(t, kf))

			require.ErrorIs(t, err, beckn.ErrInvalidKeyFile)
			require.ErrorContains(t, err, tc.says)
		})
	}
}

func writeJSON(t *testing.T, kf beckn.KeyFile) string {
	t.Helper()
	bz, err := json.Marshal(kf)
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "key.json")
	require.NoError(t, os.WriteFile(path, bz, 0o600))
	return path
}

func TestKeyFileNeverPrintsOrReturnsPrivateKeys(t *testing.T) {
	kf, err := beckn.NewKeyFile("key-1", true)
	require.NoError(t, err)
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		out := fmt.Sprintf(format, kf)
		require.NotContains(t, out, fmt.Sprintf("%d", kf.SigningPrivateKey), format)
		require.NotContains(t, out, fmt.Sprintf("%d", kf.MLDSAPrivateKey), format)
		require.Contains(t, out, "key-1", format)
	}

	// A file whose keys do not belong together is refused with an empty key set.
	kf.SigningPublicKey = kf.EncrPublicKey
	bz, err := json.Marshal(kf)
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "mismatched.json")
	require.NoError(t, os.WriteFile(path, bz, 0o600))
	got, err := beckn.ReadKeyFile(path)
	require.ErrorIs(t, err, beckn.ErrInvalidKeyFile)
	require.Equal(t, beckn.KeyFile{}, got)
}

// TestReadKeyFileRefusesAFileOthersMayRead: a key file group- or
// world-readable (or writable) is refused with the chmod that fixes it, and
// no keys are returned.
func TestReadKeyFileRefusesAFileOthersMayRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "key.json")
	kf, err := beckn.NewKeyFile("key-1", false)
	require.NoError(t, err)
	require.NoError(t, beckn.WriteKeyFile(path, kf))
	for _, mode := range []os.FileMode{0o640, 0o604, 0o620, 0o644} {
		require.NoError(t, os.Chmod(path, mode))
		got, err := beckn.ReadKeyFile(path)
		require.ErrorIs(t, err, beckn.ErrInvalidKeyFile, "mode %04o", mode)
		require.ErrorContains(t, err, "chmod 600")
		require.Equal(t, beckn.KeyFile{}, got)
	}
	require.NoError(t, os.Chmod(path, 0o400))
	_, err = beckn.ReadKeyFile(path)
	require.NoError(t, err, "read-only for its owner is fine")
}
