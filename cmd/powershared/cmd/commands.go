package cmd

import (
	"errors"
	"fmt"

	dbm "github.com/cosmos/cosmos-db"
	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"cosmossdk.io/log/v2"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/debug"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/client/keys"
	"github.com/cosmos/cosmos-sdk/client/pruning"
	"github.com/cosmos/cosmos-sdk/client/rpc"
	"github.com/cosmos/cosmos-sdk/client/snapshot"
	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/crypto/hd"
	"github.com/cosmos/cosmos-sdk/server"
	servertypes "github.com/cosmos/cosmos-sdk/server/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	authcmd "github.com/cosmos/cosmos-sdk/x/auth/client/cli"
	genutilcli "github.com/cosmos/cosmos-sdk/x/genutil/client/cli"

	"github.com/powershare/powershare/app"
	becknclient "github.com/powershare/powershare/x/beckn/client/cli"
)

// addCommands adds the node, genesis, wallet and client commands to rootCmd.
func addCommands(rootCmd *cobra.Command, tempApp *app.App) {
	basics := tempApp.BasicModuleManager
	txConfig := tempApp.TxConfig()

	rootCmd.AddCommand(
		initCmd(basics, tempApp.AppCodec()),
		genesisCmd(txConfig, basics),
		testnetCmd(basics),
		debug.Cmd(),
		pruning.Cmd(newApp, app.DefaultNodeHome),
		snapshot.Cmd(newApp),
		clientConfigCmd(),
		becknclient.BecknCommand(),
	)

	server.AddCommands(rootCmd, app.DefaultNodeHome, newApp, exportApp, func(*cobra.Command) {})

	rootCmd.AddCommand(
		server.StatusCommand(),
		queryCommand(),
		txCommand(),
		keysCmd(),
	)
}

// initCmd is the SDK's init with ML-DSA-65 as the default consensus key, and
// PowerShare's default app state and consensus parameters written into the
// new genesis file.
func initCmd(basics module.BasicManager, cdc codec.JSONCodec) *cobra.Command {
	cmd := genutilcli.InitCmd(basics, app.DefaultNodeHome)
	setFlagDefault(cmd, genutilcli.FlagConsensusKeyAlgo, app.ValidatorKeyType)
	setFlagDefault(cmd, genutilcli.FlagDefaultBondDenom, "upwc")
	cmd.Long = `Initialize the node's configuration files, its validator key and a genesis file.

The validator key is ML-DSA-65 (FIPS 204) and the genesis only admits ML-DSA-65
validators. Block limits are sized for ML-DSA-65 signatures (see README).`
	cmd.Example = "powershared init my-node --chain-id powershare-1"
	runE := cmd.RunE
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		// The SDK replaces CometBFT's default commit timeout with 5 s when it
		// first writes config.toml; init writes it again from this config.
		serverCtx := server.GetServerContextFromCmd(cmd)
		serverCtx.Config.Consensus.TimeoutCommit = blockTime
		if err := runE(cmd, args); err != nil {
			return err
		}
		return writePowerShareGenesis(serverCtx.Config.GenesisFile(), cdc, basics)
	}
	return cmd
}

// keysCmd is the SDK's keys command with ML-DSA-65 as the default algorithm
// for new accounts; secp256k1 stays available with --algo secp256k1.
func keysCmd() *cobra.Command {
	cmd := keys.Commands()
	for _, sub := range cmd.Commands() {
		switch sub.Name() {
		case "add", "import-hex":
			setFlagDefault(sub, flags.FlagKeyType, string(hd.MlDsa65Type))
		}
	}
	return cmd
}

// setFlagDefault changes the default of an existing flag, failing loudly if
// the SDK renames it (a silent no-op would quietly drop post-quantum keys).
func setFlagDefault(cmd *cobra.Command, name, value string) {
	f := cmd.Flags().Lookup(name)
	if f == nil {
		panic(fmt.Sprintf("command %q has no flag %q", cmd.Name(), name))
	}
	if err := f.Value.Set(value); err != nil {
		panic(err)
	}
	f.DefValue = value
}

func queryCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:                        "query",
		Aliases:                    []string{"q"},
		Short:                      "Querying subcommands",
		DisableFlagParsing:         false,
		SuggestionsMinimumDistance: 2,
		RunE:                       client.ValidateCmd,
	}
	cmd.AddCommand(
		rpc.WaitTxCmd(),
		server.QueryBlockCmd(),
		authcmd.QueryTxsByEventsCmd(),
		server.QueryBlocksCmd(),
		authcmd.QueryTxCmd(),
		server.QueryBlockResultsCmd(),
	)
	return cmd
}

func txCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:                        "tx",
		Short:                      "Transactions subcommands",
		DisableFlagParsing:         false,
		SuggestionsMinimumDistance: 2,
		RunE:                       client.ValidateCmd,
	}
	cmd.AddCommand(
		authcmd.GetSignCommand(),
		authcmd.GetSignBatchCommand(),
		authcmd.GetMultiSignCommand(),
		authcmd.GetMultiSignBatchCmd(),
		authcmd.GetValidateSignaturesCommand(),
		authcmd.GetBroadcastCommand(),
		authcmd.GetEncodeCommand(),
		authcmd.GetDecodeCommand(),
		authcmd.GetSimulateCmd(),
	)
	return cmd
}

// newApp creates the application for the start, export, rollback and
// snapshot commands.
func newApp(logger log.Logger, db dbm.DB, appOpts servertypes.AppOptions) servertypes.Application {
	return app.New(logger, db, true, appOpts, server.DefaultBaseappOptions(appOpts)...)
}

// exportApp exports the state at height (or the latest when height is -1).
func exportApp(
	logger log.Logger, db dbm.DB, height int64, forZeroHeight bool, jailAllowedAddrs []string,
	appOpts servertypes.AppOptions, modulesToExport []string,
) (servertypes.ExportedApp, error) {
	viperAppOpts, ok := appOpts.(*viper.Viper)
	if !ok {
		return servertypes.ExportedApp{}, errors.New("appOpts is not a viper.Viper")
	}
	// Exporting reads the state as it is: no invariant checks, no upgrades.
	viperAppOpts.Set(server.FlagInvCheckPeriod, 1)

	loadLatest := height == -1
	powerApp := app.New(logger, db, loadLatest, viperAppOpts)
	if !loadLatest {
		if err := powerApp.LoadHeight(height); err != nil {
			return servertypes.ExportedApp{}, err
		}
	}
	return powerApp.ExportAppStateAndValidators(forZeroHeight, jailAllowedAddrs, modulesToExport)
}
