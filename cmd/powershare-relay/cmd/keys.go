package cmd

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/powershare/powershare/beckn"
	"github.com/powershare/powershare/relay/config"
)

func keysCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "keys",
		Short: "The relay's Beckn key set",
	}
	cmd.AddCommand(keysShowCmd())
	return cmd
}

func keysShowCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "show --home DIR [-o text|json]",
		Short: "Print the public keys of the relay's key set, ready for 'powershared tx beckn subscribe'",
		Long: `Print the public half of the relay's key set, base64: key_id, signing_public_key (Ed25519),
encr_public_key (X25519) and mldsa_public_key (ML-DSA-65). The text output ends with the
'powershared tx beckn subscribe' command that registers the relay's participant with them
('powershare-relay subscribe' sends the same Msg from the relay itself). Private keys are
never printed.`,
		Example: `powershare-relay keys show --home ./bpp
powershare-relay keys show --home ./bpp -o json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			output, _ := cmd.Flags().GetString("output")
			if output != "text" && output != "json" {
				return fmt.Errorf("--output %q: text or json", output)
			}
			home := homeFlag(cmd)
			cfg, kf, err := loadHome(home)
			if err != nil {
				return err
			}
			if output == "json" {
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(kf.Public())
			}
			return printKeysText(cmd.OutOrStdout(), cfg, kf.Public())
		},
	}
	cmd.Flags().StringP("output", "o", "text", "text or json")
	return cmd
}

// loadHome reads a relay home's configuration and key file.
func loadHome(home string) (config.Config, beckn.KeyFile, error) {
	cfg, err := config.Load(config.Path(home))
	if err != nil {
		return config.Config{}, beckn.KeyFile{}, err
	}
	kf, err := beckn.ReadKeyFile(cfg.KeyFilePath(home))
	if err != nil {
		return config.Config{}, beckn.KeyFile{}, fmt.Errorf("reading the key file: %w", err)
	}
	return cfg, kf, nil
}

func printKeysText(w io.Writer, cfg config.Config, pub beckn.PublicKeys) error {
	b64 := base64.StdEncoding.EncodeToString
	s := cfg.Subscriber
	lines := []string{
		"subscriber_id:      " + s.ID,
		"type:               " + string(s.Type),
		"url:                " + s.URL,
		"key_id:             " + pub.KeyID,
		"signing_public_key: " + b64(pub.SigningPublicKey),
		"encr_public_key:    " + b64(pub.EncrPublicKey),
	}
	if len(pub.MLDSAPublicKey) > 0 {
		lines = append(lines, "mldsa_public_key:   "+b64(pub.MLDSAPublicKey))
	}
	lines = append(lines, "", "Register it from a RELAY account (an ADMIN or REGULATOR then approves it):", "  "+subscribeCommandLine(s, pub))
	_, err := fmt.Fprintln(w, strings.Join(lines, "\n"))
	return err
}

// subscribeCommandLine is the powershared command that sends the same
// MsgSubscribe as 'powershare-relay subscribe' (x/beckn/autocli.go:
// subscribe [subscriber-id] [url] [bap|bpp|bg] [domain] and the key flags).
func subscribeCommandLine(s config.Subscriber, pub beckn.PublicKeys) string {
	b64 := base64.StdEncoding.EncodeToString
	args := []string{"powershared tx beckn subscribe", shellQuote(s.ID), shellQuote(s.URL),
		strings.ToLower(string(s.Type)), shellQuote(s.Domain),
		"--key-id", shellQuote(pub.KeyID),
		"--signing-public-key", b64(pub.SigningPublicKey),
		"--encr-public-key", b64(pub.EncrPublicKey)}
	if len(pub.MLDSAPublicKey) > 0 {
		args = append(args, "--mldsa-public-key", b64(pub.MLDSAPublicKey))
	}
	if s.Country != "" {
		args = append(args, "--country", shellQuote(s.Country))
	}
	if s.City != "" {
		args = append(args, "--city", shellQuote(s.City))
	}
	args = append(args, "--from <relay-key>")
	return strings.Join(args, " ")
}

// shellQuote quotes a value for a POSIX shell when it holds anything beyond
// the characters ids, urls and codes are made of.
func shellQuote(s string) string {
	safe := func(r rune) bool {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.:/@%+=,", r)
	}
	if s != "" && strings.IndexFunc(s, func(r rune) bool { return !safe(r) }) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
