package cmd

import (
	"errors"
	"os"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/server"
	"github.com/cosmos/cosmos-sdk/types/module"
	genutilcli "github.com/cosmos/cosmos-sdk/x/genutil/client/cli"
	genutiltypes "github.com/cosmos/cosmos-sdk/x/genutil/types"

	"github.com/powershare/powershare/app"
)

// genesisCmd is the SDK's genesis command with PowerShare's own checks:
// validate also refuses genesis validators with a consensus key type the
// genesis does not admit (an ed25519 validator on an ML-DSA-65 chain) and
// what spans modules (app.ValidateAppGenesis: market escrow against the bank,
// meters, Beckn trades, gentx operators without OPERATOR); collect-gentxs
// refuses, and leaves the genesis file as it was, when a gentx's operator
// lacks OPERATOR.
func genesisCmd(txConfig client.TxConfig, basics module.BasicManager) *cobra.Command {
	cmd := genutilcli.Commands(txConfig, basics, app.DefaultNodeHome)
	cmd.AddCommand(genesisRoleCmd(), genesisCommunityCmd(), genesisTreasuryCmd(), genesisMeterCmd(), genesisParticipantCmd(), genesisZoneCmd())
	for _, sub := range cmd.Commands() {
		switch sub.Name() {
		case "validate":
			wrapValidate(sub)
		case "collect-gentxs":
			wrapCollectGentxs(sub)
		}
	}
	return cmd
}

func wrapValidate(sub *cobra.Command) {
	sdkValidate := sub.RunE
	sub.RunE = func(cmd *cobra.Command, args []string) error {
		file := server.GetServerContextFromCmd(cmd).Config.GenesisFile()
		if len(args) == 1 {
			file = args[0]
		}
		appGenesis, err := genutiltypes.AppGenesisFromFile(file)
		if err != nil {
			return err
		}
		clientCtx := client.GetClientContextFromCmd(cmd)
		if err := app.ValidateGenesisValidatorKeys(appGenesis, clientCtx.Codec, clientCtx.TxConfig); err != nil {
			return err
		}
		if err := sdkValidate(cmd, args); err != nil {
			return err
		}
		return validateAppGenesis(clientCtx, appGenesis)
	}
}

// wrapCollectGentxs checks the genesis the SDK's collect-gentxs wrote and, if
// app.ValidateAppGenesis refuses it, restores the file it started from.
func wrapCollectGentxs(sub *cobra.Command) {
	sdkCollect := sub.RunE
	sub.RunE = func(cmd *cobra.Command, args []string) error {
		file := server.GetServerContextFromCmd(cmd).Config.GenesisFile()
		before, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		if err := sdkCollect(cmd, args); err != nil {
			return err
		}
		appGenesis, err := genutiltypes.AppGenesisFromFile(file)
		if err != nil {
			return err
		}
		if err := validateAppGenesis(client.GetClientContextFromCmd(cmd), appGenesis); err != nil {
			if restoreErr := os.WriteFile(file, before, 0o600); restoreErr != nil {
				return errors.Join(err, restoreErr)
			}
			return err
		}
		return nil
	}
}

func validateAppGenesis(clientCtx client.Context, appGenesis *genutiltypes.AppGenesis) error {
	state, err := genutiltypes.GenesisStateFromAppGenesis(appGenesis)
	if err != nil {
		return err
	}
	return app.ValidateAppGenesis(clientCtx.Codec, clientCtx.TxConfig, state, appGenesis.GenesisTime)
}
