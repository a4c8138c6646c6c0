package auth

import (
	"net/http"
	"strings"

	"github.com/powershare/powershare/beckn"
)

// The checks a Verifier makes, as Failure.Check names them.
const (
	CheckHeader      = "header"       // missing, repeated or malformed signature header
	CheckAlgorithm   = "algorithm"    // an algorithm other than ed25519
	CheckCreated     = "created"      // created later than now plus the skew
	CheckExpires     = "expires"      // expires in the past
	CheckSender      = "sender"       // the signer is not the message's sender (or, for a gateway header, not a gateway)
	CheckDigest      = "digest"       // a Digest header that is not the body's BLAKE-512 digest
	CheckUnknownKey  = "unknown_key"  // the registry has no such key of the signer, or an unusable one
	CheckKeyValidity = "key_validity" // the key was not valid at created, or has ended
	CheckStatus      = "status"       // the signer is not SUBSCRIBED
	CheckSignature   = "signature"    // the Ed25519 signature does not verify
	CheckPQMissing   = "pq_missing"   // require_pq, and a signer with an ML-DSA-65 key sent no co-signature
	CheckPQInvalid   = "pq_invalid"   // a co-signature that is malformed, mismatched or does not verify
	CheckRegistry    = "registry"     // the registry could not be read: not the sender's fault
)

// Failure is why a message's signature was refused: which check failed
// (one of the Check constants), on which header, and a message for the
// sender saying what was wrong. Realm is the verifying participant.
type Failure struct {
	Check   string
	Header  string
	Message string
	Realm   string
}

// Error implements error: "header: check: message".
func (f *Failure) Error() string { return f.Header + ": " + f.Check + ": " + f.Message }

// Temporary says whether the failure is the verifier's (the registry could
// not be read), so that the sender should retry: answer 503, not 401.
func (f *Failure) Temporary() bool { return f.Check == CheckRegistry }

// HTTPStatus is the status to answer with: 401 Unauthorized, or 503 for a
// temporary failure.
func (f *Failure) HTTPStatus() int {
	if f.Temporary() {
		return http.StatusServiceUnavailable
	}
	return http.StatusUnauthorized
}

// Challenge is the header a 401 answer carries (BECKN-006, RFC 7235):
// WWW-Authenticate for a refused Authorization, Proxy-Authenticate for a
// refused X-Gateway-Authorization, with the value
// Signature realm="<verifier's subscriber id>",headers="(created) (expires) digest".
func (f *Failure) Challenge() (headerName, value string) {
	headerName = "WWW-Authenticate"
	if f.Header == HeaderGateway || f.Header == HeaderGatewayCoSignature {
		headerName = "Proxy-Authenticate"
	}
	return headerName, `Signature realm="` + quote(f.Realm) + `",headers="` + beckn.SignedHeaders + `"`
}

// quote escapes a quoted-string's backslashes and quotes (RFC 9110).
func quote(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s)
}
