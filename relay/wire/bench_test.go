package wire_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/powershare/powershare/relay/wire"
	"github.com/powershare/powershare/relay/wire/wiretest"
)

func BenchmarkParse(b *testing.B) {
	for _, tc := range []struct {
		d wire.Dialect
		a string
	}{{wire.V1, "confirm"}, {wire.V2, "confirm"}, {wire.V1, "status"}} {
		body := wiretest.Message(tc.d, tc.a)
		b.Run(tc.d.String()+"/"+tc.a, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := wire.Parse(tc.a, body); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkParseLargeBodies measures bodies near a 1 MiB limit shaped to
// make a reader work hard: one context with many keys, and a message of
// many small objects. The cost per byte should stay that of a plain body.
func BenchmarkParseLargeBodies(b *testing.B) {
	var wide strings.Builder
	wide.WriteString(`{"context":{"version":"1.1.1"`)
	for i := 0; wide.Len() < 1<<20; i++ {
		wide.WriteString(`,"k` + strconv.Itoa(i) + `":"` + strconv.Itoa(i) + `"`)
	}
	wide.WriteString(`},"message":{}}`)
	var many strings.Builder
	many.WriteString(string(wiretest.Message(wire.V1, "rating"))[:len(wiretest.Message(wire.V1, "rating"))-3])
	for many.Len() < 1<<20 {
		many.WriteString(`,{"id":"x","value":"5","rating_category":"Order"}`)
	}
	many.WriteString(`]}}`)
	for _, tc := range []struct{ name, action, body string }{
		{"wide-context", "select", wide.String()}, {"many-ratings", "rating", many.String()},
	} {
		b.Run(tc.name, func(b *testing.B) {
			body := []byte(tc.body)
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				// Refused (the context is too wide) or not, the cost is the point.
				_, _ = wire.Parse(tc.action, body)
			}
		})
	}
}

func BenchmarkEnvelope(b *testing.B) {
	req, perr := wire.Parse("on_confirm", wiretest.Message(wire.V2, "on_confirm"))
	if perr != nil {
		b.Fatal(perr)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := wire.Envelope(req.Context, req.Message); err != nil {
			b.Fatal(err)
		}
	}
}
