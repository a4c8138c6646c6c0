package wire_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/powershare/powershare/relay/wire"
	"github.com/powershare/powershare/relay/wire/wiretest"
)

var now = time.Date(2026, 5, 4, 9, 30, 15, 123_456_789, time.UTC)

func TestEnvelopeRoundTripsEverySample(t *testing.T) {
	for _, d := range []wire.Dialect{wire.V1, wire.V2} {
		for _, a := range wiretest.Actions(d) {
			in, perr := wire.Parse(a, wiretest.Message(d, a))
			if perr != nil {
				t.Fatalf("%v %s: %v", d, a, perr)
			}
			body, err := wire.Envelope(in.Context, in.Message)
			if err != nil {
				t.Fatalf("%v %s: %v", d, a, err)
			}
			out, perr := wire.Parse(a, body)
			if perr != nil {
				t.Fatalf("%v %s: the envelope does not parse: %v\n%s", d, a, perr, body)
			}
			if !sameContext(in.Context, out.Context) || !bytes.Equal(in.Message, out.Message) {
				t.Errorf("%v %s: %+v\nbecame %+v", d, a, in.Context, out.Context)
			}
		}
	}
}

func TestContextCasingOnTheWire(t *testing.T) {
	c := wire.Context{
		Version: "1.1.1", Action: "on_status", Domain: "deg:p2p-trading", Country: "IND", City: "std:080",
		BapID: "bap.example", BapURI: "https://bap.example/beckn?x=1&y=<2>", BppID: "bpp.example", BppURI: "https://bpp.example/beckn",
		TransactionID: "t-1", MessageID: "m-1", Timestamp: now, TTL: 90 * time.Second, Key: "k",
		NetworkID: "net/x", Try: true, SchemaContext: []string{"https://s.example/c.jsonld"}, RequestDigest: wire.RequestDigest([]byte("{}")),
		SenderID: "did:web:bpp.example", ReceiverID: "did:web:bap.example",
	}
	c.Dialect = wire.V1
	got, err := c.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	want := `{"domain":"deg:p2p-trading","location":{"country":{"code":"IND"},"city":{"code":"std:080"}},"action":"on_status","version":"1.1.1",` +
		`"bap_id":"bap.example","bap_uri":"https://bap.example/beckn?x=1&y=<2>","bpp_id":"bpp.example","bpp_uri":"https://bpp.example/beckn",` +
		`"transaction_id":"t-1","message_id":"m-1","timestamp":"2026-05-04T09:30:15.123456789Z","key":"k","ttl":"PT1M30S"}`
	if string(got) != want {
		t.Errorf("v1:\n%s\nwant\n%s", got, want)
	}
	c.Dialect, c.Version = wire.V2, "2.0.0"
	got, err = c.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	want = `{"domain":"deg:p2p-trading","location":{"country":{"code":"IND"},"city":{"code":"std:080"}},"action":"on_status","version":"2.0.0",` +
		`"bapId":"bap.example","bapUri":"https://bap.example/beckn?x=1&y=<2>","bppId":"bpp.example","bppUri":"https://bpp.example/beckn",` +
		`"transactionId":"t-1","messageId":"m-1","networkId":"net/x","senderId":"did:web:bpp.example","receiverId":"did:web:bap.example",` +
		`"timestamp":"2026-05-04T09:30:15.123456789Z","key":"k","ttl":"PT1M30S","try":true,"schemaContext":["https://s.example/c.jsonld"],` +
		`"requestDigest":{"digest":"` + wire.RequestDigest([]byte("{}")) + `"}}`
	if string(got) != want {
		t.Errorf("v2:\n%s\nwant\n%s", got, want)
	}
}

func TestEnvelopeRefuses(t *testing.T) {
	good, err := wire.NewContext(wire.V1, "status", wire.ContextOptions{
		BapID: "bap.example", BapURI: "https://bap.example/beckn", BppID: "bpp.example", BppURI: "https://bpp.example/beckn", Now: now,
	})
	if err != nil {
		t.Fatal(err)
	}
	msg := json.RawMessage(`{"order_id":"o-1"}`)
	if _, err := wire.Envelope(good, msg); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		ctx  func(c wire.Context) wire.Context
		msg  json.RawMessage
		says string
	}{
		{"no dialect", func(c wire.Context) wire.Context { c.Dialect = 0; return c }, msg, "no dialect"},
		{"version of the other dialect", func(c wire.Context) wire.Context { c.Version = "2.0.0"; return c }, msg, "not a version of"},
		{"no timestamp", func(c wire.Context) wire.Context { c.Timestamp = time.Time{}; return c }, msg, "no timestamp"},
		{"no message", func(c wire.Context) wire.Context { return c }, nil, "message is empty"},
		{"message of another action", func(c wire.Context) wire.Context { return c }, json.RawMessage(`{"order":{}}`), "message.order_id"},
		{"message not JSON", func(c wire.Context) wire.Context { return c }, json.RawMessage(`{"order_id":`), "no valid JSON"},
		{"message with a duplicate key", func(c wire.Context) wire.Context { return c }, json.RawMessage(`{"order_id":"a","order_id":"b"}`), "appears twice"},
		{"no bpp", func(c wire.Context) wire.Context { c.BppID, c.BppURI = "", ""; return c }, msg, "context.bpp_id"},
		{"bad uri", func(c wire.Context) wire.Context { c.BapURI = "bap.example"; return c }, msg, "context.bap_uri"},
	} {
		if _, err := wire.Envelope(tc.ctx(good), tc.msg); err == nil || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%s: %v, want an error saying %q", tc.name, err, tc.says)
		}
	}
}

func TestNewContext(t *testing.T) {
	for _, d := range []wire.Dialect{wire.V1, wire.V2} {
		search := wire.Actions(d)[0]
		c, err := wire.NewContext(d, search, wire.ContextOptions{
			Domain: "deg:p2p-trading", City: "std:080", BapID: wiretest.BapID, BapURI: wiretest.BapURI, Now: now,
		})
		if err != nil {
			t.Fatalf("%v: %v", d, err)
		}
		for _, id := range []string{c.TransactionID, c.MessageID} {
			u, err := uuid.Parse(id)
			if err != nil || u.Version() != 4 || u.Variant() != uuid.RFC4122 || len(id) != 36 {
				t.Errorf("%v: id %q is no random UUID", d, id)
			}
		}
		if c.TransactionID == c.MessageID {
			t.Errorf("%v: transaction and message id are the same", d)
		}
		if c.Version != wire.Versions(d)[0] || c.TTL != wire.DefaultTTL || !c.Timestamp.Equal(now.Truncate(time.Millisecond)) ||
			c.Timestamp.Location() != time.UTC || c.Sender() != wiretest.BapID {
			t.Errorf("%v: %+v", d, c)
		}
		body, err := wire.Envelope(c, wiretest.Payload(d, search))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(body, []byte(`"timestamp":"2026-05-04T09:30:15.123Z"`)) || !bytes.Contains(body, []byte(`"ttl":"PT30S"`)) {
			t.Errorf("%v: %s", d, body)
		}
		again, _ := wire.NewContext(d, search, wire.ContextOptions{BapID: wiretest.BapID, BapURI: wiretest.BapURI, TransactionID: c.TransactionID})
		if again.TransactionID != c.TransactionID || again.MessageID == c.MessageID || time.Since(again.Timestamp) > time.Minute {
			t.Errorf("%v: continued transaction %+v", d, again)
		}
	}
}

func TestNewContextRefuses(t *testing.T) {
	ok := wire.ContextOptions{BapID: "bap.example", BapURI: "https://bap.example/beckn", BppID: "bpp.example", BppURI: "https://bpp.example/beckn"}
	for _, tc := range []struct {
		name   string
		d      wire.Dialect
		action string
		change func(o *wire.ContextOptions)
		says   string
	}{
		{"no dialect", 0, "select", func(*wire.ContextOptions) {}, "V1 or V2"},
		{"action of the other dialect", wire.V2, "search", func(*wire.ContextOptions) {}, "no action"},
		{"unknown action", wire.V1, "quote", func(*wire.ContextOptions) {}, "no action"},
		{"version of the other dialect", wire.V1, "select", func(o *wire.ContextOptions) { o.Version = "2.0.0" }, "not a version"},
		{"no BAP", wire.V1, "select", func(o *wire.ContextOptions) { o.BapID = "" }, "context.bap_id"},
		{"no BPP for select", wire.V2, "select", func(o *wire.ContextOptions) { o.BppID, o.BppURI = "", "" }, "context.bppId"},
		{"bad URI", wire.V2, "discover", func(o *wire.ContextOptions) { o.BapURI = "mailto:bap@example" }, "context.bapUri"},
		{"bad schema context", wire.V2, "select", func(o *wire.ContextOptions) { o.SchemaContext = []string{"rel"} }, "context.schemaContext[0]"},
		{"negative ttl", wire.V1, "select", func(o *wire.ContextOptions) { o.TTL = -time.Second }, "negative"},
	} {
		o := ok
		tc.change(&o)
		if _, err := wire.NewContext(tc.d, tc.action, o); err == nil || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%s: %v, want an error saying %q", tc.name, err, tc.says)
		}
	}
}

func TestCallbackContext(t *testing.T) {
	for _, tc := range []struct {
		d      wire.Dialect
		action string
	}{{wire.V1, "search"}, {wire.V2, "discover"}, {wire.V1, "confirm"}, {wire.V2, "confirm"}, {wire.V2, "support"}} {
		raw := wiretest.Message(tc.d, tc.action)
		req, perr := wire.Parse(tc.action, raw)
		if perr != nil {
			t.Fatal(perr)
		}
		req.Context.Key = "sender-encryption-key"
		req.Context.SenderID = "did:web:bap"
		cb, err := req.CallbackContext(wiretest.BppID, wiretest.BppURI, now)
		if err != nil {
			t.Fatalf("%v %s: %v", tc.d, tc.action, err)
		}
		if cb.Action != wire.Callback(tc.action) || cb.TransactionID != req.Context.TransactionID || cb.MessageID != req.Context.MessageID ||
			cb.BppID != wiretest.BppID || cb.BppURI != wiretest.BppURI || cb.BapID != req.Context.BapID || cb.Sender() != wiretest.BppID ||
			cb.Key != "" || !cb.Timestamp.Equal(now.Truncate(time.Millisecond)) || cb.TTL != req.Context.TTL || cb.Domain != req.Context.Domain {
			t.Errorf("%v %s: callback context %+v", tc.d, tc.action, cb)
		}
		if tc.d == wire.V2 && (cb.RequestDigest != wire.RequestDigest(raw) || cb.ReceiverID != "did:web:bap" || cb.SenderID != "") {
			t.Errorf("%v %s: digest %q sender %q receiver %q", tc.d, tc.action, cb.RequestDigest, cb.SenderID, cb.ReceiverID)
		}
		if tc.d == wire.V1 && (cb.RequestDigest != "" || cb.SenderID != "" || cb.ReceiverID != "") {
			t.Errorf("v1 callback with v2 fields: %+v", cb)
		}
		body, err := wire.Envelope(cb, wiretest.Payload(tc.d, cb.Action))
		if err != nil {
			t.Fatal(err)
		}
		back, perr := wire.Parse(cb.Action, body)
		if perr != nil {
			t.Fatalf("%v %s: %v", tc.d, tc.action, perr)
		}
		if !sameContext(back.Context, cb) {
			t.Errorf("%v %s: read back as %+v\nwant %+v", tc.d, tc.action, back.Context, cb)
		}
	}
}

func TestCallbackContextKeepsTheRequestsBPP(t *testing.T) {
	req, perr := wire.Parse("select", wiretest.Message(wire.V1, "select"))
	if perr != nil {
		t.Fatal(perr)
	}
	cb, err := req.CallbackContext("", "", now)
	if err != nil || cb.BppID != wiretest.BppID || cb.BppURI != wiretest.BppURI {
		t.Errorf("%+v %v", cb, err)
	}
}

func TestCallbackContextRefuses(t *testing.T) {
	req, perr := wire.Parse("on_select", wiretest.Message(wire.V1, "on_select"))
	if perr != nil {
		t.Fatal(perr)
	}
	if _, err := req.CallbackContext(wiretest.BppID, wiretest.BppURI, now); err == nil {
		t.Error("a callback answered a callback")
	}
	search, perr := wire.Parse("search", wiretest.Message(wire.V1, "search"))
	if perr != nil {
		t.Fatal(perr)
	}
	if _, err := search.CallbackContext("", "", now); err == nil || !strings.Contains(err.Error(), "context.bpp_id") {
		t.Errorf("on_search without a BPP: %v", err)
	}
	if _, err := search.CallbackContext("bpp|x", wiretest.BppURI, now); err == nil || !strings.Contains(err.Error(), "context.bpp_id") {
		t.Errorf("bad BPP id: %v", err)
	}
}
