package cmd

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/powershare/powershare/beckn"
	"github.com/powershare/powershare/relay/auth"
	"github.com/powershare/powershare/relay/config"
	"github.com/powershare/powershare/relay/loadtest"
)

// benchCmd sends signed requests from this relay's subscriber (as a BAP)
// to a running BPP relay: how an operator sizes a node. The target must
// know the sender: subscribe and approve it first. Every request is
// stored by the target like real traffic; run it against a test node.
func benchCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "bench --home DIR --bpp-id ID --bpp-uri URL [--requests N] [--concurrency C]",
		Short: "Load a running BPP relay with signed Beckn requests and report rate and latency",
		Long: `Sends --requests signed Beckn requests (confirm by default, each with a fresh message
id and signature) from this home's subscriber to the BPP at --bpp-uri, --concurrency at a
time, with a progress line, then prints the rate, the latency quantiles and the refusals.
The target verifies each against the chain registry and stores it: use a test node.`,
		Example: `powershare-relay bench --home ~/.powershare-relay/bap --bpp-id bpp.powershare.local \
  --bpp-uri http://127.0.0.1:8080/beckn --requests 20000 --concurrency 32 -o json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			home := homeFlag(cmd)
			cfg, err := config.Load(config.Path(home))
			if err != nil {
				return err
			}
			kf, err := beckn.ReadKeyFile(cfg.KeyFilePath(home))
			if err != nil {
				return err
			}
			signer, err := auth.NewSigner(cfg.Subscriber.ID, kf, cfg.Auth.SignatureTTL)
			if err != nil {
				return err
			}
			flags := cmd.Flags()
			lc := loadtest.Config{Signer: signer, BapID: cfg.Subscriber.ID, BapURI: cfg.Subscriber.URL, Domain: cfg.Subscriber.Domain}
			lc.BppID, _ = flags.GetString("bpp-id")
			lc.Endpoint, _ = flags.GetString("bpp-uri")
			lc.Action, _ = flags.GetString("action")
			lc.Version, _ = flags.GetString("beckn-version")
			lc.Requests, _ = flags.GetInt("requests")
			lc.Concurrency, _ = flags.GetInt("concurrency")
			lc.CoSign, _ = flags.GetBool("cosign")
			lc.Timeout, _ = flags.GetDuration("timeout")
			lc.Progress = cmd.ErrOrStderr()
			if lc.BppID == "" || lc.Endpoint == "" {
				return fmt.Errorf("--bpp-id and --bpp-uri name the BPP relay to load, e.g. --bpp-id bpp.powershare.local --bpp-uri http://127.0.0.1:8080/beckn")
			}
			res, err := loadtest.Run(cmd.Context(), lc)
			if err != nil {
				return err
			}
			if output, _ := flags.GetString("output"); output == "json" {
				return json.NewEncoder(cmd.OutOrStdout()).Encode(res)
			}
			_, err = fmt.Fprintln(cmd.OutOrStdout(), res.String())
			return err
		},
	}
	cmd.Flags().String("bpp-id", "", "subscriber id of the BPP relay to load")
	cmd.Flags().String("bpp-uri", "", "subscriber url of the BPP relay to load")
	cmd.Flags().String("action", "confirm", "the request action sent")
	cmd.Flags().String("beckn-version", "1.1.1", "context.version: 1.1.0, 1.1.1 or 2.0.0")
	cmd.Flags().Int("requests", 10000, "requests in all")
	cmd.Flags().Int("concurrency", 16, "requests in flight at once")
	cmd.Flags().Bool("cosign", false, "add the ML-DSA-65 co-signature (the target must know this key's ML-DSA-65 half)")
	cmd.Flags().Duration("timeout", 10*time.Second, "deadline of each request")
	cmd.Flags().StringP("output", "o", "text", "text or json")
	return cmd
}
