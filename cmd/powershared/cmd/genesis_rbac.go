package cmd

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

const flagCommunity = "community"

// genesisRoleCmd adds a role grant to the genesis file: how a new chain
// names its first ADMINs, OPERATORs and other role holders.
func genesisRoleCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "add-genesis-role [address-or-key-name] [role]",
		Short: "Grant a role in the genesis file",
		Long: "Grant a role at genesis, chain-wide or within --community (which must already be in the genesis).\n" +
			"Roles: " + rbactypes.RoleNames() + ".",
		Example: `powershared genesis add-genesis-role admin ADMIN --keyring-backend test
powershared genesis add-genesis-role power1... PROSUMER --community 1`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx := client.GetClientContextFromCmd(cmd)
			addr, err := addressOrKey(cmd, clientCtx, args[0])
			if err != nil {
				return err
			}
			role, err := rbactypes.ParseRole(args[1])
			if err != nil {
				return err
			}
			community, _ := cmd.Flags().GetUint64(flagCommunity)
			return updateRBACGenesis(cmd, clientCtx.Codec, func(gs *rbactypes.GenesisState) error {
				gs.Grants = append(gs.Grants, rbactypes.Grant{Address: addr, Role: role, CommunityId: community})
				return nil
			})
		},
	}
	cmd.Flags().Uint64(flagCommunity, 0, "community id of the grant (0 = chain-wide)")
	flags.AddKeyringFlags(cmd.Flags())
	return cmd
}

// genesisCommunityCmd adds a community to the genesis file.
func genesisCommunityCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "add-genesis-community [name] [zone] [geohash]",
		Short:   "Create a community in the genesis file; prints its id",
		Long:    "Create a community at genesis. The geohash is a coarse cell of at most 5 characters, never a precise position.",
		Example: `powershared genesis add-genesis-community "Demo Community" zone-a u33db`,
		Args:    cobra.ExactArgs(3),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := rbactypes.ValidateCommunityFields(args[0], args[1], args[2]); err != nil {
				return err
			}
			clientCtx := client.GetClientContextFromCmd(cmd)
			var id uint64
			err := updateRBACGenesis(cmd, clientCtx.Codec, func(gs *rbactypes.GenesisState) error {
				id = gs.NextCommunityId
				gs.Communities = append(gs.Communities, rbactypes.Community{Id: id, Name: args[0], Zone: args[1], Geohash: args[2]})
				gs.NextCommunityId++
				return nil
			})
			if err != nil {
				return err
			}
			cmd.Println(id)
			return nil
		},
	}
}

// addressOrKey resolves a bech32 address or the name of a key in the keyring.
func addressOrKey(cmd *cobra.Command, clientCtx client.Context, arg string) (string, error) {
	if _, err := sdk.AccAddressFromBech32(arg); err == nil {
		return arg, nil
	}
	backend, _ := cmd.Flags().GetString(flags.FlagKeyringBackend)
	kr, err := client.NewKeyringFromBackend(clientCtx.WithKeyringDir(clientCtx.HomeDir), backend)
	if err != nil {
		return "", err
	}
	record, err := kr.Key(arg)
	if err != nil {
		return "", fmt.Errorf("%q is neither an address nor a key in the keyring: %w", arg, err)
	}
	addr, err := record.GetAddress()
	if err != nil {
		return "", err
	}
	return addr.String(), nil
}

// updateRBACGenesis applies change to the rbac state of the node's genesis
// file and writes it back after validating it.
func updateRBACGenesis(cmd *cobra.Command, cdc codec.Codec, change func(*rbactypes.GenesisState) error) error {
	return updateGenesisState(cmd, rbactypes.ModuleName, &rbactypes.GenesisState{}, func(state any) error {
		gs := state.(*rbactypes.GenesisState)
		if err := change(gs); err != nil {
			return err
		}
		return gs.Validate(cdc.InterfaceRegistry().SigningContext().AddressCodec())
	})
}
