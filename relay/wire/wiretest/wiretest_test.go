package wiretest_test

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/powershare/powershare/beckn"
	"github.com/powershare/powershare/relay/wire"
	"github.com/powershare/powershare/relay/wire/wiretest"
)

func TestEverySampleParses(t *testing.T) {
	for _, d := range []wire.Dialect{wire.V1, wire.V2} {
		for _, a := range wiretest.Actions(d) {
			req, err := wire.Parse(a, wiretest.Message(d, a))
			if err != nil {
				t.Errorf("%v %s: %v", d, a, err)
				continue
			}
			c := req.Context
			if c.Dialect != d || c.Action != a || c.TransactionID != wiretest.TransactionID || c.BapID != wiretest.BapID ||
				c.Domain != wiretest.Domain || c.TTL != 30*time.Second {
				t.Errorf("%v %s: parsed as %+v", d, a, c)
			}
			if wire.IsCallback(a) && c.Sender() != wiretest.BppID {
				t.Errorf("%v %s: callback sent by %q", d, a, c.Sender())
			}
		}
	}
}

func TestRequestsAndCallbacksPair(t *testing.T) {
	for _, d := range []wire.Dialect{wire.V1, wire.V2} {
		for _, a := range wire.Actions(d) {
			req, _ := wire.Parse(a, wiretest.Message(d, a))
			cb, _ := wire.Parse(wire.Callback(a), wiretest.Message(d, wire.Callback(a)))
			if req == nil || cb == nil || req.Context.MessageID != cb.Context.MessageID || !cb.Context.Timestamp.After(req.Context.Timestamp) {
				t.Errorf("%v %s: the callback does not answer the request", d, a)
			}
		}
	}
}

func TestSamplesCoverEveryActionAndNoMore(t *testing.T) {
	want := map[string]bool{}
	for _, d := range []wire.Dialect{wire.V1, wire.V2} {
		if len(wiretest.Actions(d)) != 20 {
			t.Errorf("%v: %d actions", d, len(wiretest.Actions(d)))
		}
		for _, a := range wiretest.Actions(d) {
			want[filepath.Join("testdata", "v"+string(rune('0'+int(d))), a+".json")] = true
		}
	}
	err := filepath.WalkDir("testdata", func(path string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() && !want[path] {
			t.Errorf("%s is no sample of an action", path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestMessageIsCompactAndFresh(t *testing.T) {
	raw, err := os.ReadFile("testdata/v1/confirm.json")
	if err != nil {
		t.Fatal(err)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, raw); err != nil {
		t.Fatal(err)
	}
	got := wiretest.Message(wire.V1, "confirm")
	if !bytes.Equal(got, compact.Bytes()) {
		t.Error("Message is not the compact sample")
	}
	got[0] = 'x'
	if wiretest.Message(wire.V1, "confirm")[0] != '{' {
		t.Error("Message hands out a shared slice")
	}
	// The benchmark's confirm-sized bodies: about 2 KB on the wire.
	for _, d := range []wire.Dialect{wire.V1, wire.V2} {
		if n := len(wiretest.Message(d, "confirm")); n < 1800 || n > 2800 {
			t.Errorf("%v confirm is %d bytes", d, n)
		}
	}
}

func TestPayloadEnvelopesAnew(t *testing.T) {
	for _, d := range []wire.Dialect{wire.V1, wire.V2} {
		for _, a := range wiretest.Actions(d) {
			p := wiretest.Payload(d, a)
			if !json.Valid(p) || !bytes.Contains(wiretest.Message(d, a), p) {
				t.Fatalf("%v %s: payload %s", d, a, p)
			}
			opts := wire.ContextOptions{BapID: "bap.other.example", BapURI: "http://127.0.0.1:8091/beckn"}
			if a != wire.Actions(d)[0] {
				opts.BppID, opts.BppURI = "bpp.other.example", "http://127.0.0.1:8081/beckn"
			}
			ctx, err := wire.NewContext(d, a, opts)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := wire.Envelope(ctx, p); err != nil {
				t.Errorf("%v %s: %v", d, a, err)
			}
		}
	}
}

// The v1 on_confirm is what a PowerShare BPP anchors: the chain's reader
// must take it and find the trade in it.
func TestOnConfirmCarriesAnchorTerms(t *testing.T) {
	terms, err := beckn.ParseConfirmTerms(wiretest.Message(wire.V1, "on_confirm"))
	if err != nil {
		t.Fatal(err)
	}
	if terms.OrderID != wiretest.OrderID || terms.QuantityWh != 12_500 || terms.Currency != "upwc" || terms.Total != "1875000" ||
		terms.BapID != wiretest.BapID || terms.BppID != wiretest.BppID || terms.Settlement == nil ||
		terms.Settlement.Buyer != wiretest.BuyerAccount || terms.Settlement.Seller != wiretest.SellerAccount || !terms.Settlement.Renewable ||
		terms.DeliveryEnd.Sub(terms.DeliveryStart) != time.Hour {
		t.Errorf("terms %+v", terms)
	}
	if price, err := terms.PricePerKWh(); err != nil || price != "150000" {
		t.Errorf("price per kWh %q, %v", price, err)
	}
}

func TestUnknownSamplePanics(t *testing.T) {
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "no sample") {
			t.Errorf("recovered %v", r)
		}
	}()
	wiretest.Message(wire.V2, "search")
}
