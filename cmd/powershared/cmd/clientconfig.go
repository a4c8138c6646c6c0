package cmd

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/config"
)

// clientConfigKeys are the client.toml settings the config command manages.
var clientConfigKeys = []string{"chain-id", "keyring-backend", "output", "node", "broadcast-mode"}

// clientConfigCmd reads and writes the wallet's client.toml, so that flags
// such as --chain-id, --node and --keyring-backend need not be repeated.
func clientConfigCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Read or change the client configuration (client.toml)",
		Long: fmt.Sprintf(`Read or change the client configuration kept in <home>/config/client.toml.
Keys: %v.`, clientConfigKeys),
		RunE: client.ValidateCmd,
	}
	cmd.AddCommand(
		&cobra.Command{
			Use:     "show",
			Short:   "Print the whole client configuration as JSON",
			Example: "powershared config show",
			Args:    cobra.NoArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				v, err := readClientConfig(cmd)
				if err != nil {
					return err
				}
				values := make(map[string]string, len(clientConfigKeys))
				for _, key := range clientConfigKeys {
					values[key] = v.GetString(key)
				}
				return printJSON(cmd, values)
			},
		},
		&cobra.Command{
			Use:     "get [key]",
			Short:   "Print one client configuration value",
			Example: "powershared config get chain-id",
			Args:    cobra.ExactArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				if err := checkClientConfigKey(args[0]); err != nil {
					return err
				}
				v, err := readClientConfig(cmd)
				if err != nil {
					return err
				}
				cmd.Println(v.GetString(args[0]))
				return nil
			},
		},
		&cobra.Command{
			Use:     "set [key] [value]",
			Short:   "Change one client configuration value",
			Example: "powershared config set chain-id powershare-local\npowershared config set keyring-backend test",
			Args:    cobra.ExactArgs(2),
			RunE: func(cmd *cobra.Command, args []string) error {
				if err := checkClientConfigKey(args[0]); err != nil {
					return err
				}
				v, err := readClientConfig(cmd)
				if err != nil {
					return err
				}
				v.Set(args[0], args[1])
				return v.WriteConfig()
			},
		},
	)
	return cmd
}

func checkClientConfigKey(key string) error {
	if !slices.Contains(clientConfigKeys, key) {
		return fmt.Errorf("unknown client config key %q; known keys: %v", key, clientConfigKeys)
	}
	return nil
}

// readClientConfig loads client.toml, creating it with defaults first if the
// home has none yet.
func readClientConfig(cmd *cobra.Command) (*viper.Viper, error) {
	clientCtx := client.GetClientContextFromCmd(cmd)
	path := filepath.Join(clientCtx.HomeDir, "config", "client.toml")
	if _, err := os.Stat(path); os.IsNotExist(err) {
		if _, err := config.ReadFromClientConfig(clientCtx); err != nil {
			return nil, err
		}
	}
	v := viper.New()
	v.SetConfigFile(path)
	if err := v.ReadInConfig(); err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	return v, nil
}

func printJSON(cmd *cobra.Command, value any) error {
	bz, err := json.MarshalIndent(value, "", "  ")
	if err != nil {
		return err
	}
	cmd.Println(string(bz))
	return nil
}
