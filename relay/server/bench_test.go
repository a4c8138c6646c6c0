package server_test

import (
	"context"
	"runtime"
	"testing"

	"github.com/powershare/powershare/relay/loadtest"
	"github.com/powershare/powershare/relay/wire/wiretest"
)

// BenchmarkSignedRequests measures signed Beckn confirms over real loopback
// HTTP: the sender signs each one, the receiver verifies it against a
// cached registry key, validates it, stores it with its replay guard and
// ACKs. Reported: requests/s per core and the p99 latency; the ML-DSA-65
// case adds the post-quantum co-signature on both ends, so the ratio of the
// two is its cost.
func BenchmarkSignedRequests(b *testing.B) {
	for _, tc := range []struct {
		name  string
		mldsa bool
	}{{"ed25519", false}, {"ed25519+mldsa65", true}} {
		b.Run(tc.name, func(b *testing.B) {
			h := newBench(b, tc.mldsa)
			cfg := loadtest.Config{Endpoint: h.bppURL, Action: "confirm", Version: "1.1.1", Requests: b.N,
				Concurrency: 4 * runtime.GOMAXPROCS(0), Signer: h.bap, CoSign: tc.mldsa,
				BapID: wiretest.BapID, BapURI: wiretest.BapURI, BppID: wiretest.BppID, BppURI: h.bppURL, Domain: "deg:p2p-trading"}
			b.ResetTimer()
			res, err := loadtest.Run(context.Background(), cfg)
			b.StopTimer()
			if err != nil {
				b.Fatal(err)
			}
			if res.Errors() > 0 {
				b.Fatalf("refused: %v", res.Refused)
			}
			b.ReportMetric(res.Rate/float64(runtime.GOMAXPROCS(0)), "req/s/core")
			b.ReportMetric(float64(res.P99.Microseconds())/1000, "p99-ms")
			b.ReportMetric(float64(res.BodySize), "body-bytes")
		})
	}
}
