package wire_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/powershare/powershare/relay/wire"
	"github.com/powershare/powershare/relay/wire/wiretest"
)

// syntaxRefusal is whether Parse refused err because the body is no JSON
// text at all (as opposed to JSON that breaks Beckn's rules).
func syntaxRefusal(err *wire.Error) bool {
	return strings.HasPrefix(err.Message, "the body is no valid JSON") &&
		!strings.Contains(err.Message, "deeper than") && !strings.Contains(err.Message, "UTF-8")
}

// FuzzParse feeds Parse arbitrary bodies and endpoints. Whatever comes in,
// Parse must not panic; its refusals must make well-formed NACKs; its
// JSON reading must agree with encoding/json on what is JSON; and what it
// accepts must come out of Envelope and back through Parse unchanged.
func FuzzParse(f *testing.F) {
	for _, d := range []wire.Dialect{wire.V1, wire.V2} {
		for _, a := range wiretest.Actions(d) {
			f.Add(a, []byte(wiretest.Message(d, a)))
		}
	}
	f.Add("search", []byte(`{"context":{"bap_id":"a","bapId":"b"}}`))
	f.Add("status", []byte(`{"context":{"version":"1.1.1","action":"status"},"message":{"order_id":"\ud800"}}`))
	f.Add("on_select", []byte(`{"context":{},"error":{}}`))
	f.Add("discover", []byte(`{"context":{"version":"2.0.0","ttl":"P1DT0.5S"},"message":{"intent":{}}}`))
	f.Add("x", []byte(`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[`))
	f.Fuzz(func(t *testing.T, action string, body []byte) {
		req, perr := wire.Parse(action, body)
		if perr != nil {
			checkRefusal(t, body, perr)
			return
		}
		if !json.Valid(body) {
			t.Fatalf("accepted a body encoding/json calls invalid: %q", body)
		}
		if req.Context.Action != action || !req.Context.Dialect.Valid() {
			t.Fatalf("accepted %q at /%s as %+v", body, action, req.Context)
		}
		if req.Message == nil {
			return // a v1 callback with only an error: nothing to re-send
		}
		again, err := wire.Envelope(req.Context, req.Message)
		if err != nil {
			t.Fatalf("accepted %q, but its context does not re-encode: %v", body, err)
		}
		back, perr := wire.Parse(action, again)
		if perr != nil {
			t.Fatalf("re-encoded %q as %q, which is refused: %v", body, again, perr)
		}
		if !sameContext(back.Context, req.Context) || !bytes.Equal(back.Message, req.Message) {
			t.Fatalf("re-encoding changed the context:\n%+v\n%+v", req.Context, back.Context)
		}
	})
}

func checkRefusal(t *testing.T, body []byte, perr *wire.Error) {
	if perr.HTTPStatus != http.StatusBadRequest || perr.Code == "" || perr.Message == "" || !perr.Dialect.Valid() {
		t.Fatalf("refusal without status, code, message or dialect: %+v", perr)
	}
	if syntaxRefusal(perr) && utf8.Valid(body) && json.Valid(body) {
		t.Fatalf("refused %q as no JSON, but encoding/json reads it: %v", body, perr)
	}
	status, nack := wire.Nack(perr.Dialect, perr)
	r, err := wire.ReadResponse(nack)
	if status != perr.HTTPStatus || err != nil || r.Acked() || r.Message != perr.Message || r.Path != perr.Path {
		t.Fatalf("NACK %d %s does not read back (%v): %+v", status, nack, err, r)
	}
}

// FuzzParseTTL checks that every duration ParseTTL accepts is written back
// by FormatTTL as one it reads to the same value.
func FuzzParseTTL(f *testing.F) {
	for _, s := range []string{"PT30S", "P1W", "P1DT2H3M4.5S", "PT0,25S", "P106751DT23H47M16.854775807S"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := wire.ParseTTL(s)
		if err != nil {
			return
		}
		if d < 0 {
			t.Fatalf("%q read as negative %v", s, d)
		}
		back, err := wire.ParseTTL(wire.FormatTTL(d))
		if err != nil || back != d {
			t.Fatalf("%q = %v, written %q, read back %v, %v", s, d, wire.FormatTTL(d), back, err)
		}
	})
}
