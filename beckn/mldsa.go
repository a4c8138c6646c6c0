package beckn

import (
	"crypto/rand"
	"fmt"

	"github.com/cloudflare/circl/sign/mldsa/mldsa65"
)

// MLDSASignatureSize is the size of an ML-DSA-65 signature.
const MLDSASignatureSize = mldsa65.SignatureSize

// mldsaContext separates PowerShare co-signatures from any other use of an
// ML-DSA-65 key (FIPS 204 context string).
var mldsaContext = []byte("powershare/beckn co-signature v1")

// CoSign makes an ML-DSA-65 co-signature of the same signing string an
// Authorization header's Ed25519 signature signs. PowerShare relays send it
// next to the header so that a signature survives a break of Ed25519; other
// Beckn participants ignore it.
func CoSign(key *mldsa65.PrivateKey, created, expires int64, digest []byte) ([]byte, error) {
	if err := CheckDigest(digest); err != nil {
		return nil, err
	}
	sig := make([]byte, MLDSASignatureSize)
	if err := mldsa65.SignTo(key, SigningString(created, expires, digest), mldsaContext, true, sig); err != nil {
		return nil, fmt.Errorf("%w: ML-DSA-65: %w", ErrInvalidSignature, err)
	}
	return sig, nil
}

// VerifyCoSignature checks an ML-DSA-65 co-signature made by CoSign with the
// raw public key (as ValidateMLDSAPublicKey accepts it). Like
// VerifySignature, it does not look at the time.
func VerifyCoSignature(publicKey []byte, created, expires int64, digest, signature []byte) error {
	if len(publicKey) == 0 {
		return fmt.Errorf("%w: no ML-DSA-65 public key", ErrInvalidKey)
	}
	if err := ValidateMLDSAPublicKey(publicKey); err != nil {
		return err
	}
	if err := CheckDigest(digest); err != nil {
		return err
	}
	var pk mldsa65.PublicKey
	if err := pk.UnmarshalBinary(publicKey); err != nil {
		return fmt.Errorf("%w: ML-DSA-65 public key: %w", ErrInvalidKey, err)
	}
	if len(signature) != MLDSASignatureSize || !mldsa65.Verify(&pk, SigningString(created, expires, digest), mldsaContext, signature) {
		return fmt.Errorf("%w: the ML-DSA-65 co-signature does not verify for digest %s", ErrInvalidSignature, EncodeDigest(digest))
	}
	return nil
}

// newMLDSAKey draws an ML-DSA-65 key pair from its 32-byte seed.
func newMLDSAKey() (seed []byte, public []byte, err error) {
	var s [mldsa65.SeedSize]byte
	if _, err := rand.Read(s[:]); err != nil {
		return nil, nil, err
	}
	pk, _ := mldsa65.NewKeyFromSeed(&s)
	return s[:], pk.Bytes(), nil
}
