package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/powershare/powershare/beckn"
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
			_, err = fmt.Fprintln(cmd.OutOrStdout(), beckn.EncodeDigest(beckn.Digest(body)))
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
and the Authorization header a BPP sends with the body. With --anchor-fields the file must be a
Beckn v1.1.x on_confirm: it prints the anchor's members, ready to splice into an anchors file:
the signature fields, the body itself (base64; the chain digests and parses it) and the order's
terms read from it (ids, quantity_wh, price per kWh, currency, delivery window and, with a
powershare-settlement tag group, buyer, seller, meter_id, renewable). Add "zone".`,
		Example: `powershared beckn sign on_confirm.json --key-file bpp-key-1.json --subscriber-id bpp.powershare.local
echo '{"anchors":[{'"$(powershared beckn sign on_confirm.json --key-file bpp-key-1.json --subscriber-id bpp.powershare.local --anchor-fields)"',"zone":"zone-a"}]}'`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			body, err := os.ReadFile(args[0])
			if err != nil {
				return err
			}
			keyPath, _ := cmd.Flags().GetString("key-file")
			kf, err := beckn.ReadKeyFile(keyPath)
			if err != nil {
				return err
			}
			key, err := kf.SigningKey()
			if err != nil {
				return err
			}
			subscriber, _ := cmd.Flags().GetString("subscriber-id")
			if err := types.ValidateSubscriberID(subscriber); err != nil {
				return err
			}
			created, _ := cmd.Flags().GetInt64("created")
			if created == 0 {
				created = time.Now().Unix() // a CLI signs now; nothing of it reaches state
			}
			validity, _ := cmd.Flags().GetDuration("validity")
			header, err := beckn.Sign(key, subscriber, kf.KeyID, body, created, created+int64(validity/time.Second))
			if err != nil {
				return err
			}
			fields := map[string]any{
				"digest": beckn.Digest(body), "key_id": kf.KeyID, "signature": header.Signature,
				"signature_created": fmt.Sprint(header.Created), "signature_expires": fmt.Sprint(header.Expires),
			}
			if members, _ := cmd.Flags().GetBool("anchor-fields"); members {
				if err := addTerms(fields, body); err != nil {
					return err
				}
				bz, err := json.Marshal(fields)
				if err != nil {
					return err
				}
				_, err = fmt.Fprintln(cmd.OutOrStdout(), string(bz[1:len(bz)-1]))
				return err
			}
			fields["authorization"] = header.String()
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
	cmd.Flags().Bool("anchor-fields", false, "print the anchor's members (signature, body, terms of the on_confirm) as JSON members, to splice into an anchors file")
	return cmd
}

// addTerms adds to an anchor's members the on_confirm body and the terms
// the chain will read from it, so the anchor states exactly those.
func addTerms(fields map[string]any, body []byte) error {
	t, err := beckn.ParseConfirmTerms(body)
	if err != nil {
		return fmt.Errorf("--anchor-fields reads a Beckn v1.1.x on_confirm: %w", err)
	}
	price, err := t.PricePerKWh()
	if err != nil {
		return err
	}
	fields["body"] = body
	fields["transaction_id"], fields["order_id"], fields["domain"] = t.TransactionID, t.OrderID, t.Domain
	fields["bap_id"], fields["bpp_id"] = t.BapID, t.BppID
	fields["quantity_wh"], fields["price"], fields["currency"] = fmt.Sprint(t.QuantityWh), price, t.Currency
	fields["delivery_start"], fields["delivery_end"] = t.DeliveryStart.Format(time.RFC3339), t.DeliveryEnd.Format(time.RFC3339)
	if s := t.Settlement; s != nil {
		fields["buyer"], fields["seller"], fields["meter_id"], fields["renewable"] = s.Buyer, s.Seller, s.MeterID, s.Renewable
	}
	return nil
}

func keygenCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "keygen [key-id]",
		Short: "Create a Beckn key set (Ed25519 signing, X25519 encryption, optionally ML-DSA-65) in a file readable only by you",
		Long: `Create a Beckn key set and write it, private keys included, to --out (mode 0600; an existing
file is never overwritten). With --mldsa the set also holds an ML-DSA-65 key pair, for the
co-signatures PowerShare relays exchange. The public keys are printed as JSON; give them to
'tx beckn subscribe' or 'tx beckn rotate-keys', or the file to 'genesis add-genesis-participant --key-file'.`,
		Example: `powershared beckn keygen key-1 --out bpp-key-1.json
powershared beckn keygen key-2 --mldsa --out relay-key-2.json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			out, _ := cmd.Flags().GetString("out")
			if out == "" {
				return fmt.Errorf("--out is required: the private keys go to a file, never to the terminal")
			}
			if err := types.ValidateID("key id", args[0]); err != nil {
				return err
			}
			withMLDSA, _ := cmd.Flags().GetBool("mldsa")
			kf, err := beckn.NewKeyFile(args[0], withMLDSA)
			if err != nil {
				return err
			}
			if err := beckn.WriteKeyFile(out, kf); err != nil {
				return err
			}
			public, err := json.Marshal(kf.Public())
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(cmd.OutOrStdout(), string(public))
			return err
		},
	}
	cmd.Flags().String("out", "", "file to write the key set to")
	cmd.Flags().Bool("mldsa", false, "add an ML-DSA-65 key pair")
	return cmd
}
