package auth_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/powershare/powershare/beckn"
	"github.com/powershare/powershare/relay/auth"
	"github.com/powershare/powershare/relay/registry"
)

// TestSignerReproducesTheBeckn006Header: the example BAP's key, in either
// of its forms, signs the example body into the published header byte for
// byte.
func TestSignerReproducesTheBeckn006Header(t *testing.T) {
	libsodium := decode(t, examplePrivateKey)
	for name, private := range map[string][]byte{"64-byte libsodium secret key": libsodium, "32-byte seed": libsodium[:32]} {
		t.Run(name, func(t *testing.T) {
			kf := beckn.KeyFile{KeyID: exampleKeyID, SigningPrivateKey: private, SigningPublicKey: decode(t, examplePublicKey)}
			s, err := auth.NewSigner(exampleBAP, kf, (exampleExpires-exampleCreated)*time.Second)
			require.NoError(t, err)
			h := http.Header{}

			require.NoError(t, s.Sign(h, exampleBody(t), time.Unix(exampleCreated, 0), false, false))

			require.Equal(t, exampleHeader, h.Get(auth.HeaderAuthorization))
			require.Empty(t, h.Values(auth.HeaderCoSignature))
			require.Empty(t, h.Values(auth.HeaderGateway))
		})
	}
}

func TestSignerHeadersAndCoSignatures(t *testing.T) {
	bpp := newParty(t, "bpp.example.org", registry.TypeBPP, true)
	body := []byte(`{"context":{"action":"on_search"},"message":{}}`)
	tests := []struct {
		name              string
		asGateway, coSign bool
		header, coHeader  string
	}{
		{"Authorization", false, false, auth.HeaderAuthorization, auth.HeaderCoSignature},
		{"Authorization co-signed", false, true, auth.HeaderAuthorization, auth.HeaderCoSignature},
		{"gateway", true, false, auth.HeaderGateway, auth.HeaderGatewayCoSignature},
		{"gateway co-signed", true, true, auth.HeaderGateway, auth.HeaderGatewayCoSignature},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{}

			require.NoError(t, bpp.signer.Sign(h, body, now, tc.asGateway, tc.coSign))

			hdr, err := beckn.ParseHeader(h.Get(tc.header))
			require.NoError(t, err)
			require.Equal(t, beckn.Header{SubscriberID: bpp.id, UniqueKeyID: "key-1", Algorithm: "ed25519",
				Created: now.Unix(), Expires: now.Unix() + 30, Signature: hdr.Signature}, hdr)
			require.NoError(t, hdr.Verify(bpp.kf.SigningPublicKey, body, now, 0))
			require.Len(t, h, map[bool]int{false: 1, true: 2}[tc.coSign], "only the headers asked for")
			if tc.coSign {
				c, err := beckn.ParseCoSignature(h.Get(tc.coHeader))
				require.NoError(t, err)
				require.True(t, c.Matches(hdr))
				require.NoError(t, c.Verify(bpp.kf.MLDSAPublicKey, beckn.Digest(body)))
			}
		})
	}
}

// TestSignAgainDropsAStaleCoSignature: a message signed again without a
// co-signature (a retry to a receiver that lost its ML-DSA-65 key) must not
// keep the previous one, which no longer matches; a gateway's signature
// leaves the forwarded Authorization and its co-signature alone.
func TestSignAgainDropsAStaleCoSignature(t *testing.T) {
	bap := newParty(t, "bap.example.org", registry.TypeBAP, true)
	bg := newParty(t, "bg.example.org", registry.TypeBG, true)
	body := []byte(`{}`)
	h := bap.signed(t, body, true)
	forwarded, forwardedCo := h.Get(auth.HeaderAuthorization), h.Get(auth.HeaderCoSignature)

	require.NoError(t, bg.signer.Sign(h, body, now, true, true))
	require.NoError(t, bg.signer.Sign(h, body, now.Add(time.Second), true, false))

	require.Equal(t, forwarded, h.Get(auth.HeaderAuthorization))
	require.Equal(t, forwardedCo, h.Get(auth.HeaderCoSignature))
	require.NotEmpty(t, h.Get(auth.HeaderGateway))
	require.Empty(t, h.Values(auth.HeaderGatewayCoSignature))
}

func TestSignerWithoutMLDSAKeyRefusesToCoSign(t *testing.T) {
	bap := newParty(t, "bap.example.org", registry.TypeBAP, false)
	h := http.Header{"X-Other": {"kept"}}

	err := bap.signer.Sign(h, []byte(`{}`), now, false, true)

	require.ErrorIs(t, err, auth.ErrNoMLDSAKey)
	require.Equal(t, http.Header{"X-Other": {"kept"}}, h, "a failed Sign changes nothing")
	require.False(t, bap.signer.CanCoSign())
}

func TestNewSignerRefusesWhatCannotSign(t *testing.T) {
	kf, err := beckn.NewKeyFile("key-1", true)
	require.NoError(t, err)
	other, err := beckn.NewKeyFile("key-1", true)
	require.NoError(t, err)
	with := func(change func(*beckn.KeyFile)) beckn.KeyFile {
		k := kf
		change(&k)
		return k
	}
	tests := []struct {
		name, id string
		kf       beckn.KeyFile
		ttl      time.Duration
		says     string
	}{
		{"no subscriber id", "", kf, time.Minute, "subscriber id"},
		{"a subscriber id with a pipe", "a|b", kf, time.Minute, "subscriber id"},
		{"no key id", "bap.example.org", with(func(k *beckn.KeyFile) { k.KeyID = "" }), time.Minute, "key id"},
		{"a key id with a space", "bap.example.org", with(func(k *beckn.KeyFile) { k.KeyID = "key 1" }), time.Minute, "key id"},
		{"a ttl under a second", "bap.example.org", kf, 999 * time.Millisecond, "one second"},
		{"a private key of 31 bytes", "bap.example.org", with(func(k *beckn.KeyFile) { k.SigningPrivateKey = k.SigningPrivateKey[:31] }), time.Minute, "31 bytes"},
		{"another public key", "bap.example.org", with(func(k *beckn.KeyFile) { k.SigningPublicKey = other.SigningPublicKey }), time.Minute, "signing public key"},
		{"another ML-DSA-65 public key", "bap.example.org", with(func(k *beckn.KeyFile) { k.MLDSAPublicKey = other.MLDSAPublicKey }), time.Minute, "ML-DSA-65 public key"},
		{"an ML-DSA-65 seed of 31 bytes", "bap.example.org", with(func(k *beckn.KeyFile) { k.MLDSAPrivateKey = k.MLDSAPrivateKey[:31] }), time.Minute, "ML-DSA-65 private key"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := auth.NewSigner(tc.id, tc.kf, tc.ttl)

			require.ErrorContains(t, err, tc.says)
		})
	}
}

func TestSignerRoundsItsTTLUpToWholeSeconds(t *testing.T) {
	kf, err := beckn.NewKeyFile("key-1", false)
	require.NoError(t, err)
	s, err := auth.NewSigner("bap.example.org", kf, 1500*time.Millisecond)
	require.NoError(t, err)
	h := http.Header{}

	require.NoError(t, s.Sign(h, nil, now, false, false))

	hdr, err := beckn.ParseHeader(h.Get(auth.HeaderAuthorization))
	require.NoError(t, err)
	require.Equal(t, int64(2), hdr.Expires-hdr.Created)
	require.True(t, strings.HasPrefix(h.Get(auth.HeaderAuthorization), `Signature keyId="bap.example.org|key-1|ed25519"`))
}

func TestShouldCoSign(t *testing.T) {
	pq := newParty(t, "bap.pq.example", registry.TypeBAP, true)
	classic := newParty(t, "bap.classic.example", registry.TypeBAP, false)
	pqBPP := newParty(t, "bpp.pq.example", registry.TypeBPP, true)
	classicBPP := newParty(t, "bpp.classic.example", registry.TypeBPP, false)
	reg := newFakeRegistry(pqBPP.key, classicBPP.key)
	tests := []struct {
		name     string
		signer   *auth.Signer
		receiver string
		want     bool
	}{
		{"both have ML-DSA-65 keys", pq.signer, pqBPP.id, true},
		{"the receiver has none", pq.signer, classicBPP.id, false},
		{"the signer has none", classic.signer, pqBPP.id, false},
		{"the receiver is not registered", pq.signer, "bpp.elsewhere.example", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.signer.ShouldCoSign(context.Background(), reg, tc.receiver)

			require.NoError(t, err)
			require.Equal(t, tc.want, got)
		})
	}

	reg.err = errors.New("node down")
	_, err := pq.signer.ShouldCoSign(context.Background(), reg, pqBPP.id)
	require.ErrorContains(t, err, "node down")
}

func TestSignBytesVerifiesWithTheRegisteredKey(t *testing.T) {
	bpp := newParty(t, "bpp.example.org", registry.TypeBPP, false)
	v := &auth.Verifier{Resolver: newFakeRegistry(bpp.key), Now: fixedClock(now)}
	msg := []byte("a v2 Ack's counter-signing string")
	sig := bpp.signer.SignBytes(msg)

	ok, f := v.VerifySigned(context.Background(), "Ack signature", bpp.id, bpp.signer.KeyID(), now.Unix(), now.Unix()+30, msg, sig)

	require.Nil(t, f)
	require.Equal(t, bpp.id, ok.SubscriberID)
	_, f = v.VerifySigned(context.Background(), "Ack signature", bpp.id, bpp.signer.KeyID(), now.Unix(), now.Unix()+30, append(msg, '.'), sig)
	require.Equal(t, auth.CheckSignature, f.Check)
	_, f = v.VerifySigned(context.Background(), "Ack signature", bpp.id, bpp.signer.KeyID(), now.Unix()-60, now.Unix()-30, msg, sig)
	require.Equal(t, auth.CheckExpires, f.Check)
	_, f = v.VerifySigned(context.Background(), "Ack signature", bpp.id, "key-9", now.Unix(), now.Unix()+30, msg, sig)
	require.Equal(t, auth.CheckUnknownKey, f.Check)
	_, f = v.VerifySigned(context.Background(), "Ack signature", bpp.id, bpp.signer.KeyID(), now.Unix(), now.Unix(), msg, sig)
	require.Equal(t, auth.CheckHeader, f.Check)
}
