package cmd

import (
	"encoding/json"
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/version"
)

// buildInfo is what version prints.
type buildInfo struct {
	Name      string `json:"name"`
	Version   string `json:"version"`
	Commit    string `json:"commit"`
	GoVersion string `json:"go"`
}

// versionInfo reads the version and commit that `make build` sets with
// ldflags (the SDK's version package, as for powershared), falling back to
// what the Go toolchain recorded for other builds.
func versionInfo() buildInfo {
	info := buildInfo{Name: "powershare-relay", Version: version.Version, Commit: version.Commit, GoVersion: runtime.Version()}
	if bi, ok := debug.ReadBuildInfo(); ok {
		if info.Version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			info.Version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && info.Commit == "" {
				info.Commit = s.Value
			}
		}
	}
	if info.Version == "" {
		info.Version = "dev"
	}
	if info.Commit == "" {
		info.Commit = "unknown"
	}
	return info
}

func versionCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "version [-o text|json]",
		Short:   "Print the version and commit of this build",
		Example: "powershare-relay version\npowershare-relay version -o json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			info := versionInfo()
			switch output, _ := cmd.Flags().GetString("output"); output {
			case "json":
				return json.NewEncoder(cmd.OutOrStdout()).Encode(info)
			case "text":
				_, err := fmt.Fprintf(cmd.OutOrStdout(), "%s %s\ncommit %s\n%s\n", info.Name, info.Version, info.Commit, info.GoVersion)
				return err
			default:
				return fmt.Errorf("--output %q: text or json", output)
			}
		},
	}
	cmd.Flags().StringP("output", "o", "text", "text or json")
	return cmd
}
