// Command powershare-relay is PowerShare's Beckn relay: a BAP, BPP or
// gateway that signs and verifies every message against the chain's
// registry. The commands are in package cmd, the relay itself under relay/.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/powershare/powershare/cmd/powershare-relay/cmd"
)

func main() {
	root := cmd.NewRootCmd()
	if err := root.ExecuteContext(context.Background()); err != nil {
		fmt.Fprintln(root.ErrOrStderr(), "Error:", err)
		os.Exit(1)
	}
}
