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
	mustRun(t, append([]string{"genesis", "gentx", "operator", "100000000upwc", "--chain-id", "powershare-edtest"}, kr...)...)
	mustRun(t, "genesis", "collect-gentxs", "--home", home)

	r := run("genesis", "validate", "--home", home)
	require.Error(t, r.err)
	require.Contains(t, r.combined(), "ed25519 consensus key; this genesis admits only [ml_dsa_65]")
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
