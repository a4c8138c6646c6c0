package wire

import (
	"fmt"
	"net/http"
)

// Error codes a NACK carries. BECKN-005 (core v1) defines the 3xxxx
// request, 4xxxx business and 5xxxx policy codes; the v2 error registry
// (the RFC that supersedes BECKN-005) keeps them and adds 50005/50006 and
// the 6xxxx transport and authentication codes. BECKN-005 has no code for
// a failed signature, so v1 NACKs of relay/auth use the 6xxxx codes too.
const (
	// CodeInvalidRequest: the body is malformed or breaks the schema.
	CodeInvalidRequest = "30000"
	// CodeBusiness: a generic business error of the receiver.
	CodeBusiness = "40000"
	// CodeActionNotApplicable: the endpoint is no action of the version.
	CodeActionNotApplicable = "40001"
	// CodePolicy: a generic policy error of the receiver.
	CodePolicy = "50000"
	// CodeDomainNotSupported: the receiver does not serve context.domain (v2).
	CodeDomainNotSupported = "50005"
	// CodeVersionNotSupported: context.version is none the receiver speaks (v2).
	CodeVersionNotSupported = "50006"
	// CodeAuthentication: a generic authentication failure.
	CodeAuthentication = "60000"
	// CodeInvalidSignature: the signature does not verify.
	CodeInvalidSignature = "60001"
	// CodeExpiredSignature: the signature's expires is past.
	CodeExpiredSignature = "60002"
	// CodeKeyNotFound: the registry has no valid key for the keyId.
	CodeKeyNotFound = "60003"
	// CodeAlgorithmMismatch: the keyId's algorithm is not the algorithm parameter.
	CodeAlgorithmMismatch = "60004"
	// CodeContextInvalid: the context misses required fields or has invalid values (v2).
	CodeContextInvalid = "60005"
)

// Error is why an inbound body is refused: what the NACK says.
type Error struct {
	// HTTPStatus is the status the NACK is sent with.
	HTTPStatus int
	// Code is the Beckn error code (the constants above).
	Code string
	// Path is the JSON path of the offending value, such as
	// "context.bap_id" or "message.order.items[2].id", in the casing the
	// sender used; "" when the whole body is at fault.
	Path string
	// Message says what is wrong and what would be right.
	Message string
	// Dialect is the dialect the NACK is to be written in: the body's
	// context.version, or a guess from its casing when the version is
	// missing or unknown, V1 when nothing tells.
	Dialect Dialect
}

// Error is the path and the message.
func (e *Error) Error() string {
	if e.Path == "" {
		return e.Message
	}
	return e.Path + ": " + e.Message
}

// errKind classifies the failures of Parse; the code depends on the kind
// and the dialect.
type errKind int

const (
	kindBody    errKind = iota // not JSON, not an object, ambiguous keys
	kindContext                // a context field missing or invalid
	kindVersion                // context.version unknown
	kindAction                 // the endpoint is no action of the dialect
	kindMessage                // the message does not have the action's shape
)

// code is the Beckn code of a failure of kind k in dialect d.
func (k errKind) code(d Dialect) string {
	switch k {
	case kindAction:
		return CodeActionNotApplicable
	case kindContext:
		if d == V2 {
			return CodeContextInvalid
		}
	case kindVersion:
		if d == V2 {
			return CodeVersionNotSupported
		}
	}
	return CodeInvalidRequest
}

// invalid is a 400 failure of kind k.
func invalid(d Dialect, k errKind, path, format string, args ...any) *Error {
	return &Error{
		HTTPStatus: http.StatusBadRequest,
		Code:       k.code(d),
		Path:       path,
		Message:    fmt.Sprintf(format, args...),
		Dialect:    d,
	}
}

// Unauthorized is the failure of an authentication check (401), for
// relay/auth's verdicts: code is one of the 6xxxx codes.
func Unauthorized(d Dialect, code, message string) *Error {
	return &Error{HTTPStatus: http.StatusUnauthorized, Code: code, Message: message, Dialect: d}
}

// Internal is a failure of the receiver itself (500): the sender may retry.
func Internal(d Dialect, message string) *Error {
	return &Error{HTTPStatus: http.StatusInternalServerError, Message: message, Dialect: d}
}

// NoCallback says that a valid request will get no callback (for example a
// search none of the provider's offers match, or a v2 context.try preview).
// v2 answers it with 409 AckNoCallback; v1, whose Ack says "NACK" when no
// callback follows a valid request, with 200 and a NACK.
func NoCallback(d Dialect, code, message string) *Error {
	status := http.StatusConflict
	if d != V2 {
		status = http.StatusOK
	}
	return &Error{HTTPStatus: status, Code: code, Message: message, Dialect: d}
}

// Rejected is a valid request the receiver refuses for what it says, such
// as a replayed message id or a domain it does not serve (400).
func Rejected(d Dialect, code, path, message string) *Error {
	return &Error{HTTPStatus: http.StatusBadRequest, Code: code, Path: path, Message: message, Dialect: d}
}
