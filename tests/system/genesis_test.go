package system_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestGenesisValidateRefusesEd25519Validators prepares a genesis whose only
// gentx comes from a node with an ed25519 key while the genesis admits only
// ML-DSA-65 validators: `genesis validate` must refuse it and say why.
func TestGenesisValidateRefusesEd25519Validators(t *testing.T) {
	home := t.TempDir()
	kr := []string{"--keyring-backend", "test", "--home", home}
	mustRun(t, "init", "legacy-node", "--chain-id", "powershare-edtest", "--consensus-key-algo", "ed25519", "--home", home)
	genesisFile := filepath.Join(home, "config", "genesis.json")
	setValidatorKeyTypes(t, genesisFile, []string{"ml_dsa_65"})

	addKey(t, home, "operator")
	mustRun(t, append([]string{"genesis", "add-genesis-account", "operator", "1000000000upwc"}, kr...)...)
	mustRun(t, append([]string{"genesis", "add-genesis-role", "operator", "OPERATOR"}, kr...)...)
	mustRun(t, append([]string{"genesis", "gentx", "operator", "100000000upwc", "--chain-id", "powershare-edtest"}, kr...)...)
	mustRun(t, "genesis", "collect-gentxs", "--home", home)

	r := run("genesis", "validate", "--home", home)
	require.Error(t, r.err)
	require.Contains(t, r.combined(), "ed25519 consensus key; this genesis admits only [ml_dsa_65]")
}

// TestGenesisRefusesAGentxWithoutOperator covers the gentx check of issue
// 11: a gentx whose operator lacks OPERATOR made `start` panic at InitChain.
// collect-gentxs refuses it and leaves the genesis file as it was, validate
// refuses a genesis that already holds it, and both name the command that
// adds the role.
func TestGenesisRefusesAGentxWithoutOperator(t *testing.T) {
	home := t.TempDir()
	kr := []string{"--keyring-backend", "test", "--home", home}
	mustRun(t, "init", "node", "--chain-id", "powershare-optest", "--home", home)
	genesisFile := filepath.Join(home, "config", "genesis.json")
	addKey(t, home, "operator")
	mustRun(t, append([]string{"genesis", "add-genesis-account", "operator", "1000000000upwc"}, kr...)...)
	mustRun(t, append([]string{"genesis", "gentx", "operator", "100000000upwc", "--chain-id", "powershare-optest"}, kr...)...)
	before, err := os.ReadFile(genesisFile)
	require.NoError(t, err)

	r := run("genesis", "collect-gentxs", "--home", home)
	require.Error(t, r.err)
	require.Contains(t, r.combined(), "does not hold the chain-wide OPERATOR role")
	require.Contains(t, r.combined(), "powershared genesis add-genesis-role")
	after, err := os.ReadFile(genesisFile)
	require.NoError(t, err)
	require.Equal(t, string(before), string(after), "a refused collect-gentxs leaves the genesis as it was")

	// A genesis assembled without the check (here: the gentx copied in by hand) is refused by validate.
	editGenesis(t, genesisFile, func(genesis map[string]any) {
		entries, err := os.ReadDir(filepath.Join(home, "config", "gentx"))
		require.NoError(t, err)
		require.Len(t, entries, 1)
		bz, err := os.ReadFile(filepath.Join(home, "config", "gentx", entries[0].Name()))
		require.NoError(t, err)
		var gentx any
		require.NoError(t, json.Unmarshal(bz, &gentx))
		genesis["app_state"].(map[string]any)["genutil"] = map[string]any{"gen_txs": []any{gentx}}
	})
	r = run("genesis", "validate", "--home", home)
	require.Error(t, r.err)
	require.Contains(t, r.combined(), "powershared genesis add-genesis-role")

	// With the role, both pass.
	mustRun(t, append([]string{"genesis", "add-genesis-role", "operator", "OPERATOR"}, kr...)...)
	mustRun(t, "genesis", "collect-gentxs", "--home", home)
	mustRun(t, "genesis", "validate", "--home", home)
}

// TestInitIsPostQuantumByDefault checks what a plain `init` writes.
func TestInitIsPostQuantumByDefault(t *testing.T) {
	home := t.TempDir()
	mustRun(t, "init", "node", "--chain-id", "powershare-pq", "--home", home)
	var genesis struct {
		Consensus struct {
			Params struct {
				Block struct {
					MaxBytes string `json:"max_bytes"`
					MaxGas   string `json:"max_gas"`
				} `json:"block"`
				Validator struct {
					PubKeyTypes []string `json:"pub_key_types"`
				} `json:"validator"`
			} `json:"params"`
		} `json:"consensus"`
		AppState struct {
			Bank struct {
				DenomMetadata []struct {
					Base string `json:"base"`
				} `json:"denom_metadata"`
			} `json:"bank"`
		} `json:"app_state"`
	}
	bz, err := os.ReadFile(filepath.Join(home, "config", "genesis.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(bz, &genesis))
	require.Equal(t, []string{"ml_dsa_65"}, genesis.Consensus.Params.Validator.PubKeyTypes)
	require.Equal(t, "300000000", genesis.Consensus.Params.Block.MaxGas)
	var denoms []string
	for _, m := range genesis.AppState.Bank.DenomMetadata {
		denoms = append(denoms, m.Base)
	}
	require.Equal(t, []string{"upwc", "uec", "ucc"}, denoms)

	key, err := os.ReadFile(filepath.Join(home, "config", "priv_validator_key.json"))
	require.NoError(t, err)
	require.Contains(t, string(key), "PubKeyMlDsa65")
}

func setValidatorKeyTypes(t *testing.T, genesisFile string, types []string) {
	t.Helper()
	editGenesis(t, genesisFile, func(genesis map[string]any) {
		validator := genesis["consensus"].(map[string]any)["params"].(map[string]any)["validator"].(map[string]any)
		validator["pub_key_types"] = types
	})
}
