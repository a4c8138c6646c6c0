package wire

import "strings"

// callbackPrefix turns a request action into the action of its callback.
const callbackPrefix = "on_"

// requestActions are the request actions of each dialect in the order of a
// transaction's life. v2 renamed search to discover and rating to rate.
var requestActions = map[Dialect][]string{
	V1: {"search", "select", "init", "confirm", "status", "track", "cancel", "update", "rating", "support"},
	V2: {"discover", "select", "init", "confirm", "status", "track", "update", "cancel", "rate", "support"},
}

// Actions are the request actions of d (not their callbacks), a fresh
// slice the caller may keep.
func Actions(d Dialect) []string { return append([]string(nil), requestActions[d]...) }

// Callbacks are the callback actions of d, in the order of Actions.
func Callbacks(d Dialect) []string {
	out := make([]string, 0, len(requestActions[d]))
	for _, a := range requestActions[d] {
		out = append(out, Callback(a))
	}
	return out
}

// Callback is the action answering a request action ("search" ->
// "on_search"); "" for an action that is already a callback or empty.
func Callback(action string) string {
	if action == "" || IsCallback(action) {
		return ""
	}
	return callbackPrefix + action
}

// RequestOf is the request action a callback answers ("on_search" ->
// "search"); "" for an action that is no callback.
func RequestOf(action string) string {
	req, ok := strings.CutPrefix(action, callbackPrefix)
	if !ok {
		return ""
	}
	return req
}

// IsCallback is whether action is a callback (on_*), whose sender is the BPP.
func IsCallback(action string) bool {
	return strings.HasPrefix(action, callbackPrefix) && len(action) > len(callbackPrefix)
}

// IsAction is whether action is a request or callback action of d.
func IsAction(d Dialect, action string) bool {
	req := action
	if IsCallback(action) {
		req = RequestOf(action)
	}
	for _, a := range requestActions[d] {
		if a == req {
			return true
		}
	}
	return false
}

// isDiscovery is whether action is the broadcast request of d (search,
// discover), the one request that may be sent without a BPP, to a gateway.
func isDiscovery(action string) bool { return action == "search" || action == "discover" }
