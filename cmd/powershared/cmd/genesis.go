package cmd

import (
	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/server"
	"github.com/cosmos/cosmos-sdk/types/module"
	genutilcli "github.com/cosmos/cosmos-sdk/x/genutil/client/cli"
	genutiltypes "github.com/cosmos/cosmos-sdk/x/genutil/types"

	"github.com/powershare/powershare/app"
)

// genesisCmd is the SDK's genesis command whose validate subcommand also
// refuses genesis validators with a consensus key type the genesis does not
// admit (an ed25519 validator on an ML-DSA-65 chain).
func genesisCmd(txConfig client.TxConfig, basics module.BasicManager) *cobra.Command {
	cmd := genutilcli.Commands(txConfig, basics, app.DefaultNodeHome)
	cmd.AddCommand(genesisRoleCmd(), genesisCommunityCmd(), genesisTreasuryCmd(), genesisMeterCmd(), genesisParticipantCmd(), genesisZoneCmd())
	for _, sub := range cmd.Commands() {
		if sub.Name() != "validate" {
			continue
		}
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
			return sdkValidate(cmd, args)
		}
	}
	return cmd
}
