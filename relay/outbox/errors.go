package outbox

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Error is how a Deliverer says what kind of failure it met. Any other
// error (a refused connection, a timeout) is transient.
type Error struct {
	// Permanent failures are never retried: the item is parked as dead.
	Permanent bool
	// StatusCode is the receiver's HTTP status, 0 if none was received.
	StatusCode int
	// RetryAfter is the least wait the receiver asked for (a 429 or 503
	// with Retry-After); the worker waits at least this long, capped at
	// MaxBackoff.
	RetryAfter time.Duration
	Err        error
}

func (e *Error) Error() string {
	kind := "transient"
	if e.Permanent {
		kind = "permanent"
	}
	if e.StatusCode != 0 {
		return fmt.Sprintf("%s delivery failure, HTTP %d: %v", kind, e.StatusCode, e.Err)
	}
	return fmt.Sprintf("%s delivery failure: %v", kind, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// Permanent marks err as not worth retrying (for example a NACK that says
// the message itself is wrong).
func Permanent(err error) error {
	return &Error{Permanent: true, Err: err}
}

// IsPermanent reports whether err, or an error it wraps, is a permanent
// Error.
func IsPermanent(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Permanent
}

// retryAfter is the least wait err asks for, 0 if none.
func retryAfter(err error) time.Duration {
	var e *Error
	if errors.As(err, &e) {
		return e.RetryAfter
	}
	return 0
}

// HTTPStatus classifies a receiver's answer: nil for 2xx; a permanent Error
// for a 4xx other than 401, 408 and 429; a transient one otherwise. detail
// says what the receiver said (its NACK's code and message, never a body
// or a key), and retryAfter carries its Retry-After (see ParseRetryAfter).
//
// 401 is transient: a receiver refuses a valid signature while its registry
// cache still holds a key rotated a moment ago, or while clocks disagree
// beyond its skew; each retry is signed afresh, and MaxAttempts bounds the
// cost when the refusal is for good. 408 and 429 ask for a later attempt;
// 5xx and anything unexpected may pass.
func HTTPStatus(status int, retryAfter time.Duration, detail string) error {
	if status >= 200 && status < 300 {
		return nil
	}
	permanent := status >= 400 && status < 500 &&
		status != http.StatusUnauthorized && status != http.StatusRequestTimeout && status != http.StatusTooManyRequests
	if detail == "" {
		detail = http.StatusText(status)
	}
	return &Error{Permanent: permanent, StatusCode: status, RetryAfter: retryAfter, Err: errors.New(detail)}
}

// ParseRetryAfter reads an HTTP Retry-After value (delay seconds or an
// HTTP date) as a wait from now; 0 when absent, malformed or past.
func ParseRetryAfter(value string, now time.Time) time.Duration {
	value = strings.TrimSpace(value)
	if value == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(value, 10, 64); err == nil {
		const day = int64(24 * time.Hour / time.Second) // guards the multiplication; MaxBackoff caps far lower
		if secs <= 0 {
			return 0
		}
		return time.Duration(min(secs, day)) * time.Second
	}
	if at, err := http.ParseTime(value); err == nil && at.After(now) {
		return at.Sub(now)
	}
	return 0
}
