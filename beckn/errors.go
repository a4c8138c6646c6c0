package beckn

import "errors"

// Errors of the package. Every error it returns wraps one of them, with a
// message that says what exactly is wrong; callers test with errors.Is and
// map them to their own errors (x/beckn wraps them in its registered ones,
// a relay in a NACK).
var (
	// ErrInvalidHeader: an Authorization header that does not follow BECKN-006.
	ErrInvalidHeader = errors.New("invalid Beckn Authorization header")
	// ErrUnsupportedAlgorithm: a signing algorithm other than ed25519.
	ErrUnsupportedAlgorithm = errors.New("unsupported Beckn signing algorithm")
	// ErrInvalidSignature: a signature that does not verify, or is malformed.
	ErrInvalidSignature = errors.New("invalid Beckn signature")
	// ErrNotYetValid: a signature created after the verifier's time plus its skew.
	ErrNotYetValid = errors.New("signature not yet valid")
	// ErrExpired: a signature whose expires is before the verifier's time.
	ErrExpired = errors.New("signature expired")
	// ErrTooOld: a signature created longer ago than the verifier accepts.
	ErrTooOld = errors.New("signature too old")
	// ErrInvalidDigest: a digest that is not a BLAKE2b-512 digest.
	ErrInvalidDigest = errors.New("invalid BLAKE2b-512 digest")
	// ErrInvalidKey: a key of the wrong size or form, or a weak point.
	ErrInvalidKey = errors.New("invalid Beckn key")
	// ErrInvalidKeyFile: a key file that cannot be read, or whose keys do not belong together.
	ErrInvalidKeyFile = errors.New("invalid Beckn key file")
	// ErrInvalidBody: an on_confirm body whose terms cannot be read.
	ErrInvalidBody = errors.New("invalid Beckn on_confirm body")
)
