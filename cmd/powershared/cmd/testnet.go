package cmd

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"
	"github.com/spf13/cobra"

	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/client/tx"
	"github.com/cosmos/cosmos-sdk/crypto/hd"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	cryptotypes "github.com/cosmos/cosmos-sdk/crypto/types"
	serverconfig "github.com/cosmos/cosmos-sdk/server/config"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	"github.com/cosmos/cosmos-sdk/types/tx/signing"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	"github.com/cosmos/cosmos-sdk/x/genutil"
	genutiltypes "github.com/cosmos/cosmos-sdk/x/genutil/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/powershare/powershare/app"
	"github.com/powershare/powershare/app/params"
	assetstypes "github.com/powershare/powershare/x/assets/types"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

const (
	flagValidatorCount = "validator-count"
	flagOutputDir      = "output-dir"
	flagBasePort       = "base-port"

	// portsPerNode is the width of each node's port block: p2p, rpc, grpc, api, pprof.
	portsPerNode = 10
)

var (
	validatorFunds  = sdkmath.NewInt(1_000_000_000_000)  // 1,000,000 PWC per validator account
	validatorBond   = sdkmath.NewInt(100_000_000_000)    // 100,000 PWC bonded by each
	testnetTreasury = sdkmath.NewInt(10_000_000_000_000) // 10,000,000 PWC in the treasury
)

// testnetCmd groups the commands that prepare multi-validator test networks.
func testnetCmd(basics module.BasicManager) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "testnet",
		Short: "Prepare a local multi-validator test network",
		RunE:  client.ValidateCmd,
	}
	cmd.AddCommand(testnetInitFilesCmd(basics))
	return cmd
}

// nodePorts are the loopback ports of one node of a local test network.
type nodePorts struct{ P2P, RPC, GRPC, API, Pprof int }

func portsFor(base, index int) nodePorts {
	first := base + index*portsPerNode
	return nodePorts{P2P: first, RPC: first + 1, GRPC: first + 2, API: first + 3, Pprof: first + 4}
}

func testnetInitFilesCmd(basics module.BasicManager) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "init-files",
		Short: "Write the homes of N validators on loopback, sharing one genesis",
		Long: `Write the node homes of a local network of N validators: for node i, under
<output-dir>/node<i>, an ML-DSA-65 validator key, an ML-DSA-65 operator account
"validator" (test keyring, mnemonic in key_seed.json) funded with 1,000,000 PWC
of which 100,000 PWC are bonded and holding the OPERATOR role (node0's also ADMIN), and configs whose ports start at
base-port + 10*i (p2p, rpc, grpc, api, pprof), with every other node as a
persistent peer. All nodes share one genesis with PowerShare's defaults.`,
		Example: "powershared testnet init-files --validator-count 4 --output-dir .network --chain-id powershare-net",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			clientCtx := client.GetClientContextFromCmd(cmd)
			count, _ := cmd.Flags().GetInt(flagValidatorCount)
			outDir, _ := cmd.Flags().GetString(flagOutputDir)
			basePort, _ := cmd.Flags().GetInt(flagBasePort)
			chainID, _ := cmd.Flags().GetString(flags.FlagChainID)
			backend, _ := cmd.Flags().GetString(flags.FlagKeyringBackend)
			if count < 1 {
				return fmt.Errorf("--%s must be at least 1", flagValidatorCount)
			}
			if basePort < 1024 || basePort+count*portsPerNode > 65535 {
				return fmt.Errorf("--%s %d leaves no room for %d nodes", flagBasePort, basePort, count)
			}
			net := testnetSpec{count: count, outDir: outDir, basePort: basePort, chainID: chainID, backend: backend}
			if err := net.write(cmd, clientCtx, basics); err != nil {
				return err
			}
			cmd.Printf("wrote %d validator homes to %s (chain-id %s)\n", count, outDir, chainID)
			return nil
		},
	}
	cmd.Flags().Int(flagValidatorCount, 4, "number of validators")
	cmd.Flags().String(flagOutputDir, "./.network", "directory for the node homes")
	cmd.Flags().Int(flagBasePort, 26600, "first port of node 0; node i uses base-port+10*i onwards")
	cmd.Flags().String(flags.FlagChainID, "powershare-net", "chain id of the network")
	cmd.Flags().String(flags.FlagKeyringBackend, keyring.BackendTest, "keyring backend of the validator accounts")
	return cmd
}

type testnetSpec struct {
	count    int
	outDir   string
	basePort int
	chainID  string
	backend  string
}

// testnetNode is what write learns about one node while preparing it.
type testnetNode struct {
	config *cmtcfg.Config
	nodeID string
	valKey cryptotypes.PubKey
}

func (s testnetSpec) write(cmd *cobra.Command, clientCtx client.Context, basics module.BasicManager) error {
	gentxDir := filepath.Join(s.outDir, "gentxs")
	nodes := make([]testnetNode, s.count)
	var (
		accounts []authtypes.GenesisAccount
		balances []banktypes.Balance
	)
	for i := range s.count {
		node, operator, err := s.initNode(cmd, clientCtx, i, gentxDir)
		if err != nil {
			return fmt.Errorf("node %d: %w", i, err)
		}
		nodes[i] = node
		accounts = append(accounts, authtypes.NewBaseAccount(operator, nil, 0, 0))
		balances = append(balances, banktypes.Balance{
			Address: operator.String(),
			Coins:   sdk.NewCoins(sdk.NewCoin(params.BondDenom, validatorFunds)),
		})
	}

	appGenesis, err := s.genesis(clientCtx, basics, accounts, balances)
	if err != nil {
		return err
	}
	for i, node := range nodes {
		initCfg := genutiltypes.NewInitConfig(s.chainID, gentxDir, node.nodeID, node.valKey)
		nodeGenesis := *appGenesis
		if err := nodeGenesis.SaveAs(node.config.GenesisFile()); err != nil {
			return err
		}
		// Collecting the gentxs writes the final genesis and the persistent peers.
		if _, err := genutil.GenAppStateFromConfig(clientCtx.Codec, clientCtx.TxConfig, node.config, initCfg,
			&nodeGenesis, banktypes.GenesisBalancesIterator{}, genutiltypes.DefaultMessageValidator,
			clientCtx.TxConfig.SigningContext().ValidatorAddressCodec()); err != nil {
			return fmt.Errorf("node %d: collecting gentxs: %w", i, err)
		}
	}
	return nil
}

// initNode writes one node's keys and configs and its gentx, and returns
// the node with its operator account.
func (s testnetSpec) initNode(cmd *cobra.Command, clientCtx client.Context, i int, gentxDir string) (testnetNode, sdk.AccAddress, error) {
	moniker := fmt.Sprintf("node%d", i)
	home := filepath.Join(s.outDir, moniker)
	ports := portsFor(s.basePort, i)

	config := initCometBFTConfig()
	config.SetRoot(home)
	config.Moniker = moniker
	config.P2P.ListenAddress = fmt.Sprintf("tcp://127.0.0.1:%d", ports.P2P)
	config.RPC.ListenAddress = fmt.Sprintf("tcp://127.0.0.1:%d", ports.RPC)
	config.RPC.PprofListenAddress = fmt.Sprintf("127.0.0.1:%d", ports.Pprof)
	config.P2P.AllowDuplicateIP = true
	config.P2P.AddrBookStrict = false
	if err := os.MkdirAll(filepath.Join(home, "config"), 0o755); err != nil {
		return testnetNode{}, nil, err
	}
	nodeID, valKey, err := genutil.InitializeNodeValidatorFilesFromMnemonicWithKeyType(config, "", app.ValidatorKeyType)
	if err != nil {
		return testnetNode{}, nil, err
	}

	kb, err := keyring.New(sdk.KeyringServiceName(), s.backend, home, bufio.NewReader(cmd.InOrStdin()), clientCtx.Codec)
	if err != nil {
		return testnetNode{}, nil, err
	}
	record, mnemonic, err := kb.NewMnemonic("validator", keyring.English, sdk.FullFundraiserPath, "", hd.MlDsa65)
	if err != nil {
		return testnetNode{}, nil, err
	}
	operator, err := record.GetAddress()
	if err != nil {
		return testnetNode{}, nil, err
	}
	seed, err := json.Marshal(map[string]string{"secret": mnemonic, "address": operator.String()})
	if err != nil {
		return testnetNode{}, nil, err
	}
	if err := os.WriteFile(filepath.Join(home, "key_seed.json"), seed, 0o600); err != nil {
		return testnetNode{}, nil, err
	}

	memo := fmt.Sprintf("%s@127.0.0.1:%d", nodeID, ports.P2P)
	if err := s.writeGentx(clientCtx, kb, moniker, operator, valKey, memo, filepath.Join(gentxDir, moniker+".json")); err != nil {
		return testnetNode{}, nil, err
	}

	appConfig := powerShareAppConfig()
	appConfig.API.Address = fmt.Sprintf("tcp://127.0.0.1:%d", ports.API)
	appConfig.GRPC.Address = fmt.Sprintf("127.0.0.1:%d", ports.GRPC)
	serverconfig.WriteConfigFile(filepath.Join(home, "config", "app.toml"), appConfig)
	if err := writeClientConfig(home, s.chainID, s.backend, config.RPC.ListenAddress); err != nil {
		return testnetNode{}, nil, err
	}
	return testnetNode{config: config, nodeID: nodeID, valKey: valKey}, operator, nil
}

// writeGentx signs the node's MsgCreateValidator for the genesis.
func (s testnetSpec) writeGentx(clientCtx client.Context, kb keyring.Keyring, moniker string,
	operator sdk.AccAddress, valKey cryptotypes.PubKey, memo, path string,
) error {
	msg, err := stakingtypes.NewMsgCreateValidator(
		sdk.ValAddress(operator).String(), valKey, sdk.NewCoin(params.BondDenom, validatorBond),
		stakingtypes.NewDescription(moniker, "", "", "", ""),
		stakingtypes.NewCommissionRates(sdkmath.LegacyNewDecWithPrec(1, 1), sdkmath.LegacyNewDecWithPrec(2, 1),
			sdkmath.LegacyNewDecWithPrec(1, 2)),
		sdkmath.OneInt())
	if err != nil {
		return err
	}
	factory := tx.Factory{}.
		WithChainID(s.chainID).
		WithKeybase(kb).
		WithTxConfig(clientCtx.TxConfig).
		WithSignMode(signing.SignMode_SIGN_MODE_DIRECT).
		WithGas(400_000).
		WithMemo(memo)
	builder, err := factory.BuildUnsignedTx(msg)
	if err != nil {
		return err
	}
	if err := tx.Sign(context.Background(), factory, "validator", builder, true); err != nil {
		return err
	}
	bz, err := clientCtx.TxConfig.TxJSONEncoder()(builder.GetTx())
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, bz, 0o600)
}

// genesis builds the shared genesis: PowerShare defaults, the validator
// accounts and their balances, and PowerShare's consensus parameters.
func (s testnetSpec) genesis(clientCtx client.Context, basics module.BasicManager,
	accounts []authtypes.GenesisAccount, balances []banktypes.Balance,
) (*genutiltypes.AppGenesis, error) {
	cdc := clientCtx.Codec
	state := app.NewDefaultGenesisState(cdc, basics)

	var authState authtypes.GenesisState
	cdc.MustUnmarshalJSON(state[authtypes.ModuleName], &authState)
	packed, err := authtypes.PackAccounts(accounts)
	if err != nil {
		return nil, err
	}
	authState.Accounts = append(authState.Accounts, packed...)
	state[authtypes.ModuleName] = cdc.MustMarshalJSON(&authState)

	// Every validator's operator holds OPERATOR; node0's is also the ADMIN.
	var rbacState rbactypes.GenesisState
	cdc.MustUnmarshalJSON(state[rbactypes.ModuleName], &rbacState)
	for i, acc := range accounts {
		addr := acc.GetAddress().String()
		rbacState.Grants = append(rbacState.Grants, rbactypes.Grant{Address: addr, Role: rbactypes.Role_OPERATOR})
		if i == 0 {
			rbacState.Grants = append(rbacState.Grants, rbactypes.Grant{Address: addr, Role: rbactypes.Role_ADMIN})
		}
	}
	state[rbactypes.ModuleName] = cdc.MustMarshalJSON(&rbacState)

	var bankState banktypes.GenesisState
	cdc.MustUnmarshalJSON(state[banktypes.ModuleName], &bankState)
	bankState.Balances = append(bankState.Balances, balances...)
	// The PowerCoin treasury (x/assets), paid out by ADMINs.
	bankState.Balances = append(bankState.Balances, banktypes.Balance{
		Address: authtypes.NewModuleAddress(assetstypes.TreasuryName).String(),
		Coins:   sdk.NewCoins(sdk.NewCoin(params.BondDenom, testnetTreasury)),
	})
	state[banktypes.ModuleName] = cdc.MustMarshalJSON(&bankState)

	appState, err := json.MarshalIndent(state, "", "  ")
	if err != nil {
		return nil, err
	}
	return &genutiltypes.AppGenesis{
		ChainID:       s.chainID,
		AppState:      appState,
		InitialHeight: 1,
		GenesisTime:   time.Now().UTC().Truncate(time.Second), // a CLI tool, not the state machine
		Consensus:     &genutiltypes.ConsensusGenesis{Params: app.NewConsensusParams()},
	}, nil
}

// writeClientConfig points the node's client.toml at its own RPC, so CLI
// commands run with --home <node> talk to that node.
func writeClientConfig(home, chainID, backend, rpc string) error {
	content := fmt.Sprintf(`chain-id = %q
keyring-backend = %q
keyring-default-keyname = ""
output = "text"
node = %q
broadcast-mode = "sync"
`, chainID, backend, rpc)
	return os.WriteFile(filepath.Join(home, "config", "client.toml"), []byte(content), 0o600)
}
