package cmd

import (
	"fmt"
	"net"
	"net/url"

	"github.com/spf13/cobra"

	"github.com/powershare/powershare/beckn"
	"github.com/powershare/powershare/relay/config"
	beckntypes "github.com/powershare/powershare/x/beckn/types"
)

func initCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "init --home DIR --subscriber-id ID --type BAP|BPP|BG --url URL [--domain D] [--key-id key-1]",
		Short: "Create a relay home: its configuration and a fresh Beckn key set (mode 0600); never overwrites",
		Long: `Create a relay home: config.yaml, every setting documented with its default, and keys.json
with a fresh Ed25519 signing key, X25519 encryption key and ML-DSA-65 key (mode 0600).
Nothing is overwritten: if either file exists, init refuses and writes nothing.

The url is where other participants reach this relay's Beckn endpoints: with
--url https://bpp.example.com/beckn a BPP answers POST /beckn/search. For a url on a
loopback host with a port, the relay listens on that port unless --listen says otherwise.`,
		Example: `powershare-relay init --home ./bpp --subscriber-id bpp.example.com --type BPP --url https://bpp.example.com/beckn
powershare-relay init --home ./bap --subscriber-id bap.localhost.test --type BAP --url http://127.0.0.1:8082/beckn --domain deg:p2p-trading`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			home := homeFlag(cmd)
			flags := cmd.Flags()
			typ, _ := flags.GetString("type")
			role, err := config.ParseRole(typ)
			if err != nil {
				return fmt.Errorf("--type: %w", err)
			}
			cfg := config.Default()
			cfg.Subscriber.Type = role
			cfg.Roles = []config.Role{role}
			cfg.Subscriber.ID, _ = flags.GetString("subscriber-id")
			cfg.Subscriber.URL, _ = flags.GetString("url")
			cfg.Subscriber.Domain, _ = flags.GetString("domain")
			cfg.Subscriber.Country, _ = flags.GetString("country")
			cfg.Subscriber.City, _ = flags.GetString("city")
			if listen, _ := flags.GetString("listen"); listen != "" {
				cfg.Listen = listen
			} else if derived := loopbackListen(cfg.Subscriber.URL); derived != "" {
				cfg.Listen = derived
			}
			if err := cfg.Validate(); err != nil {
				return fmt.Errorf("the flags do not make a valid configuration:\n%w", err)
			}
			keyID, _ := flags.GetString("key-id")
			if err := beckntypes.ValidateID("--key-id", keyID); err != nil {
				return err
			}
			kf, err := beckn.NewKeyFile(keyID, true)
			if err != nil {
				return fmt.Errorf("--key-id: %w", err)
			}
			if err := config.Init(home, cfg, kf); err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "Created relay home %s for %s %s (%s):\n", home, cfg.Subscriber.Type, cfg.Subscriber.ID, cfg.Subscriber.URL)
			fmt.Fprintf(out, "  %s  configuration, every setting documented\n", config.Path(home))
			fmt.Fprintf(out, "  %s  Beckn keys %s (mode 0600: keep it secret)\n", cfg.KeyFilePath(home), kf.KeyID)
			fmt.Fprintf(out, "Next: register it on chain with 'powershare-relay subscribe --home %s --from <RELAY key>',\n", home)
			fmt.Fprintf(out, "have an ADMIN or REGULATOR approve it, then 'powershare-relay start --home %s'.\n", home)
			return nil
		},
	}
	f := cmd.Flags()
	f.String("subscriber-id", "", "Beckn subscriber id, e.g. bpp.example.com (required)")
	f.String("type", "", "registry type and role: BAP, BPP or BG (required)")
	f.String("url", "", "subscriber url, the base of the Beckn endpoints, e.g. https://bpp.example.com/beckn (required)")
	f.String("domain", config.DefaultDomain, "Beckn domain")
	f.String("key-id", "key-1", "unique id of the key set (the middle part of the signature's keyId)")
	f.String("country", "", "optional ISO 3166-1 country code, e.g. IND")
	f.String("city", "", "optional city code, e.g. std:080")
	f.String("listen", "", "HOST:PORT to serve on (default: the url's port on loopback urls, else "+config.DefaultListen+")")
	for _, name := range []string{"subscriber-id", "type", "url"} {
		if err := cmd.MarkFlagRequired(name); err != nil {
			panic(err)
		}
	}
	return cmd
}

// loopbackListen is the listen address a loopback url with a port implies:
// a local relay serves where its url points.
func loopbackListen(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Port() == "" {
		return ""
	}
	if ip := net.ParseIP(u.Hostname()); u.Hostname() != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return ""
	}
	return net.JoinHostPort(u.Hostname(), u.Port())
}
