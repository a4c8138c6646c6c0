package wire

import (
	"errors"
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/powershare/powershare/beckn"
)

// Bounds of context values: far above any real one, low enough that a
// body cannot make the relay store or log megabytes per field.
const (
	maxIDLen  = 255
	maxURILen = 2048
)

// checkSubscriberID: a subscriber id is typically an FQDN; the spec types
// it as a string. It must not contain what would break the keyId of a
// signature header ("{subscriber_id}|{unique_key_id}|{algorithm}",
// quoted), nor white space or control characters.
func checkSubscriberID(s string) error {
	if err := checkToken(s); err != nil {
		return err
	}
	if strings.ContainsAny(s, `|"`) {
		return errors.New("must not contain | or \" (they delimit the keyId of a signature)")
	}
	return nil
}

// checkToken is the rule of ids: the spec types transaction and message
// ids as strings of format uuid, but format is an annotation that schema
// validators do not assert, and real networks send ids such as
// "msg-discover-001"; so any printable text without white space is taken.
func checkToken(s string) error {
	if len(s) > maxIDLen {
		return errors.New("is longer than 255 bytes")
	}
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == unicode.ReplacementChar {
			return errors.New("must not contain white space or control characters")
		}
	}
	return nil
}

// checkHTTPURI: subscriber URIs are where Beckn calls are POSTed, so they
// are absolute http or https URLs with a host.
func checkHTTPURI(s string) error {
	if len(s) > maxURILen {
		return errors.New("is longer than 2048 bytes")
	}
	u, err := url.Parse(s)
	if err != nil {
		return errors.New("is not a URL")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return errors.New("must be an absolute http:// or https:// URL")
	}
	if u.Host == "" || u.Hostname() == "" {
		return errors.New("must name a host")
	}
	if u.User != nil {
		return errors.New("must not carry user information")
	}
	if u.Fragment != "" || strings.Contains(s, "#") {
		return errors.New("must not carry a fragment")
	}
	return nil
}

// checkAbsoluteURI: other URIs (JSON-LD contexts, tracking links) need
// only be absolute.
func checkAbsoluteURI(s string) error {
	if len(s) > maxURILen {
		return errors.New("is longer than 2048 bytes")
	}
	u, err := url.Parse(s)
	if err != nil || !u.IsAbs() {
		return errors.New("must be an absolute URI")
	}
	return nil
}

// parseTimestamp reads an RFC 3339 date-time with its offset.
func parseTimestamp(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, errors.New("must be an RFC 3339 date-time with its offset, as in 2026-01-02T15:04:05.000Z")
	}
	return t.UTC(), nil
}

// FormatTimestamp writes t as contexts carry it: RFC 3339 in UTC with
// milliseconds, or with as many fraction digits as it needs beyond them.
func FormatTimestamp(t time.Time) string {
	t = t.UTC()
	if t.Nanosecond()%int(time.Millisecond) == 0 {
		return t.Format("2006-01-02T15:04:05.000Z07:00")
	}
	return t.Format(time.RFC3339Nano)
}

// digestPrefix starts a v2 requestDigest: BLAKE2b-512, base64.
const digestPrefix = "BLAKE-512="

// checkRequestDigest: "BLAKE-512=" and the standard base64 of a
// BLAKE2b-512 digest.
func checkRequestDigest(s string) error {
	b64, ok := strings.CutPrefix(s, digestPrefix)
	if !ok {
		return errors.New("must start with BLAKE-512=")
	}
	if _, err := beckn.DecodeDigest(b64); err != nil {
		return errors.New("must be BLAKE-512= and the base64 of a 64-byte BLAKE2b-512 digest")
	}
	return nil
}

// RequestDigest is the v2 requestDigest of a request body: "BLAKE-512="
// and the base64 of its BLAKE2b-512 digest.
func RequestDigest(body []byte) string { return digestPrefix + beckn.EncodeDigest(beckn.Digest(body)) }
