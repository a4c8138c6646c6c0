package cli

import (
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/powershare/powershare/x/beckn/types"
)

// BecknCommand is `powershared beckn`: Beckn tools that need no chain.
func BecknCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "beckn",
		Short: "Beckn protocol tools that work offline",
	}
	cmd.AddCommand(digestCmd(), keygenCmd())
	return cmd
}

func digestCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "digest [file]",
		Short: "Print the base64 BLAKE2b-512 digest of a file's bytes, as Beckn's Authorization header computes it",
		Long: `Print the BLAKE2b-512 digest of the file's exact bytes (no re-serialisation: whitespace and
key order count), base64 with padding, as the "digest: BLAKE-512=..." line of the Beckn
Authorization header carries it. "-" or no file reads standard input. The digest is the last line;
it is what anchor-orders, update-order-state and verify-order take.`,
		Example: `powershared beckn digest on_confirm.json
powershared q beckn verify-order order-1 "$(powershared beckn digest on_confirm.json | tail -1)"`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var (
				body []byte
				err  error
			)
			if len(args) == 0 || args[0] == "-" {
				body, err = io.ReadAll(cmd.InOrStdin())
			} else {
				body, err = os.ReadFile(args[0])
			}
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(cmd.OutOrStdout(), types.DigestString(types.Digest(body)))
			return err
		},
	}
}
