package wire_test

import (
	"slices"
	"testing"

	"github.com/powershare/powershare/relay/wire"
)

func TestActions(t *testing.T) {
	v1 := []string{"search", "select", "init", "confirm", "status", "track", "cancel", "update", "rating", "support"}
	v2 := []string{"discover", "select", "init", "confirm", "status", "track", "update", "cancel", "rate", "support"}
	if got := wire.Actions(wire.V1); !slices.Equal(got, v1) {
		t.Errorf("v1 %v", got)
	}
	if got := wire.Actions(wire.V2); !slices.Equal(got, v2) {
		t.Errorf("v2 %v", got)
	}
	wire.Actions(wire.V1)[0] = "changed"
	if wire.Actions(wire.V1)[0] != "search" {
		t.Error("Actions hands out its own slice")
	}
	if got := wire.Callbacks(wire.V2); got[0] != "on_discover" || got[8] != "on_rate" || len(got) != 10 {
		t.Errorf("v2 callbacks %v", got)
	}
	if len(wire.Actions(0)) != 0 {
		t.Error("actions of no dialect")
	}
}

func TestCallbackNames(t *testing.T) {
	for in, want := range map[string]string{"search": "on_search", "rate": "on_rate", "on_search": "", "": ""} {
		if got := wire.Callback(in); got != want {
			t.Errorf("Callback(%q) = %q", in, got)
		}
	}
	for in, want := range map[string]string{"on_search": "search", "search": "", "on_": ""} {
		if got := wire.RequestOf(in); got != want {
			t.Errorf("RequestOf(%q) = %q", in, got)
		}
	}
	for in, want := range map[string]bool{"on_confirm": true, "confirm": false, "on_": false, "": false} {
		if got := wire.IsCallback(in); got != want {
			t.Errorf("IsCallback(%q) = %v", in, got)
		}
	}
	for _, tc := range []struct {
		d      wire.Dialect
		action string
		want   bool
	}{
		{wire.V1, "search", true}, {wire.V1, "on_rating", true}, {wire.V1, "discover", false}, {wire.V1, "rate", false},
		{wire.V2, "on_discover", true}, {wire.V2, "rate", true}, {wire.V2, "on_search", false}, {wire.V2, "on_", false},
	} {
		if got := wire.IsAction(tc.d, tc.action); got != tc.want {
			t.Errorf("IsAction(%v, %q) = %v", tc.d, tc.action, got)
		}
	}
}

func TestDialectOf(t *testing.T) {
	for v, want := range map[string]wire.Dialect{"1.1.0": wire.V1, "1.1.1": wire.V1, "2.0.0": wire.V2} {
		if d, ok := wire.DialectOf(v); !ok || d != want {
			t.Errorf("DialectOf(%q) = %v, %v", v, d, ok)
		}
	}
	for _, v := range []string{"", "1.0.0", "1.1", "2.0.1", "v2.0.0", "2.0.0 "} {
		if d, ok := wire.DialectOf(v); ok {
			t.Errorf("DialectOf(%q) = %v", v, d)
		}
	}
	if wire.V1.String() != "beckn-1.1" || wire.V2.String() != "beckn-2.0" || wire.Dialect(7).String() != "dialect(7)" {
		t.Error("dialect names")
	}
}
