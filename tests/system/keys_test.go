package system_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

type keyOutput struct {
	Name     string `json:"name"`
	Type     string `json:"type"`
	Address  string `json:"address"`
	PubKey   string `json:"pubkey"`
	Mnemonic string `json:"mnemonic"`
}

func addKey(t *testing.T, home, name string, extra ...string) keyOutput {
	t.Helper()
	var out keyOutput
	args := append([]string{"keys", "add", name, "--keyring-backend", "test", "--home", home, "--output", "json"}, extra...)
	mustRunJSON(t, &out, args...)
	return out
}

func TestKeysAddDefaultsToMLDSA65(t *testing.T) {
	home := t.TempDir()
	key := addKey(t, home, "alice")
	require.Contains(t, key.PubKey, "/cosmos.crypto.mldsa65.PubKey")
	require.True(t, strings.HasPrefix(key.Address, "power1"), key.Address)

	shown := mustRun(t, "keys", "show", "alice", "-a", "--keyring-backend", "test", "--home", home)
	require.Equal(t, key.Address, strings.TrimSpace(shown))
}

func TestKeysAddSecp256k1OnRequest(t *testing.T) {
	key := addKey(t, t.TempDir(), "bob", "--algo", "secp256k1")
	require.Contains(t, key.PubKey, "/cosmos.crypto.secp256k1.PubKey")
	require.True(t, strings.HasPrefix(key.Address, "power1"), key.Address)
}

func TestMnemonicRecoveryGivesTheSameAccount(t *testing.T) {
	for _, algo := range []string{"ml_dsa_65", "secp256k1"} {
		t.Run(algo, func(t *testing.T) {
			original := addKey(t, t.TempDir(), "original", "--algo", algo)
			require.NotEmpty(t, original.Mnemonic)

			home := t.TempDir()
			recovered := mustRunWithInput(t, original.Mnemonic, "keys", "add", "recovered", "--recover", "--algo", algo,
				"--keyring-backend", "test", "--home", home, "--output", "json")
			require.Contains(t, recovered, original.Address)
		})
	}
}

func TestKeysAddRefusesUnknownAlgorithm(t *testing.T) {
	r := run("keys", "add", "eve", "--algo", "ed448", "--keyring-backend", "test", "--home", t.TempDir())
	require.Error(t, r.err)
	require.Contains(t, r.combined(), "ed448")
}
