// Package cli holds the market command autocli cannot express: settling
// many trades from arguments or a CSV file.
package cli

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/client/tx"

	"github.com/powershare/powershare/x/internal/cliutil"
	"github.com/powershare/powershare/x/market/types"
)

// TxCommands are the hand-written market tx commands; autocli adds the rest.
func TxCommands() []*cobra.Command { return []*cobra.Command{settleTradesCmd()} }

func settleTradesCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "settle-trades [trade-id:delivered-wh]...",
		Short: "Settle trades with the energy delivered, after their slot (GRID_OPERATOR)",
		Long: `Settle trades: the seller is paid for the delivered energy, the buyer gets the rest back and,
for a shortfall, a share of the seller's collateral. --file reads a CSV of trade_id,delivered_wh
(a first line naming the columns is skipped).`,
		Example: `powershared tx market settle-trades 1:2500 2:3000 --from gridop
powershared tx market settle-trades --file delivered.csv --from gridop`,
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx, err := client.GetClientTxContext(cmd)
			if err != nil {
				return err
			}
			var settlements []types.Settlement
			if file, _ := cmd.Flags().GetString("file"); file != "" {
				if len(args) > 0 {
					return fmt.Errorf("give trade-id:delivered-wh arguments or --file, not both")
				}
				f, err := os.Open(file)
				if err != nil {
					return err
				}
				defer f.Close()
				settlements, err = cliutil.ReadCSV(f, []string{"trade_id", "delivered_wh"},
					func(row []string) (types.Settlement, error) { return parseSettlement(row[0], row[1]) })
				if err != nil {
					return fmt.Errorf("%s: %w", file, err)
				}
			} else {
				if len(args) == 0 {
					return fmt.Errorf("give at least one trade-id:delivered-wh, or --file")
				}
				for _, arg := range args {
					id, wh, ok := strings.Cut(arg, ":")
					if !ok {
						return fmt.Errorf("%q: want trade-id:delivered-wh", arg)
					}
					s, err := parseSettlement(id, wh)
					if err != nil {
						return fmt.Errorf("%q: %w", arg, err)
					}
					settlements = append(settlements, s)
				}
			}
			msg := &types.MsgSettleTrades{Signer: clientCtx.GetFromAddress().String(), Settlements: settlements}
			return tx.GenerateOrBroadcastTxCLI(clientCtx, cmd.Flags(), msg)
		},
	}
	cmd.Flags().String("file", "", "CSV file of trade_id,delivered_wh")
	flags.AddTxFlagsToCmd(cmd)
	return cmd
}

func parseSettlement(id, wh string) (types.Settlement, error) {
	tradeID, err := strconv.ParseUint(strings.TrimSpace(id), 10, 64)
	if err != nil {
		return types.Settlement{}, fmt.Errorf("trade id %q: %w", id, err)
	}
	delivered, err := strconv.ParseUint(strings.TrimSpace(wh), 10, 64)
	if err != nil {
		return types.Settlement{}, fmt.Errorf("delivered Wh %q: %w", wh, err)
	}
	return types.Settlement{TradeId: tradeID, DeliveredWh: delivered}, nil
}
