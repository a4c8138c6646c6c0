package cmd

import (
	"github.com/cosmos/gogoproto/proto"

	"encoding/json"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/server"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	genutiltypes "github.com/cosmos/cosmos-sdk/x/genutil/types"

	"github.com/powershare/powershare/app/params"
	assetstypes "github.com/powershare/powershare/x/assets/types"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// genesisTreasuryCmd funds the PowerCoin treasury module account at genesis.
func genesisTreasuryCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "add-genesis-treasury [amount]upwc",
		Short:   "Put PowerCoin into the treasury module account of the genesis file",
		Long:    "Add PowerCoin to the treasury (x/assets). ADMINs pay it out with `tx assets treasury-spend`, within a per-epoch limit.",
		Example: "powershared genesis add-genesis-treasury 100000000000000upwc",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			coin, err := sdk.ParseCoinNormalized(args[0])
			if err != nil || coin.Denom != params.BondDenom || !coin.IsPositive() {
				return fmt.Errorf("amount %q must be a positive amount of %s", args[0], params.BondDenom)
			}
			treasury := authtypes.NewModuleAddress(assetstypes.TreasuryName).String()
			return updateGenesisState(cmd, banktypes.ModuleName, &banktypes.GenesisState{}, func(state any) error {
				bank := state.(*banktypes.GenesisState)
				// An explicit supply must keep matching the balances, whether
				// the treasury is new or topped up.
				if !bank.Supply.IsZero() {
					bank.Supply = bank.Supply.Add(coin)
				}
				for i, b := range bank.Balances {
					if b.Address == treasury {
						bank.Balances[i].Coins = b.Coins.Add(coin)
						return nil
					}
				}
				bank.Balances = append(bank.Balances, banktypes.Balance{Address: treasury, Coins: sdk.NewCoins(coin)})
				return nil
			})
		},
	}
}

// genesisMeterCmd registers a meter in the genesis file.
func genesisMeterCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "add-genesis-meter [meter-id] [owner-address-or-key] [kind] [capacity-w]",
		Short:   "Register a meter in the genesis file (its zone is its community's unless --zone is given)",
		Long:    "Register a meter in the genesis file. kind is solar, wind, hydro, biomass, grid or battery, as tx assets register-meter --kind takes it; the first four are renewable.",
		Example: "powershared genesis add-genesis-meter alice-solar-1 alice solar 5000 --community 1 --keyring-backend test",
		Args:    cobra.ExactArgs(4),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx := client.GetClientContextFromCmd(cmd)
			owner, err := addressOrKey(cmd, clientCtx, args[1])
			if err != nil {
				return err
			}
			kind, err := assetstypes.ParseMeterKind(args[2])
			if err != nil {
				return err
			}
			capacity, ok := sdkmath.NewIntFromString(args[3])
			if !ok || !capacity.IsPositive() || !capacity.IsUint64() || capacity.Uint64() > assetstypes.MaxCapacityW {
				return fmt.Errorf("capacity %q must be 1 to %d W", args[3], uint64(assetstypes.MaxCapacityW))
			}
			community, _ := cmd.Flags().GetUint64(flagCommunity)
			zone, _ := cmd.Flags().GetString("zone")
			if community != 0 && zone == "" {
				if zone, err = genesisCommunityZone(cmd, clientCtx.Codec, community); err != nil {
					return err
				}
			}
			genesisTime, err := genesisFileTime(cmd)
			if err != nil {
				return err
			}
			meter := assetstypes.Meter{
				Id: args[0], Owner: owner, CommunityId: community, Zone: zone, Kind: kind,
				Renewable: kind.RenewableKind(), CapacityW: capacity.Uint64(), Active: true, RegisteredAt: genesisTime,
			}
			if err := rbactypes.ValidateZone(meter.Zone); err != nil {
				return err
			}
			return updateGenesisState(cmd, assetstypes.ModuleName, &assetstypes.GenesisState{}, func(state any) error {
				gs := state.(*assetstypes.GenesisState)
				gs.Meters = append(gs.Meters, meter)
				return gs.Validate(clientCtx.Codec.InterfaceRegistry().SigningContext().AddressCodec())
			})
		},
	}
	cmd.Flags().Uint64(flagCommunity, 0, "x/rbac community of the meter")
	cmd.Flags().String("zone", "", "grid zone (default: the community's)")
	flags.AddKeyringFlags(cmd.Flags())
	return cmd
}

// genesisFileTime is the genesis time of the node's genesis file: a genesis
// meter counts as registered then.
func genesisFileTime(cmd *cobra.Command) (time.Time, error) {
	_, appGenesis, err := genutiltypes.GenesisStateFromGenFile(server.GetServerContextFromCmd(cmd).Config.GenesisFile())
	if err != nil {
		return time.Time{}, err
	}
	return appGenesis.GenesisTime, nil
}

func genesisCommunityZone(cmd *cobra.Command, cdc codec.Codec, id uint64) (string, error) {
	appState, _, err := genutiltypes.GenesisStateFromGenFile(server.GetServerContextFromCmd(cmd).Config.GenesisFile())
	if err != nil {
		return "", err
	}
	var gs rbactypes.GenesisState
	if err := cdc.UnmarshalJSON(appState[rbactypes.ModuleName], &gs); err != nil {
		return "", err
	}
	for _, c := range gs.Communities {
		if c.Id == id {
			return c.Zone, nil
		}
	}
	return "", fmt.Errorf("community %d is not in the genesis file", id)
}

// updateGenesisState decodes one module's state of the node's genesis file
// into state, applies change and writes the file back.
func updateGenesisState(cmd *cobra.Command, module string, state proto.Message, change func(any) error) error {
	cdc := client.GetClientContextFromCmd(cmd).Codec
	genFile := server.GetServerContextFromCmd(cmd).Config.GenesisFile()
	appState, appGenesis, err := genutiltypes.GenesisStateFromGenFile(genFile)
	if err != nil {
		return fmt.Errorf("reading %s: %w", genFile, err)
	}
	if err := cdc.UnmarshalJSON(appState[module], state); err != nil {
		return fmt.Errorf("decoding the %s genesis: %w", module, err)
	}
	if err := change(state); err != nil {
		return err
	}
	if appState[module], err = cdc.MarshalJSON(state); err != nil {
		return err
	}
	if appGenesis.AppState, err = json.MarshalIndent(appState, "", "  "); err != nil {
		return err
	}
	return appGenesis.SaveAs(genFile)
}
