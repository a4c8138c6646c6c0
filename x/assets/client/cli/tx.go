// Package cli holds the assets commands autocli cannot express: bulk
// attestation from a CSV file and the address:amount lists.
package cli

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/client/tx"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/assets/types"
	"github.com/powershare/powershare/x/internal/cliutil"
)

const (
	flagFile         = "file"
	flagBeneficiary  = "beneficiary"
	flagJurisdiction = "jurisdiction"
	flagReason       = "reason"
	flagPurpose      = "purpose"
)

// TxCommands are the hand-written assets tx commands; autocli adds the rest.
// bondDenom is PowerCoin's denom, which treasury-spend pays out.
func TxCommands(bondDenom string) []*cobra.Command {
	return []*cobra.Command{attestCmd(), issueBatchCmd(), retireCmd(), rewardMembersCmd(), treasurySpendCmd(bondDenom)}
}

func broadcast(cmd *cobra.Command, build func(signer string) (sdk.Msg, error)) error {
	clientCtx, err := client.GetClientTxContext(cmd)
	if err != nil {
		return err
	}
	msg, err := build(clientCtx.GetFromAddress().String())
	if err != nil {
		return err
	}
	return tx.GenerateOrBroadcastTxCLI(clientCtx, cmd.Flags(), msg)
}

func attestCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "attest-production [meter-id] [start RFC3339] [end RFC3339] [wh]",
		Short: "Attest metered production (GRID_OPERATOR); renewable meters mint EC and accrue CC to the owner",
		Long: `Attest one reading, or many with --file: a CSV of meter,start,end,wh (a header line
"meter,start,end,wh" is allowed). Periods are [start, end) in RFC3339, in the past, and may not
overlap an attested period of the same meter. 1 Wh mints 1,000 uec.`,
		Example: `powershared tx assets attest-production alice-solar-1 2026-11-26T10:00:00Z 2026-11-26T11:00:00Z 3200 --from gridop
powershared tx assets attest-production --file readings.csv --from gridop`,
		Args: func(cmd *cobra.Command, args []string) error {
			if file, _ := cmd.Flags().GetString(flagFile); file != "" {
				return cobra.NoArgs(cmd, args)
			}
			return cobra.ExactArgs(4)(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return broadcast(cmd, func(signer string) (sdk.Msg, error) {
				var readings []types.Reading
				if file, _ := cmd.Flags().GetString(flagFile); file != "" {
					f, err := os.Open(file)
					if err != nil {
						return nil, err
					}
					defer f.Close()
					if readings, err = cliutil.ReadCSV(f, readingColumns, parseReading); err != nil {
						return nil, fmt.Errorf("%s: %w", file, err)
					}
				} else {
					r, err := parseReading(args)
					if err != nil {
						return nil, err
					}
					readings = []types.Reading{r}
				}
				return &types.MsgAttestProduction{Signer: signer, Readings: readings}, nil
			})
		},
	}
	cmd.Flags().String(flagFile, "", "CSV file of meter,start,end,wh readings")
	flags.AddTxFlagsToCmd(cmd)
	return cmd
}

// readingColumns are the columns of an attest-production --file.
var readingColumns = []string{"meter", "start", "end", "wh"}

func parseReading(fields []string) (types.Reading, error) {
	start, err := time.Parse(time.RFC3339, strings.TrimSpace(fields[1]))
	if err != nil {
		return types.Reading{}, fmt.Errorf("start: %w", err)
	}
	end, err := time.Parse(time.RFC3339, strings.TrimSpace(fields[2]))
	if err != nil {
		return types.Reading{}, fmt.Errorf("end: %w", err)
	}
	wh, err := strconv.ParseUint(strings.TrimSpace(fields[3]), 10, 64)
	if err != nil {
		return types.Reading{}, fmt.Errorf("wh %q: %w", fields[3], err)
	}
	return types.Reading{MeterId: strings.TrimSpace(fields[0]), Start: start.UTC(), End: end.UTC(), EnergyWh: wh}, nil
}

// parsePayouts reads address:amount pairs; amounts are base units, with or
// without the expected denom ("500" or "500uct/1").
func parsePayouts(args []string, denom string) ([]types.Payout, error) {
	payouts := make([]types.Payout, 0, len(args))
	for _, arg := range args {
		addr, amountStr, ok := strings.Cut(arg, ":")
		if !ok {
			return nil, fmt.Errorf("%q: want address:amount", arg)
		}
		amount, err := parseAmount(amountStr, denom)
		if err != nil {
			return nil, fmt.Errorf("%q: %w", arg, err)
		}
		payouts = append(payouts, types.Payout{Address: addr, Amount: amount})
	}
	return payouts, nil
}

// parseAmount reads "500" or "500<denom>" as an integer amount of denom.
func parseAmount(s, denom string) (sdkmath.Int, error) {
	s = strings.TrimSuffix(strings.TrimSpace(s), denom)
	amount, ok := sdkmath.NewIntFromString(s)
	if !ok || !amount.IsPositive() {
		return sdkmath.Int{}, fmt.Errorf("amount %q is not a positive whole number of %s", s, denom)
	}
	return amount, nil
}

func issueBatchCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "issue-batch [batch-id] [address:amount]...",
		Short:   "Issue a Carbon Credit batch to its recipients, once (the batch's issuer); amounts in ucc (1 ucc = 1 gCO2e)",
		Example: "powershared tx assets issue-batch 1 power1...:5000000 power1...:2500000ucc --from issuer",
		Args:    cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return broadcast(cmd, func(signer string) (sdk.Msg, error) {
				id, err := strconv.ParseUint(args[0], 10, 64)
				if err != nil {
					return nil, fmt.Errorf("batch id %q: %w", args[0], err)
				}
				recipients, err := parsePayouts(args[1:], types.CarbonCreditDenom)
				if err != nil {
					return nil, err
				}
				return &types.MsgIssueBatch{Signer: signer, BatchId: id, Recipients: recipients}, nil
			})
		},
	}
	flags.AddTxFlagsToCmd(cmd)
	return cmd
}

func retireCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "retire [amount]ucc",
		Short:   "Retire Carbon Credits: burn them into a permanent, numbered certificate",
		Example: `powershared tx assets retire 500ucc --beneficiary "Alice Household" --jurisdiction IN-KA --reason "2026 footprint" --from alice`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return broadcast(cmd, func(signer string) (sdk.Msg, error) {
				amount, err := parseAmount(args[0], types.CarbonCreditDenom)
				if err != nil {
					return nil, err
				}
				beneficiary, _ := cmd.Flags().GetString(flagBeneficiary)
				jurisdiction, _ := cmd.Flags().GetString(flagJurisdiction)
				reason, _ := cmd.Flags().GetString(flagReason)
				return &types.MsgRetire{Owner: signer, Amount: amount, Beneficiary: beneficiary,
					Jurisdiction: jurisdiction, Reason: reason}, nil
			})
		},
	}
	cmd.Flags().String(flagBeneficiary, "", "who the retirement is claimed for (required)")
	cmd.Flags().String(flagJurisdiction, "", "ISO 3166-2 code, e.g. DE or IN-KA (required)")
	cmd.Flags().String(flagReason, "", "why")
	flags.AddTxFlagsToCmd(cmd)
	return cmd
}

func rewardMembersCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "reward-members [community-id] [address:amount]...",
		Short:   "Pay Community Tokens to members of a community (its COMMUNITY_MANAGER); amounts in the community's uct/<community-id>",
		Example: `powershared tx assets reward-members 1 power1...:500 power1...:250uct/1 --reason "street clean-up" --from manager`,
		Args:    cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return broadcast(cmd, func(signer string) (sdk.Msg, error) {
				community, err := strconv.ParseUint(args[0], 10, 64)
				if err != nil {
					return nil, fmt.Errorf("community id %q: %w", args[0], err)
				}
				rewards, err := parsePayouts(args[1:], types.CommunityTokenDenom(community))
				if err != nil {
					return nil, err
				}
				reason, _ := cmd.Flags().GetString(flagReason)
				return &types.MsgRewardMembers{Signer: signer, CommunityId: community, Rewards: rewards, Reason: reason}, nil
			})
		},
	}
	cmd.Flags().String(flagReason, "", "what the reward is for")
	flags.AddTxFlagsToCmd(cmd)
	return cmd
}

func treasurySpendCmd(bondDenom string) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "treasury-spend [recipient|module:fee_collector] [amount]" + bondDenom,
		Short: "Pay PowerCoin out of the treasury (ADMIN), within the per-epoch limit",
		Example: `powershared tx assets treasury-spend power1... 1000000upwc --purpose "grant" --from admin
powershared tx assets treasury-spend module:fee_collector 5000000upwc --purpose "staking rewards" --from admin`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return broadcast(cmd, func(signer string) (sdk.Msg, error) {
				amount, err := parseAmount(args[1], bondDenom)
				if err != nil {
					return nil, err
				}
				purpose, _ := cmd.Flags().GetString(flagPurpose)
				return &types.MsgTreasurySpend{Signer: signer, Recipient: args[0], Amount: amount, Purpose: purpose}, nil
			})
		},
	}
	cmd.Flags().String(flagPurpose, "", "what the payment is for")
	flags.AddTxFlagsToCmd(cmd)
	return cmd
}
