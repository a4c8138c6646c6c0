package auth_test

import (
	"bytes"
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/powershare/powershare/beckn"
	"github.com/powershare/powershare/relay/auth"
	"github.com/powershare/powershare/relay/registry"
)

// confirmBody is a body of a confirm's size (about 2 KiB).
var confirmBody = append([]byte(`{"context":{"action":"confirm"},"message":{"order":{"note":"`), append(bytes.Repeat([]byte("x"), 2000), `"}}}`...)...)

func benchParty(b *testing.B, id, typ string, withMLDSA bool) (*auth.Signer, registry.Key) {
	b.Helper()
	kf, err := beckn.NewKeyFile("key-1", withMLDSA)
	if err != nil {
		b.Fatal(err)
	}
	s, err := auth.NewSigner(id, kf, 30*time.Second)
	if err != nil {
		b.Fatal(err)
	}
	return s, registry.Key{SubscriberID: id, KeyID: "key-1", Type: typ, Status: registry.StatusSubscribed,
		SigningPublicKey: kf.SigningPublicKey, MLDSAPublicKey: kf.MLDSAPublicKey,
		ValidFrom: now.Add(-time.Hour), ValidUntil: now.Add(time.Hour)}
}

// BenchmarkSign and BenchmarkVerify measure a confirm-sized message signed
// with Ed25519 alone and with the ML-DSA-65 co-signature too; their ratio is
// the co-signature's cost.
func BenchmarkSign(b *testing.B) {
	for _, coSign := range []bool{false, true} {
		b.Run(map[bool]string{false: "ed25519", true: "ed25519+mldsa65"}[coSign], func(b *testing.B) {
			s, _ := benchParty(b, "bap.example.org", registry.TypeBAP, true)
			h := http.Header{}
			b.ReportAllocs()
			for b.Loop() {
				if err := s.Sign(h, confirmBody, now, false, coSign); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkVerify(b *testing.B) {
	for _, coSign := range []bool{false, true} {
		b.Run(map[bool]string{false: "ed25519", true: "ed25519+mldsa65"}[coSign], func(b *testing.B) {
			s, key := benchParty(b, "bap.example.org", registry.TypeBAP, true)
			_, self := benchParty(b, "bpp.example.org", registry.TypeBPP, true)
			v := &auth.Verifier{Resolver: newFakeRegistry(key, self), Self: self.SubscriberID, Now: fixedClock(now)}
			h := http.Header{}
			if err := s.Sign(h, confirmBody, now, false, coSign); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, f := v.Verify(context.Background(), h, confirmBody, "bap.example.org"); f != nil {
					b.Fatal(f)
				}
			}
		})
	}
}
