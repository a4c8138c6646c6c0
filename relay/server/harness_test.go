package server_test

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/powershare/powershare/beckn"
	"github.com/powershare/powershare/relay/auth"
	"github.com/powershare/powershare/relay/registry"
	"github.com/powershare/powershare/relay/server"
	"github.com/powershare/powershare/relay/store"
	"github.com/powershare/powershare/relay/wire/wiretest"
)

// staticRegistry is a registry of fixed entries: what a warm registry
// cache answers, without a chain.
type staticRegistry map[string]registry.Key

func (r staticRegistry) ResolveKey(_ context.Context, subscriberID, keyID string) (registry.Key, error) {
	k, ok := r[subscriberID]
	if !ok || (keyID != "" && keyID != k.KeyID) {
		return registry.Key{}, registry.ErrNotFound
	}
	return k, nil
}

func (r staticRegistry) Lookup(_ context.Context, f registry.Filter) ([]registry.Key, error) {
	var out []registry.Key
	for _, id := range []string{wiretest.BapID, wiretest.BppID} {
		if k, ok := r[id]; ok && (f.SubscriberID == "" || f.SubscriberID == id) && (f.Type == "" || f.Type == k.Type) {
			out = append(out, k)
		}
	}
	return out, nil
}

// bench is a BPP relay on loopback with a warm registry, and the BAP's signer.
type bench struct {
	http   *httptest.Server
	store  *store.Store
	bap    *auth.Signer
	bppURL string
}

func newBench(tb testing.TB, withMLDSA bool) *bench {
	tb.Helper()
	bapKeys, err := beckn.NewKeyFile("key-1", withMLDSA)
	if err != nil {
		tb.Fatal(err)
	}
	bppKeys, err := beckn.NewKeyFile("key-1", withMLDSA)
	if err != nil {
		tb.Fatal(err)
	}
	st, err := store.Open(context.Background(), filepath.Join(tb.TempDir(), "relay.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = st.Close() })
	entry := func(id, typ string, kf beckn.KeyFile, url string) registry.Key {
		return registry.Key{SubscriberID: id, KeyID: kf.KeyID, URL: url, Type: typ, Status: registry.StatusSubscribed,
			SigningPublicKey: kf.SigningPublicKey, EncrPublicKey: kf.EncrPublicKey, MLDSAPublicKey: kf.MLDSAPublicKey,
			ValidFrom: time.Now().Add(-time.Hour), ValidUntil: time.Now().Add(time.Hour)}
	}
	b := &bench{store: st}
	b.http = httptest.NewUnstartedServer(nil)
	b.bppURL = "http://" + b.http.Listener.Addr().String() + "/beckn"
	reg := staticRegistry{
		wiretest.BapID: entry(wiretest.BapID, "BAP", bapKeys, wiretest.BapURI),
		wiretest.BppID: entry(wiretest.BppID, "BPP", bppKeys, b.bppURL),
	}
	bppSigner, err := auth.NewSigner(wiretest.BppID, bppKeys, time.Minute)
	if err != nil {
		tb.Fatal(err)
	}
	if b.bap, err = auth.NewSigner(wiretest.BapID, bapKeys, time.Minute); err != nil {
		tb.Fatal(err)
	}
	srv, err := server.New(server.Options{SubscriberID: wiretest.BppID, SubscriberURL: b.bppURL, Roles: []server.Role{server.RoleBPP},
		Store: st, Registry: reg, Signer: bppSigner, Verifier: &auth.Verifier{Resolver: reg, Skew: 5 * time.Second, Self: wiretest.BppID}})
	if err != nil {
		tb.Fatal(err)
	}
	b.http.Config.Handler = srv.NetworkHandler()
	b.http.Start()
	tb.Cleanup(b.http.Close)
	return b
}
