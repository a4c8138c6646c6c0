// Package cmd builds the powershare-relay command tree: init, keys show,
// subscribe, start and version. The commands are thin: the configuration,
// the chain client and the server are packages under relay/.
package cmd

import (
	"os"
	"path/filepath"

	"github.com/spf13/cobra"
)

const flagHome = "home"

// DefaultHome is the relay home unless --home says otherwise.
var DefaultHome = defaultHome()

func defaultHome() string {
	dir, err := os.UserHomeDir()
	if err != nil {
		return ".powershare-relay"
	}
	return filepath.Join(dir, ".powershare-relay")
}

// NewRootCmd returns the powershare-relay root command.
func NewRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "powershare-relay",
		Short: "PowerShare's Beckn relay: BAP, BPP or gateway, signed and verified against the chain's registry",
		Long: `powershare-relay speaks Beckn (core v1.1.1 and v2.0.0) as a BAP, a BPP or a gateway (BG).
It signs every message it sends and verifies every message it receives against the
participant registry on the PowerShare chain, and keeps its state in SQLite.

A relay home holds its configuration (config.yaml) and its Beckn key set (keys.json):

  powershare-relay init --home ./bpp --subscriber-id bpp.example.com --type BPP --url https://bpp.example.com/beckn
  powershare-relay keys show --home ./bpp
  powershare-relay subscribe --home ./bpp --from relay --keyring-backend test --keyring-dir .localnet
  powershare-relay start --home ./bpp`,
		SilenceErrors: true,
		// A failing command prints its error, not a page of usage; --help has that.
		SilenceUsage: true,
	}
	root.PersistentFlags().String(flagHome, DefaultHome, "relay home: config.yaml and the key file")
	root.AddCommand(initCmd(), keysCmd(), subscribeCmd(), startCmd(), benchCmd(), versionCmd())
	return root
}

func homeFlag(cmd *cobra.Command) string {
	home, _ := cmd.Flags().GetString(flagHome) // registered on the root
	return home
}
