package store_test

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/powershare/powershare/relay/store"
)

// confirmBody is a confirm-sized Beckn body: about 2 KB of JSON.
var confirmBody = []byte(`{"context":{"domain":"deg:p2p-trading","action":"confirm","version":"1.1.0",` +
	`"bap_id":"bap.example","bap_uri":"http://127.0.0.1:8081/beckn","bpp_id":"bpp.example",` +
	`"bpp_uri":"http://127.0.0.1:8082/beckn","transaction_id":"6743e9e2-4fb5-487c-92b7-13ba8018f176",` +
	`"message_id":"2c7a1b3e-0d5f-4c1e-9a7b-5e3f1d2c4b6a","timestamp":"2025-06-15T10:00:00.000Z","ttl":"PT30S"},` +
	`"message":{"order":{"provider":{"id":"alice"},"items":[{"id":"meter-1","quantity":{"selected":{"measure":{"value":"5","unit":"kWh"}}}}],` +
	`"fulfillments":[{"id":"f1","stops":[{"type":"end","time":{"range":{"start":"2025-06-15T12:00:00Z","end":"2025-06-15T13:00:00Z"}}}]}],` +
	`"billing":{"name":"Buyer","email":"buyer@example.org"},"payments":[{"type":"ON-FULFILLMENT","params":{"amount":"0.75","currency":"USD"}}],` +
	`"tags":[{"descriptor":{"code":"notes"},"list":[{"value":"` + strings.Repeat("x", 1200) + `"}]}]}}}`)

func benchStore(b *testing.B, sync store.Synchronous) *store.Store {
	b.Helper()
	s, err := store.OpenWith(context.Background(), filepath.Join(b.TempDir(), "relay.db"), store.Options{Synchronous: sync})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// BenchmarkAcceptInbound is the store's cost per inbound message: the
// replay check and the message insert in one transaction, with and without
// enqueueing a callback, at both synchronous settings, serially and from
// parallel handlers (16 per core, whose Updates share commits).
func BenchmarkAcceptInbound(b *testing.B) {
	for _, bc := range []struct {
		name     string
		sync     store.Synchronous
		callback bool
		parallel bool
	}{
		{name: "normal", sync: store.SyncNormal},
		{name: "normal+callback", sync: store.SyncNormal, callback: true},
		{name: "normal-parallel", sync: store.SyncNormal, parallel: true},
		{name: "full", sync: store.SyncFull},
	} {
		b.Run(bc.name, func(b *testing.B) {
			ctx := context.Background()
			s := benchStore(b, bc.sync)
			var seq atomic.Int64
			accept := func() {
				id := strconv.FormatInt(seq.Add(1), 10)
				m := store.Message{
					Direction: store.DirectionIn, Dialect: 1, Action: "confirm", TransactionID: "txn-" + id, MessageID: id,
					SenderID: "bap.example", ReceiverID: "bpp.example", Peer: "127.0.0.1:5555", Body: confirmBody, At: t0,
				}
				var then []store.OutboxItem
				if bc.callback {
					then = []store.OutboxItem{{TargetURL: "http://127.0.0.1:8081/beckn/on_confirm", Action: "on_confirm", Body: confirmBody, TransactionID: m.TransactionID, MessageID: id}}
				}
				if err := s.AcceptInbound(ctx, m, t0.Add(30*time.Second), then); err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(int64(len(confirmBody)))
			b.ReportAllocs()
			b.ResetTimer()
			before := s.WriteStats()
			if bc.parallel {
				// Many concurrent handlers, as an HTTP server under load has.
				b.SetParallelism(16)
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						accept()
					}
				})
			} else {
				for b.Loop() {
					accept()
				}
			}
			after := s.WriteStats()
			if tx := after.Transactions - before.Transactions; tx > 0 {
				b.ReportMetric(float64(after.Updates-before.Updates)/float64(tx), "updates/commit")
			}
		})
	}
}
