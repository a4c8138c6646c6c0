package auth_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/powershare/powershare/beckn"
	"github.com/powershare/powershare/relay/auth"
	"github.com/powershare/powershare/relay/registry"
)

// BECKN-006's worked example (beckn/protocol-specifications, core v1.1.1):
// ../../beckn/testdata/beckn006_body.json is its search body byte for
// byte; these are the BAP's key pair (the private key in libsodium's
// seed||public form), its key id and the header it publishes.
const (
	exampleBAP        = "example-bap.com"
	exampleKeyID      = "ae3ea24b-cfec-495e-81f8-044aaef164ac"
	examplePublicKey  = "awGPjRK6i/Vg/lWr+0xObclVxlwZXvTjWYtlu6NeOHk="
	examplePrivateKey = "lP3sHA+9gileOkXYJXh4Jg8tK0gEEMbf9yCPnFpbldhrAY+NErqL9WD+Vav7TE5tyVXGXBle9ONZi2W7o144eQ=="
	exampleCreated    = 1641287875
	exampleExpires    = 1641291475
	exampleHeader     = `Signature keyId="example-bap.com|ae3ea24b-cfec-495e-81f8-044aaef164ac|ed25519",algorithm="ed25519",` +
		`created="1641287875",expires="1641291475",headers="(created) (expires) digest",` +
		`signature="cjbhP0PFyrlSCNszJM1F/YmHDVAWsZqJUPzojnE/7TJU3fJ/rmIlgaUHEr5E0/2PIyf0tpSnWtT6cyNNlpmoAQ=="`
)

// derPrefix is the DER SubjectPublicKeyInfo prefix of a raw Ed25519 key
// (RFC 8410), as some registries publish keys.
var derPrefix = []byte{0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00}

func exampleBody(t *testing.T) []byte {
	t.Helper()
	body, err := os.ReadFile("../../beckn/testdata/beckn006_body.json")
	require.NoError(t, err)
	return body
}

func decode(t *testing.T, s string) []byte {
	t.Helper()
	bz, err := base64.StdEncoding.DecodeString(s)
	require.NoError(t, err)
	return bz
}

// fakeRegistry is a KeyResolver over a fixed set of keys: the key with an
// id, and the key in force under "". err, when set, is every answer.
type fakeRegistry struct {
	keys map[string]registry.Key // "subscriber|key id"
	err  error
}

func newFakeRegistry(keys ...registry.Key) *fakeRegistry {
	r := &fakeRegistry{keys: map[string]registry.Key{}}
	for _, k := range keys {
		r.add(k, true)
	}
	return r
}

// add registers k; inForce also makes it the participant's key in force.
func (r *fakeRegistry) add(k registry.Key, inForce bool) {
	r.keys[k.SubscriberID+"|"+k.KeyID] = k
	if inForce {
		r.keys[k.SubscriberID+"|"] = k
	}
}

func (r *fakeRegistry) ResolveKey(_ context.Context, subscriberID, keyID string) (registry.Key, error) {
	if r.err != nil {
		return registry.Key{}, r.err
	}
	k, ok := r.keys[subscriberID+"|"+keyID]
	if !ok {
		return registry.Key{}, fmt.Errorf("%w: %s %s", registry.ErrNotFound, subscriberID, keyID)
	}
	return k, nil
}

// exampleKey is the example BAP's registry entry, valid around the
// example's signature, with the signing key given as publicKey.
func exampleKey(publicKey []byte) registry.Key {
	return registry.Key{
		SubscriberID: exampleBAP, KeyID: exampleKeyID, Type: registry.TypeBAP, Status: registry.StatusSubscribed,
		SigningPublicKey: publicKey,
		ValidFrom:        time.Unix(exampleCreated-86400, 0), ValidUntil: time.Unix(exampleExpires+86400, 0),
	}
}

// party is a participant with a fresh key set and its signer.
type party struct {
	id     string
	kf     beckn.KeyFile
	signer *auth.Signer
	key    registry.Key
}

// now is the fixed time of the tests that sign their own messages.
var now = time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)

func newParty(t *testing.T, id, typ string, withMLDSA bool) party {
	t.Helper()
	kf, err := beckn.NewKeyFile("key-1", withMLDSA)
	require.NoError(t, err)
	s, err := auth.NewSigner(id, kf, 30*time.Second)
	require.NoError(t, err)
	return party{id: id, kf: kf, signer: s, key: registry.Key{
		SubscriberID: id, KeyID: kf.KeyID, Type: typ, Status: registry.StatusSubscribed, URL: "https://" + id + "/beckn",
		SigningPublicKey: kf.SigningPublicKey, EncrPublicKey: kf.EncrPublicKey, MLDSAPublicKey: kf.MLDSAPublicKey,
		ValidFrom: now.Add(-24 * time.Hour), ValidUntil: now.Add(365 * 24 * time.Hour),
	}}
}

// signed returns the headers p sends body with at now (Authorization).
func (p party) signed(t *testing.T, body []byte, coSign bool) http.Header {
	t.Helper()
	h := http.Header{}
	require.NoError(t, p.signer.Sign(h, body, now, false, coSign))
	return h
}

func fixedClock(t time.Time) func() time.Time { return func() time.Time { return t } }
