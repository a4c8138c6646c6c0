package server_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/powershare/powershare/relay/wire"
	"github.com/powershare/powershare/relay/wire/wiretest"
)

// FuzzInbound throws bodies and signature headers at a BPP's endpoints:
// it never panics, and nothing is stored unless the answer is an ACK.
func FuzzInbound(f *testing.F) {
	h := newBench(f, false)
	for _, d := range []wire.Dialect{wire.V1, wire.V2} {
		for _, a := range wiretest.Actions(d) {
			body := wiretest.Message(d, a)
			hdr := http.Header{}
			if err := h.bap.Sign(hdr, body, time.Now(), false, false); err != nil {
				f.Fatal(err)
			}
			f.Add(a, []byte(body), hdr.Get("Authorization"), "")
		}
	}
	f.Add("confirm", []byte(`{"context":{}}`), `Signature keyId="a|b|ed25519"`, `Signature keyId=",,,"`)
	f.Add("../lookup", []byte(`[]`), "", "")
	f.Fuzz(func(t *testing.T, action string, body []byte, authorization, gateway string) {
		if strings.ContainsAny(action, "/?#% ") || action == "" {
			return
		}
		before, err := h.store.CountMessages(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		req, err := http.NewRequest(http.MethodPost, h.bppURL+"/"+action, bytes.NewReader(body))
		if err != nil {
			return
		}
		if authorization != "" {
			req.Header.Set("Authorization", authorization)
		}
		if gateway != "" {
			req.Header.Set("X-Gateway-Authorization", gateway)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return // a header value net/http refuses to send
		}
		var reply bytes.Buffer
		_, _ = reply.ReadFrom(resp.Body)
		_ = resp.Body.Close()
		after, err := h.store.CountMessages(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		answer, rerr := wire.ReadResponse(reply.Bytes())
		acked := rerr == nil && answer.Acked() && resp.StatusCode == http.StatusOK
		if !acked && after != before {
			t.Fatalf("a refused message (HTTP %d %s) was stored", resp.StatusCode, reply.String())
		}
		if resp.StatusCode >= 500 {
			t.Fatalf("HTTP %d for a bad message: %s", resp.StatusCode, reply.String())
		}
	})
}
