package blockbench

import (
	"crypto/sha256"
	"fmt"

	"github.com/cosmos/cosmos-sdk/crypto/keys/mldsa65"
	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	cryptotypes "github.com/cosmos/cosmos-sdk/crypto/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
)

// KeyAlgo is the signature algorithm of the harness's accounts.
type KeyAlgo string

const (
	// MLDSA65 is FIPS 204 ML-DSA-65, PowerShare's default account key.
	MLDSA65 KeyAlgo = "ml_dsa_65"
	// Secp256k1 is the classic Cosmos account key, kept as the baseline.
	Secp256k1 KeyAlgo = "secp256k1"
)

// Account is a funded genesis account and the signing state the harness keeps
// for it. Sequence is the sequence of the next tx SignTx will sign. PubKey is
// kept because deriving an ML-DSA-65 public key from the private key costs
// about as much as a signature.
type Account struct {
	Key      cryptotypes.PrivKey
	PubKey   cryptotypes.PubKey
	Address  sdk.AccAddress
	Number   uint64
	Sequence uint64
}

// NewKey derives the private key number index of algo deterministically, so
// that every run of a benchmark signs the same bytes with the same keys.
func NewKey(algo KeyAlgo, label string, index int) (cryptotypes.PrivKey, error) {
	seed := sha256.Sum256(fmt.Appendf(nil, "blockbench/%s/%s/%d", algo, label, index))
	switch algo {
	case MLDSA65:
		key, err := mldsa65.GenPrivKeyFromSeed(seed[:])
		if err != nil {
			return nil, err
		}
		return &key, nil
	case Secp256k1:
		return secp256k1.GenPrivKeyFromSecret(seed[:]), nil
	default:
		return nil, fmt.Errorf("unknown key algorithm %q", algo)
	}
}
