package wire_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/powershare/powershare/relay/wire"
	"github.com/powershare/powershare/relay/wire/wiretest"
)

// edit decodes the sample of action in d into maps, lets change alter it
// and encodes it again (keys sorted, which the checks do not depend on).
func edit(tb testing.TB, d wire.Dialect, action string, change func(body map[string]any)) []byte {
	tb.Helper()
	var body map[string]any
	if err := json.Unmarshal(wiretest.Message(d, action), &body); err != nil {
		tb.Fatalf("sample %v %s: %v", d, action, err)
	}
	change(body)
	out, err := json.Marshal(body)
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// at is the object at a path of keys in body.
func at(body map[string]any, keys ...string) map[string]any {
	m := body
	for _, k := range keys {
		m = m[k].(map[string]any)
	}
	return m
}

// ctxOf is the context object of body.
func ctxOf(body map[string]any) map[string]any { return at(body, "context") }

// replaceOnce replaces the first old in the sample of action in d, failing
// the test when the sample has no old.
func replaceOnce(tb testing.TB, d wire.Dialect, action, old, repl string) []byte {
	tb.Helper()
	s := string(wiretest.Message(d, action))
	if !strings.Contains(s, old) {
		tb.Fatalf("sample %v %s has no %s", d, action, old)
	}
	return []byte(strings.Replace(s, old, repl, 1))
}

// sampleBody is the sample of action in d.
func sampleBody(d wire.Dialect, action string) []byte { return wiretest.Message(d, action) }

// sameContext compares contexts, times by instant.
func sameContext(a, b wire.Context) bool {
	if !a.Timestamp.Equal(b.Timestamp) {
		return false
	}
	a.Timestamp = b.Timestamp
	if len(a.SchemaContext) != len(b.SchemaContext) {
		return false
	}
	for i := range a.SchemaContext {
		if a.SchemaContext[i] != b.SchemaContext[i] {
			return false
		}
	}
	a.SchemaContext, b.SchemaContext = nil, nil
	return reflect.DeepEqual(a, b)
}
