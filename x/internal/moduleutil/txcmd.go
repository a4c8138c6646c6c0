package moduleutil

import (
	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
)

// TxCommand is a module's tx command holding its hand-written commands;
// autocli adds the generated ones to it (EnhanceCustomCommand).
func TxCommand(module, short string, cmds ...*cobra.Command) *cobra.Command {
	cmd := &cobra.Command{
		Use:                        module,
		Short:                      short,
		DisableFlagParsing:         true,
		SuggestionsMinimumDistance: 2,
		RunE:                       client.ValidateCmd,
	}
	cmd.AddCommand(cmds...)
	return cmd
}
