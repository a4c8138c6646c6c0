package cmd

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"

	markettypes "github.com/powershare/powershare/x/market/types"
)

// genesisZoneCmd registers a market zone in the genesis file: orders and
// trades may only name a registered zone.
func genesisZoneCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "add-genesis-zone [zone] [community-id] [description]",
		Short: "Register a market zone in the genesis file (community 0 for a zone of no community)",
		Long: "Register a grid zone for x/market at genesis. Orders and trades may only name a registered zone; " +
			"after launch a GRID_OPERATOR or ADMIN registers more with `tx market register-zone`.",
		Example: `powershared genesis add-genesis-zone zone-a 1 "Demo Community feeder"`,
		Args:    cobra.RangeArgs(2, 3),
		RunE: func(cmd *cobra.Command, args []string) error {
			community, err := strconv.ParseUint(args[1], 10, 64)
			if err != nil {
				return fmt.Errorf("community id %q: %w", args[1], err)
			}
			z := markettypes.Zone{Id: args[0], CommunityId: community}
			if len(args) == 3 {
				z.Description = args[2]
			}
			if err := z.Validate(); err != nil {
				return err
			}
			if community != 0 {
				if _, err := genesisCommunityZone(cmd, client.GetClientContextFromCmd(cmd).Codec, community); err != nil {
					return err
				}
			}
			return updateGenesisState(cmd, markettypes.ModuleName, &markettypes.GenesisState{}, func(state any) error {
				gs := state.(*markettypes.GenesisState)
				for _, existing := range gs.Zones {
					if existing.Id == z.Id {
						return fmt.Errorf("zone %s is already in the genesis file", z.Id)
					}
				}
				gs.Zones = append(gs.Zones, z)
				return nil
			})
		},
	}
}
