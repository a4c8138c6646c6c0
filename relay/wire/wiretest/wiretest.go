// Package wiretest holds sample Beckn bodies for tests and benchmarks: one
// for every action and callback of both dialects, energy trades in the
// style of beckn/DEG (solar energy from a rooftop co-operative, quantities
// in kWh, a one-hour delivery window, settlement on the PowerShare chain).
// Every sample passes wire.Parse; the v1 on_confirm is one that
// beckn.ParseConfirmTerms reads, so an anchor can be made from it.
//
// The bodies live in testdata/v1 and testdata/v2, indented for reading;
// Message returns them compact, as a sender puts them on the wire (the
// confirm bodies are about 2 KB, the size the relay is benchmarked with).
package wiretest

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"path"
	"sync"

	"github.com/powershare/powershare/relay/wire"
)

// The parties and ids the samples share: one transaction between one BAP
// and one BPP, each request paired with its callback by message id.
const (
	BapID         = "bap.powershare.example"
	BapURI        = "https://bap.powershare.example/beckn"
	BppID         = "bpp.solar-coop.example"
	BppURI        = "https://bpp.solar-coop.example/beckn"
	TransactionID = "7c1f3e52-9a4b-4d0e-8f61-2b5a9c7d3e10"
	Domain        = "deg:p2p-trading"
	// OrderID is the v1 order the BPP confirms; ContractID the v2 contract.
	OrderID    = "ord-2026-05-04-0042"
	ContractID = "5d0b8e21-6c3f-4a7e-b912-8f4e2d6a0c35"
	// BuyerAccount and SellerAccount are the chain accounts the order
	// settles between (the v1 on_confirm's powershare-settlement tags).
	BuyerAccount  = "power1dwxayznl9jy96ye2w3kq0hsw07hspxtqyu9xgl"
	SellerAccount = "power1nj3tkqtv0pd3z28erya9plwlmyem5sazvh0e6l"
)

//go:embed testdata/v1/*.json testdata/v2/*.json
var files embed.FS

var (
	loadOnce sync.Once
	bodies   map[string][]byte
	loadErr  error
)

func key(d wire.Dialect, action string) string { return fmt.Sprintf("v%d/%s", int(d), action) }

func load() {
	bodies = map[string][]byte{}
	for _, d := range []wire.Dialect{wire.V1, wire.V2} {
		for _, a := range Actions(d) {
			raw, err := files.ReadFile(path.Join("testdata", key(d, a)+".json"))
			if err != nil {
				loadErr = fmt.Errorf("wiretest: no sample for %v %s: %w", d, a, err)
				return
			}
			var buf bytes.Buffer
			if err := json.Compact(&buf, raw); err != nil {
				loadErr = fmt.Errorf("wiretest: sample %v %s: %w", d, a, err)
				return
			}
			bodies[key(d, a)] = buf.Bytes()
		}
	}
}

// Actions are every action of d with a sample: its requests and their
// callbacks, in the order of a transaction.
func Actions(d wire.Dialect) []string {
	var out []string
	for _, a := range wire.Actions(d) {
		out = append(out, a, wire.Callback(a))
	}
	return out
}

// Message is the sample body (context and message, compact JSON) of
// action in dialect d: a fresh copy the caller may change. It panics on an
// action with no sample, a mistake in the calling test.
func Message(d wire.Dialect, action string) json.RawMessage {
	loadOnce.Do(load)
	if loadErr != nil {
		panic(loadErr)
	}
	b, ok := bodies[key(d, action)]
	if !ok {
		panic(fmt.Sprintf("wiretest: no sample for %v action %q", d, action))
	}
	return append(json.RawMessage(nil), b...)
}

// Payload is the message member alone of the sample of action in d, for
// wire.Envelope with a context of the caller's own.
func Payload(d wire.Dialect, action string) json.RawMessage {
	req, err := wire.Parse(action, Message(d, action))
	if err != nil {
		panic(fmt.Sprintf("wiretest: sample %v %s does not parse: %v", d, action, err))
	}
	return append(json.RawMessage(nil), req.Message...)
}
