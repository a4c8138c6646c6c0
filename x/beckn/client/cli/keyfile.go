package cli

import (
	"crypto/ecdh"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"os"

	"github.com/spf13/cobra"
)

// KeyFile is a Beckn key set with its private halves, as `powershared beckn
// keygen` writes it and a relay reads it. Keys are standard base64; the
// Ed25519 private key is the 64-byte seed||public form Beckn's examples use.
type KeyFile struct {
	KeyID             string `json:"key_id"`
	SigningPrivateKey []byte `json:"signing_private_key"`
	SigningPublicKey  []byte `json:"signing_public_key"`
	EncrPrivateKey    []byte `json:"encr_private_key"`
	EncrPublicKey     []byte `json:"encr_public_key"`
}

// NewKeyFile draws a fresh Ed25519 and X25519 key set.
func NewKeyFile(keyID string) (KeyFile, error) {
	signingPub, signingPriv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return KeyFile{}, err
	}
	encr, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		return KeyFile{}, err
	}
	return KeyFile{KeyID: keyID, SigningPrivateKey: signingPriv, SigningPublicKey: signingPub,
		EncrPrivateKey: encr.Bytes(), EncrPublicKey: encr.PublicKey().Bytes()}, nil
}

// ReadKeyFile reads a key file and checks that its public keys are the
// private keys' own.
func ReadKeyFile(path string) (KeyFile, error) {
	var kf KeyFile
	bz, err := os.ReadFile(path)
	if err != nil {
		return kf, err
	}
	if err := json.Unmarshal(bz, &kf); err != nil {
		return kf, fmt.Errorf("%s: %w", path, err)
	}
	if len(kf.SigningPrivateKey) != ed25519.PrivateKeySize ||
		!ed25519.PrivateKey(kf.SigningPrivateKey).Public().(ed25519.PublicKey).Equal(ed25519.PublicKey(kf.SigningPublicKey)) {
		return kf, fmt.Errorf("%s: the signing keys do not belong together", path)
	}
	encr, err := ecdh.X25519().NewPrivateKey(kf.EncrPrivateKey)
	if err != nil || string(encr.PublicKey().Bytes()) != string(kf.EncrPublicKey) {
		return kf, fmt.Errorf("%s: the encryption keys do not belong together", path)
	}
	return kf, nil
}

func keygenCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "keygen [key-id]",
		Short: "Create a Beckn key set (Ed25519 signing, X25519 encryption) in a file readable only by you",
		Long: `Create a Beckn key set and write it, private keys included, to --out (mode 0600; an existing
file is never overwritten). The public keys are printed as JSON; give them to 'tx beckn subscribe'
or 'tx beckn rotate-keys', or the file to 'genesis add-genesis-participant --key-file'.`,
		Example: `powershared beckn keygen key-1 --out bpp-key-1.json`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			out, _ := cmd.Flags().GetString("out")
			if out == "" {
				return fmt.Errorf("--out is required: the private keys go to a file, never to the terminal")
			}
			kf, err := NewKeyFile(args[0])
			if err != nil {
				return err
			}
			bz, err := json.MarshalIndent(kf, "", "  ")
			if err != nil {
				return err
			}
			f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
			if err != nil {
				return err
			}
			if _, err := f.Write(append(bz, '\n')); err != nil {
				f.Close()
				return err
			}
			if err := f.Close(); err != nil {
				return err
			}
			public, err := json.Marshal(map[string]any{
				"key_id": kf.KeyID, "signing_public_key": kf.SigningPublicKey, "encr_public_key": kf.EncrPublicKey,
			})
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(cmd.OutOrStdout(), string(public))
			return err
		},
	}
	cmd.Flags().String("out", "", "file to write the key set to")
	return cmd
}
