package server

import (
	"fmt"
	"strconv"

	"github.com/powershare/powershare/relay/wire"
)

// knownAction: an action or callback of core 1.1.x or 2.0.0.
func knownAction(action string) bool {
	return wire.IsAction(wire.V1, action) || wire.IsAction(wire.V2, action)
}

// dialectOfAction guesses the dialect of a message whose body is not read
// yet from its endpoint, for the shape of a NACK: 2.0.0 for its own
// actions (discover, rate), 1.1.x otherwise.
func dialectOfAction(action string) wire.Dialect {
	if wire.IsAction(wire.V2, action) && !wire.IsAction(wire.V1, action) {
		return wire.V2
	}
	return wire.V1
}

// isDiscovery: search and discover and their callbacks, the actions a
// gateway carries.
func isDiscovery(action string) bool {
	switch action {
	case "search", "discover", "on_search", "on_discover":
		return true
	}
	return false
}

// pathIn spells a context path as the dialect does: 2.0.0 in camelCase.
func pathIn(d wire.Dialect, path string) string {
	if d != wire.V2 {
		return path
	}
	out := []byte{}
	upper := false
	for i := 0; i < len(path); i++ {
		switch {
		case path[i] == '_':
			upper = true
		case upper && path[i] >= 'a' && path[i] <= 'z':
			out = append(out, path[i]-'a'+'A')
			upper = false
		default:
			out = append(out, path[i])
			upper = false
		}
	}
	return string(out)
}

func errorf(format string, args ...any) error { return fmt.Errorf("relay server: "+format, args...) }

func quote(s string) string { return strconv.Quote(s) }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// metricAction keeps the action label's cardinality bounded: a path that is
// not a Beckn action is counted as "unknown".
func metricAction(action string) string {
	if knownAction(action) {
		return action
	}
	return "unknown"
}
