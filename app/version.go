package app

import "github.com/cosmos/cosmos-sdk/version"

// versionString is the version the binary was built with (set by the
// Makefile's ldflags), reported over ABCI Info.
func versionString() string {
	if version.Version == "" {
		return "dev"
	}
	return version.Version
}
