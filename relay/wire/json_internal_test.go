package wire

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode"
)

func TestFoldKeyMatchesEqualFold(t *testing.T) {
	// Every rune folds to the same key as every rune of its orbit.
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			if foldKey(string(r)) != foldKey(string(f)) {
				t.Fatalf("%U and %U fold apart", r, f)
			}
		}
	}
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"bap_id", "BAP_ID", true}, {"kWh", "\u212aWh", true}, {"s", "\u017f", true}, {"ss", "\u00df", false},
		{"bapId", "bap_id", false}, {"", "", true}, {"a", "", false},
	} {
		if got := foldKey(tc.a) == foldKey(tc.b); got != tc.same || strings.EqualFold(tc.a, tc.b) != tc.same {
			t.Errorf("%q %q: fold %v, EqualFold %v, want %v", tc.a, tc.b, got, strings.EqualFold(tc.a, tc.b), tc.same)
		}
	}
}

// FuzzFoldKey: two keys fold alike exactly when strings.EqualFold (and so
// encoding/json's matching of keys to fields) takes them for one key.
func FuzzFoldKey(f *testing.F) {
	f.Add("kWh", "\u212aWh")
	f.Add("bapId", "BAPID")
	f.Fuzz(func(t *testing.T, a, b string) {
		if (foldKey(a) == foldKey(b)) != strings.EqualFold(a, b) {
			t.Fatalf("%q %q: fold %q %q, EqualFold %v", a, b, foldKey(a), foldKey(b), strings.EqualFold(a, b))
		}
	})
}

func TestParseJSONAgreesWithEncodingJSON(t *testing.T) {
	for _, s := range []string{
		`{}`, `[]`, `0`, `-0`, `-0.0e+0`, `1E9`, `"\u00e9\ud83d\ude00"`, `true`, `null`, ` {"a" : [ 1 , { } ] } `,
		`{"a":1,}`, `[1,]`, `01`, `1.`, `.5`, `-`, `+1`, `1e`, `"\u12"`, `"\a"`, `tru`, `nul`, `{"a"}`, `{"a":}`,
		`{1:2}`, `[`, `]`, `{"a":1}}`, `"a` + "\x01" + `"`, `"\/"`, `[1 2]`, `{"a":1 "b":2}`, ``,
	} {
		_, _, syntaxErr, _ := parseJSON(s)
		if (syntaxErr == nil) != json.Valid([]byte(s)) {
			t.Errorf("%q: parser says %v, encoding/json says %v", s, syntaxErr, json.Valid([]byte(s)))
		}
	}
}

func TestRenderPath(t *testing.T) {
	got := renderPath([]pathSeg{{key: "message"}, {key: "order"}, {key: "items"}, {index: 2, isIndex: true}, {key: "@type"}, {key: "a.b"}, {key: ""}})
	if want := `message.order.items[2].@type["a.b"][""]`; got != want {
		t.Errorf("%s, want %s", got, want)
	}
	if got := join(join("", "context"), "bap id"); got != `context["bap id"]` {
		t.Errorf("%s", got)
	}
}
