package cli

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/powershare/powershare/x/beckn/types"
)

// BecknCommand is `powershared beckn`: Beckn tools that need no chain.
func BecknCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "beckn",
		Short: "Beckn protocol tools that work offline",
	}
	cmd.AddCommand(digestCmd(), signCmd(), keygenCmd())
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

func signCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sign [file]",
		Short: "Sign a body as a Beckn Authorization header does, with a 'beckn keygen' key file",
		Long: `Sign the file's exact bytes (BECKN-006): the BLAKE2b-512 digest, a signing string of (created),
(expires) and the digest, and its Ed25519 signature with the key file's signing key. Prints JSON
with the anchor fields (digest, key_id, signature, signature_created, signature_expires, base64)
and the Authorization header a BPP sends with the body. With --anchor-fields, only the anchor's
members, ready to splice into an anchors file.`,
		Example: `powershared beckn sign on_confirm.json --key-file bpp-key-1.json --subscriber-id bpp.powershare.local
echo '{"anchors":[{'"$(powershared beckn sign on_confirm.json --key-file bpp-key-1.json --subscriber-id bpp.powershare.local --anchor-fields)"',"order_id":"order-1",...}]}'`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			body, err := os.ReadFile(args[0])
			if err != nil {
				return err
			}
			keyPath, _ := cmd.Flags().GetString("key-file")
			kf, err := ReadKeyFile(keyPath)
			if err != nil {
				return err
			}
			subscriber, _ := cmd.Flags().GetString("subscriber-id")
			if err := types.ValidateSubscriberID(subscriber); err != nil {
				return err
			}
			created, _ := cmd.Flags().GetInt64("created")
			if created == 0 {
				created = time.Now().Unix()
			}
			validity, _ := cmd.Flags().GetDuration("validity")
			expires := created + int64(validity/time.Second)
			digest := types.Digest(body)
			sig := ed25519.Sign(kf.SigningPrivateKey, types.SigningString(created, expires, digest))
			fields := map[string]any{
				"digest": digest, "key_id": kf.KeyID, "signature": sig,
				"signature_created": fmt.Sprint(created), "signature_expires": fmt.Sprint(expires),
			}
			if members, _ := cmd.Flags().GetBool("anchor-fields"); members {
				bz, err := json.Marshal(fields)
				if err != nil {
					return err
				}
				_, err = fmt.Fprintln(cmd.OutOrStdout(), string(bz[1:len(bz)-1]))
				return err
			}
			fields["authorization"] = fmt.Sprintf(`Signature keyId="%s|%s|ed25519",algorithm="ed25519",created="%d",expires="%d",`+
				`headers="(created) (expires) digest",signature="%s"`, subscriber, kf.KeyID, created, expires,
				base64.StdEncoding.EncodeToString(sig))
			out, err := json.MarshalIndent(fields, "", "  ")
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(cmd.OutOrStdout(), string(out))
			return err
		},
	}
	cmd.Flags().String("key-file", "", "key set written by 'powershared beckn keygen'")
	cmd.Flags().String("subscriber-id", "", "the signer's subscriber id (for the header's keyId)")
	cmd.Flags().Int64("created", 0, "signing time, unix seconds (default: now)")
	cmd.Flags().Duration("validity", time.Hour, "how long the signature is valid (expires - created)")
	cmd.Flags().Bool("anchor-fields", false, "print only the anchor's digest, key and signature fields as JSON members, to splice into an anchors file")
	return cmd
}
