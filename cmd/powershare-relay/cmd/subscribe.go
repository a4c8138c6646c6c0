package cmd

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/powershare/powershare/relay/chain"
	"github.com/powershare/powershare/relay/config"
	beckntypes "github.com/powershare/powershare/x/beckn/types"
)

// subscribeResult is what subscribe prints: the participant and the tx.
type subscribeResult struct {
	SubscriberID string `json:"subscriber_id"`
	Type         string `json:"type"`
	KeyID        string `json:"key_id"`
	Relay        string `json:"relay"`
	// Status is INITIATED for a new participant, UNDER_SUBSCRIPTION for a
	// changed one: an ADMIN or REGULATOR then approves it.
	Status string `json:"status"`
	chain.TxResult
}

func subscribeCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "subscribe --home DIR --from KEY --keyring-backend B --keyring-dir DIR [--grpc HOST:PORT] [--chain-id ID]",
		Short: "Register the relay's own participant on chain (MsgSubscribe) and wait for its block",
		Long: `Send MsgSubscribe for the participant of this relay home: the subscriber of config.yaml with the
public keys of its key file, signed by --from, a keyring key of an account with the RELAY role
(it becomes the participant's owner). A new participant is INITIATED, a changed one (another
url or key set) UNDER_SUBSCRIPTION, until an ADMIN or REGULATOR approves it:
  powershared tx beckn approve <subscriber-id> --from admin
Prints the result as JSON. Flags not given come from the chain section of config.yaml.`,
		Example: `powershare-relay subscribe --home ./bpp --from relay --keyring-backend test --keyring-dir .localnet
powershare-relay subscribe --home ./bpp --from relay --keyring-backend file --keyring-dir ~/.powershare --grpc node.example.com:9090 --chain-id powershare-1`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			home := homeFlag(cmd)
			cfg, kf, err := loadHome(home)
			if err != nil {
				return err
			}
			chainCfg, keyringDir := chainFlags(cmd, cfg, home)
			ctx := cmd.Context()
			dialCtx, cancel := context.WithTimeout(ctx, chainCfg.DialTimeout)
			defer cancel()
			conn, err := chain.Dial(dialCtx, chainCfg.GRPC)
			if err != nil {
				return err
			}
			defer conn.Close()
			kr, err := chain.OpenKeyring(chainCfg.KeyringBackend, keyringDir, cmd.InOrStdin())
			if err != nil {
				return err
			}
			client, err := chain.NewTxClient(ctx, conn, kr, chain.TxOptionsFrom(chainCfg))
			if err != nil {
				return err
			}
			msg, err := chain.SubscribeMsg(client.Address(), cfg.Subscriber, kf)
			if err != nil {
				return err
			}
			res, err := client.Send(ctx, msg)
			if err != nil {
				return fmt.Errorf("subscribing %s: %w", cfg.Subscriber.ID, err)
			}
			var resp beckntypes.MsgSubscribeResponse
			if err := res.MsgResponse(0, &resp); err != nil {
				return err
			}
			out := subscribeResult{SubscriberID: cfg.Subscriber.ID, Type: string(cfg.Subscriber.Type), KeyID: kf.KeyID,
				Relay: client.Address(), Status: resp.Status.String(), TxResult: res}
			enc := json.NewEncoder(cmd.OutOrStdout())
			enc.SetIndent("", "  ")
			return enc.Encode(out)
		},
	}
	f := cmd.Flags()
	f.String("from", "", "keyring key that signs: an account with the RELAY role (default: chain.from)")
	f.String("keyring-backend", "", "keyring backend: os, file, kwallet, pass, test or memory (default: chain.keyring_backend)")
	f.String("keyring-dir", "", "keyring directory, as powershared's --keyring-dir (default: chain.keyring_dir, else the relay home)")
	f.String("grpc", "", "node gRPC HOST:PORT (default: chain.grpc)")
	f.String("chain-id", "", "chain id (default: chain.chain_id)")
	f.String("gas-prices", "", "gas price, e.g. 0.001upwc (default: chain.gas_prices)")
	return cmd
}

// chainFlags overlays the chain flags that were given on the configuration,
// and returns the keyring directory.
func chainFlags(cmd *cobra.Command, cfg config.Config, home string) (config.Chain, string) {
	c := cfg.Chain
	keyringDir := cfg.KeyringDir(home)
	for name, dst := range map[string]*string{
		"from": &c.From, "keyring-backend": &c.KeyringBackend, "grpc": &c.GRPC,
		"chain-id": &c.ChainID, "gas-prices": &c.GasPrices, "keyring-dir": &keyringDir,
	} {
		if cmd.Flags().Changed(name) {
			*dst, _ = cmd.Flags().GetString(name)
		}
	}
	return c, keyringDir
}
