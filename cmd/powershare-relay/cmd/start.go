package cmd

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/powershare/powershare/relay/config"
	"github.com/powershare/powershare/relay/server"
)

func startCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "start --home DIR [--listen HOST:PORT] [--grpc HOST:PORT] [--rpc URL]",
		Short: "Run the relay until SIGINT or SIGTERM",
		Long: `Run the relay of a home: its Beckn endpoints under the subscriber url, /health and /metrics,
the outbox worker and the registry cache fed by the chain's events. The flags override the
configuration; the defaults fit 'make localnet' (gRPC 127.0.0.1:9090, RPC http://127.0.0.1:26657).
SIGINT or SIGTERM stops it gracefully: in-flight requests and deliveries finish first.`,
		Example: `powershare-relay start --home ./bpp
powershare-relay start --home ./bpp --listen 0.0.0.0:8081 --grpc node.example.com:9090 --rpc http://node.example.com:26657`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			home := homeFlag(cmd)
			cfg, err := config.Load(config.Path(home))
			if err != nil {
				return err
			}
			var o config.Overrides
			o.Listen, _ = cmd.Flags().GetString("listen")
			o.GRPC, _ = cmd.Flags().GetString("grpc")
			o.RPC, _ = cmd.Flags().GetString("rpc")
			if cfg, err = o.Apply(cfg); err != nil {
				return fmt.Errorf("the flags do not fit the configuration:\n%w", err)
			}
			log := config.NewLogger(cmd.ErrOrStderr(), cfg.Log)
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			log.Info("starting relay", "home", home, "subscriber_id", cfg.Subscriber.ID, "roles", cfg.Roles,
				"listen", cfg.Listen, "grpc", cfg.Chain.GRPC, "rpc", cfg.Chain.RPC, "version", versionInfo().Version)
			if err := server.Run(ctx, cfg, home, log); err != nil {
				return err
			}
			log.Info("relay stopped")
			return nil
		},
	}
	f := cmd.Flags()
	f.String("listen", "", "HOST:PORT of the Beckn endpoints (default: listen in config.yaml)")
	f.String("grpc", "", "node gRPC HOST:PORT (default: chain.grpc in config.yaml)")
	f.String("rpc", "", "node CometBFT RPC url, for its events (default: chain.rpc in config.yaml)")
	return cmd
}
