package beckn

import (
	"bytes"
	"crypto/ecdh"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/cloudflare/circl/sign/mldsa/mldsa65"
)

// KeyFile is a participant's key set with its private halves, as
// `powershared beckn keygen` writes it and a relay reads it: JSON with
// standard base64 keys. The Ed25519 private key is the 64-byte
// seed||public form of Beckn's examples (a 32-byte seed is read too); the
// optional ML-DSA-65 private key is its 32-byte seed (FIPS 204 ξ).
type KeyFile struct {
	KeyID             string `json:"key_id"`
	SigningPrivateKey []byte `json:"signing_private_key"`
	SigningPublicKey  []byte `json:"signing_public_key"`
	EncrPrivateKey    []byte `json:"encr_private_key"`
	EncrPublicKey     []byte `json:"encr_public_key"`
	MLDSAPrivateKey   []byte `json:"mldsa_private_key,omitempty"`
	MLDSAPublicKey    []byte `json:"mldsa_public_key,omitempty"`
}

// PublicKeys are the public half of a key file, as a participant registers
// them; it is what keygen prints.
type PublicKeys struct {
	KeyID            string `json:"key_id"`
	SigningPublicKey []byte `json:"signing_public_key"`
	EncrPublicKey    []byte `json:"encr_public_key"`
	MLDSAPublicKey   []byte `json:"mldsa_public_key,omitempty"`
}

// NewKeyFile draws a fresh Ed25519 signing and X25519 encryption key set
// and, with withMLDSA, an ML-DSA-65 key pair for co-signatures.
func NewKeyFile(keyID string, withMLDSA bool) (KeyFile, error) {
	if keyID == "" {
		return KeyFile{}, fmt.Errorf("%w: a key id is required", ErrInvalidKeyFile)
	}
	signingPub, signingPriv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return KeyFile{}, err
	}
	encr, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		return KeyFile{}, err
	}
	kf := KeyFile{KeyID: keyID, SigningPrivateKey: signingPriv, SigningPublicKey: signingPub,
		EncrPrivateKey: encr.Bytes(), EncrPublicKey: encr.PublicKey().Bytes()}
	if withMLDSA {
		if kf.MLDSAPrivateKey, kf.MLDSAPublicKey, err = newMLDSAKey(); err != nil {
			return KeyFile{}, err
		}
	}
	return kf, nil
}

// Public returns the key file's public keys.
func (kf KeyFile) Public() PublicKeys {
	return PublicKeys{KeyID: kf.KeyID, SigningPublicKey: kf.SigningPublicKey, EncrPublicKey: kf.EncrPublicKey,
		MLDSAPublicKey: kf.MLDSAPublicKey}
}

// SigningKey is the Ed25519 private key that signs Authorization headers.
func (kf KeyFile) SigningKey() (ed25519.PrivateKey, error) {
	return SigningPrivateKey(kf.SigningPrivateKey)
}

// EncryptionKey is the X25519 private key.
func (kf KeyFile) EncryptionKey() (*ecdh.PrivateKey, error) {
	return EncryptionPrivateKey(kf.EncrPrivateKey)
}

// MLDSAKey is the ML-DSA-65 private key of co-signatures, or nil when the
// file has none.
func (kf KeyFile) MLDSAKey() (*mldsa65.PrivateKey, error) {
	if len(kf.MLDSAPrivateKey) == 0 {
		return nil, nil
	}
	if len(kf.MLDSAPrivateKey) != mldsa65.SeedSize {
		return nil, fmt.Errorf("%w: ML-DSA-65 private key has %d bytes; the file holds its %d-byte seed",
			ErrInvalidKey, len(kf.MLDSAPrivateKey), mldsa65.SeedSize)
	}
	var seed [mldsa65.SeedSize]byte
	copy(seed[:], kf.MLDSAPrivateKey)
	_, sk := mldsa65.NewKeyFromSeed(&seed)
	return sk, nil
}

// Check says whether every private key is well formed and each public key
// is its private key's own.
func (kf KeyFile) Check() error {
	if kf.KeyID == "" {
		return fmt.Errorf("%w: no key_id", ErrInvalidKeyFile)
	}
	signing, err := kf.SigningKey()
	if err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidKeyFile, err)
	}
	if !bytes.Equal(signing.Public().(ed25519.PublicKey), kf.SigningPublicKey) {
		return fmt.Errorf("%w: the signing keys do not belong together", ErrInvalidKeyFile)
	}
	encr, err := kf.EncryptionKey()
	if err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidKeyFile, err)
	}
	if !bytes.Equal(encr.PublicKey().Bytes(), kf.EncrPublicKey) {
		return fmt.Errorf("%w: the encryption keys do not belong together", ErrInvalidKeyFile)
	}
	if (len(kf.MLDSAPrivateKey) == 0) != (len(kf.MLDSAPublicKey) == 0) {
		return fmt.Errorf("%w: an ML-DSA-65 key needs both its private and its public half", ErrInvalidKeyFile)
	}
	mldsa, err := kf.MLDSAKey()
	if err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidKeyFile, err)
	}
	if mldsa != nil && !bytes.Equal(mldsa.Public().(*mldsa65.PublicKey).Bytes(), kf.MLDSAPublicKey) {
		return fmt.Errorf("%w: the ML-DSA-65 keys do not belong together", ErrInvalidKeyFile)
	}
	return nil
}

// ReadKeyFile reads a key file and checks it (Check). A file that others
// than its owner may read or write is refused, as ssh refuses such a private
// key: its keys may already be known to someone else.
func ReadKeyFile(path string) (KeyFile, error) {
	var kf KeyFile
	info, err := os.Stat(path)
	if err != nil {
		return kf, err
	}
	if perm := info.Mode().Perm(); perm&0o077 != 0 {
		return kf, fmt.Errorf("%w: %s has mode %04o, open to others than its owner: run chmod 600 %s",
			ErrInvalidKeyFile, path, perm, path)
	}
	bz, err := os.ReadFile(path)
	if err != nil {
		return kf, err
	}
	dec := json.NewDecoder(bytes.NewReader(bz))
	dec.DisallowUnknownFields()
	// On failure the half-read key set is dropped, not returned: its
	// private keys must not reach a caller that only wanted the error.
	if err := dec.Decode(&kf); err != nil {
		return KeyFile{}, fmt.Errorf("%w: %s: %w", ErrInvalidKeyFile, path, err)
	}
	if err := kf.Check(); err != nil {
		return KeyFile{}, fmt.Errorf("%s: %w", path, err)
	}
	return kf, nil
}

// WriteKeyFile writes a key file readable only by its owner (mode 0600). It
// never overwrites: a file already at path is an error, so a key set that
// may be registered somewhere is never lost.
func WriteKeyFile(path string, kf KeyFile) (err error) {
	if err := kf.Check(); err != nil {
		return err
	}
	bz, err := json.MarshalIndent(kf, "", "  ")
	if err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	// A key set that is not wholly on disk is removed: with O_EXCL a
	// truncated file would block the retry and hold no usable key.
	defer func() {
		err = errors.Join(err, f.Close())
		if err != nil {
			err = errors.Join(err, os.Remove(path))
		}
	}()
	if _, err = f.Write(append(bz, '\n')); err != nil {
		return err
	}
	return f.Sync()
}

// String shows the key file's public keys only, so that printing a KeyFile
// with %v or %+v never prints its private keys.
func (kf KeyFile) String() string { return fmt.Sprintf("%+v", kf.Public()) }

// GoString is String for %#v.
func (kf KeyFile) GoString() string { return kf.String() }
