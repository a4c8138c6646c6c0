package cmd

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"

	"github.com/powershare/powershare/beckn"
	beckntypes "github.com/powershare/powershare/x/beckn/types"
)

// genesisParticipantCmd puts a SUBSCRIBED Beckn participant into the
// genesis file: the network's founding participants need no approval.
func genesisParticipantCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "add-genesis-participant [subscriber-id] [url] [bap|bpp|bg] [domain] [owner-address-or-key]",
		Short: "Register a SUBSCRIBED Beckn participant in the genesis file, with the key set of a 'beckn keygen' file",
		Long: `Register a Beckn network participant, SUBSCRIBED from genesis, owned by a RELAY account (grant
it RELAY with add-genesis-role). Its key set comes from --key-file (written by 'powershared beckn
keygen', with its ML-DSA-65 key if the file has one); it is valid from the genesis time for the
default validity, or until --valid-until. The type is bap, bpp or bg (BAP, BPP, BG also read).`,
		Example: `powershared beckn keygen key-1 --out relay-beckn-key.json
powershared genesis add-genesis-participant bpp.powershare.local http://127.0.0.1:8080/beckn bpp deg:p2p-trading relay \
  --key-file relay-beckn-key.json --country IND --city std:080 --keyring-backend test`,
		Args: cobra.ExactArgs(5),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx := client.GetClientContextFromCmd(cmd)
			owner, err := addressOrKey(cmd, clientCtx, args[4])
			if err != nil {
				return err
			}
			kind, err := beckntypes.ParseSubscriberType(args[2])
			if err != nil {
				return err
			}
			keyPath, _ := cmd.Flags().GetString("key-file")
			if keyPath == "" {
				return fmt.Errorf("--key-file is required (see 'powershared beckn keygen')")
			}
			kf, err := beckn.ReadKeyFile(keyPath)
			if err != nil {
				return err
			}
			genesisTime, err := genesisFileTime(cmd)
			if err != nil {
				return err
			}
			country, _ := cmd.Flags().GetString("country")
			city, _ := cmd.Flags().GetString("city")
			participant := beckntypes.Participant{
				SubscriberId: args[0], Url: args[1], Type: kind, Domain: args[3], Country: country, City: city,
				KeyId: kf.KeyID, Status: beckntypes.SubscriptionStatus_SUBSCRIBED, Owner: owner,
				Created: genesisTime, Updated: genesisTime,
			}
			key := beckntypes.SubscriberKey{
				SubscriberId: args[0], KeyId: kf.KeyID, SigningPublicKey: kf.SigningPublicKey,
				EncrPublicKey: kf.EncrPublicKey, MldsaPublicKey: kf.MLDSAPublicKey, ValidFrom: genesisTime,
			}
			return updateGenesisState(cmd, beckntypes.ModuleName, &beckntypes.GenesisState{}, func(state any) error {
				gs := state.(*beckntypes.GenesisState)
				key.ValidUntil = genesisTime.Add(time.Duration(gs.Params.DefaultKeyValiditySeconds) * time.Second)
				if until, _ := cmd.Flags().GetString("valid-until"); until != "" {
					if key.ValidUntil, err = time.Parse(time.RFC3339, until); err != nil {
						return fmt.Errorf("--valid-until %q: %w", until, err)
					}
				}
				gs.Participants = append(gs.Participants, participant)
				gs.Keys = append(gs.Keys, key)
				return gs.Validate(clientCtx.Codec.InterfaceRegistry().SigningContext().AddressCodec())
			})
		},
	}
	cmd.Flags().String("key-file", "", "key set written by 'powershared beckn keygen'")
	cmd.Flags().String("valid-until", "", "RFC 3339 end of the key's validity (default: genesis time + default validity)")
	cmd.Flags().String("country", "", "ISO 3166-1 country code, e.g. IND")
	cmd.Flags().String("city", "", "city code, e.g. std:080")
	flags.AddKeyringFlags(cmd.Flags())
	return cmd
}
