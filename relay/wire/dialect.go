package wire

import "fmt"

// Dialect is the generation of the Beckn protocol a message is written in.
// The zero value is no dialect.
type Dialect int

const (
	// V1 is Beckn core 1.1.x (context.version "1.1.0" or "1.1.1"):
	// snake_case context, message.order, ACK wrapped in message.ack.
	V1 Dialect = 1
	// V2 is Beckn 2.0.0 LTS (context.version "2.0.0"): camelCase context,
	// message.contract with commitments, a counter-signed Ack.
	V2 Dialect = 2
)

// Versions a context may name, by dialect. The first of each is what
// NewContext writes when no version is asked for.
var versions = map[Dialect][]string{
	V1: {"1.1.1", "1.1.0"},
	V2: {"2.0.0"},
}

// DialectOf is the dialect of a context.version, false for a version the
// relay does not speak.
func DialectOf(version string) (Dialect, bool) {
	switch version {
	case "1.1.0", "1.1.1":
		return V1, true
	case "2.0.0":
		return V2, true
	}
	return 0, false
}

// Versions are the context.version values of d, newest first.
func Versions(d Dialect) []string { return append([]string(nil), versions[d]...) }

// String names the dialect as logs and errors show it.
func (d Dialect) String() string {
	switch d {
	case V1:
		return "beckn-1.1"
	case V2:
		return "beckn-2.0"
	}
	return fmt.Sprintf("dialect(%d)", int(d))
}

// Valid is whether d is one of the dialects.
func (d Dialect) Valid() bool { return d == V1 || d == V2 }
