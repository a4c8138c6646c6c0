package auth_test

import (
	"bytes"
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

// exampleTime is a time at which the example signature is valid.
var exampleTime = time.Unix(exampleCreated+60, 0)

func exampleVerifier(keys ...registry.Key) *auth.Verifier {
	return &auth.Verifier{Resolver: newFakeRegistry(keys...), Skew: 5 * time.Second, Self: "bpp.example.org", Now: fixedClock(exampleTime)}
}

// TestPublishedBeckn006HeaderVerifies: the example BAP's published header
// verifies with its registered key, published raw or DER, with or without
// spaces after the commas.
func TestPublishedBeckn006HeaderVerifies(t *testing.T) {
	raw := decode(t, examplePublicKey)
	der := append(bytes.Clone(derPrefix), raw...)
	for name, tc := range map[string]struct {
		key    []byte
		header string
	}{
		"raw key":            {raw, exampleHeader},
		"DER key":            {der, exampleHeader},
		"spaces after comma": {raw, strings.ReplaceAll(exampleHeader, `",`, `", `)},
	} {
		t.Run(name, func(t *testing.T) {
			v := exampleVerifier(exampleKey(tc.key))
			h := http.Header{auth.HeaderAuthorization: {tc.header}}

			ok, f := v.Verify(context.Background(), h, exampleBody(t), exampleBAP)

			require.Nil(t, f)
			require.Equal(t, &auth.Verified{Header: auth.HeaderAuthorization, SubscriberID: exampleBAP, KeyID: exampleKeyID,
				Key: exampleKey(tc.key), Created: time.Unix(exampleCreated, 0).UTC(), Expires: time.Unix(exampleExpires, 0).UTC()}, ok)
		})
	}
}

func TestVerifyRefusesMalformedHeaders(t *testing.T) {
	replace := func(old, new string) string { return strings.Replace(exampleHeader, old, new, 1) }
	tests := []struct {
		name   string
		values []string
		check  string
		says   string
	}{
		{"no header", nil, auth.CheckHeader, "no Authorization header"},
		{"two headers", []string{exampleHeader, exampleHeader}, auth.CheckHeader, "2 Authorization headers"},
		{"another scheme", []string{replace("Signature ", "Bearer ")}, auth.CheckHeader, "does not start"},
		{"missing signature", []string{replace(`,signature="`, `,sig="`)}, auth.CheckHeader, "unknown parameter"},
		{"other signed headers", []string{replace("(created) (expires) digest", "digest")}, auth.CheckHeader, "headers is"},
		{"rsa", []string{strings.ReplaceAll(exampleHeader, "ed25519", "rsa-sha256")}, auth.CheckAlgorithm, "rsa-sha256"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := exampleVerifier(exampleKey(decode(t, examplePublicKey)))

			_, f := v.Verify(context.Background(), http.Header{auth.HeaderAuthorization: tc.values}, exampleBody(t), exampleBAP)

			require.Equal(t, tc.check, f.Check)
			require.Equal(t, auth.HeaderAuthorization, f.Header)
			require.Contains(t, f.Message, tc.says)
			name, value := f.Challenge()
			require.Equal(t, "WWW-Authenticate", name)
			require.Equal(t, `Signature realm="bpp.example.org",headers="(created) (expires) digest"`, value)
			require.Equal(t, http.StatusUnauthorized, f.HTTPStatus())
		})
	}
}

func TestVerifyChecksTheTimes(t *testing.T) {
	tests := []struct {
		name  string
		now   time.Time
		check string // "" for accepted
	}{
		{"created within the skew", time.Unix(exampleCreated-5, 0), ""},
		{"created beyond the skew", time.Unix(exampleCreated-6, 0), auth.CheckCreated},
		{"at expires", time.Unix(exampleExpires, 0), ""},
		{"expired", time.Unix(exampleExpires+1, 0), auth.CheckExpires},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := exampleVerifier(exampleKey(decode(t, examplePublicKey)))
			v.Now = fixedClock(tc.now)

			_, f := v.Verify(context.Background(), http.Header{auth.HeaderAuthorization: {exampleHeader}}, exampleBody(t), exampleBAP)

			if tc.check == "" {
				require.Nil(t, f)
				return
			}
			require.Equal(t, tc.check, f.Check)
		})
	}
}

func TestVerifyChecksTheSenderAndTheBody(t *testing.T) {
	body := exampleBody(t)
	digest := "BLAKE-512=" + beckn.EncodeDigest(beckn.Digest(body))
	tests := []struct {
		name   string
		sender string
		body   []byte
		digest []string
		check  string
	}{
		{"as sent", exampleBAP, body, nil, ""},
		{"with the body's Digest header", exampleBAP, body, []string{digest}, ""},
		{"another sender", "bap.other.example", body, nil, auth.CheckSender},
		{"no sender", "", body, nil, auth.CheckSender},
		{"a Digest header of another body", exampleBAP, body, []string{"BLAKE-512=" + beckn.EncodeDigest(beckn.Digest([]byte("{}")))}, auth.CheckDigest},
		{"a Digest header of another algorithm", exampleBAP, body, []string{"SHA-256=" + beckn.EncodeDigest(beckn.Digest(body))}, auth.CheckDigest},
		{"two Digest headers", exampleBAP, body, []string{digest, digest}, auth.CheckDigest},
		{"a tampered body", exampleBAP, bytes.Replace(body, []byte("Kochi"), []byte("Cochin"), 1), nil, auth.CheckSignature},
		{"a byte more", exampleBAP, append(bytes.Clone(body), '\n'), nil, auth.CheckSignature},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := exampleVerifier(exampleKey(decode(t, examplePublicKey)))
			h := http.Header{auth.HeaderAuthorization: {exampleHeader}}
			if tc.digest != nil {
				h[auth.HeaderDigest] = tc.digest
			}

			_, f := v.Verify(context.Background(), h, tc.body, tc.sender)

			if tc.check == "" {
				require.Nil(t, f)
				return
			}
			require.Equal(t, tc.check, f.Check, f.Message)
		})
	}
	require.True(t, bytes.Contains(body, []byte("Kochi")), "the tampering above changes the body")
}

func TestVerifyChecksTheRegistryKey(t *testing.T) {
	good := exampleKey(decode(t, examplePublicKey))
	created := time.Unix(exampleCreated, 0)
	other := newParty(t, exampleBAP, registry.TypeBAP, false).key
	tests := []struct {
		name  string
		key   registry.Key
		check string
	}{
		{"valid from created", with(good, func(k *registry.Key) { k.ValidFrom = created }), ""},
		{"valid from within created's second", with(good, func(k *registry.Key) { k.ValidFrom = created.Add(999 * time.Millisecond) }), ""},
		{"valid from after created", with(good, func(k *registry.Key) { k.ValidFrom = created.Add(time.Second) }), auth.CheckKeyValidity},
		{"valid until created", with(good, func(k *registry.Key) { k.ValidUntil = created }), auth.CheckKeyValidity},
		{"no validity", with(good, func(k *registry.Key) { k.ValidFrom, k.ValidUntil = time.Time{}, time.Time{} }), auth.CheckKeyValidity},
		{"ended since (rotated)", with(good, func(k *registry.Key) { k.Status = registry.StatusExpired }), auth.CheckKeyValidity},
		{"initiated", with(good, func(k *registry.Key) { k.Status = registry.StatusInitiated }), auth.CheckStatus},
		{"under subscription", with(good, func(k *registry.Key) { k.Status = registry.StatusUnderSubscription }), auth.CheckStatus},
		{"unsubscribed", with(good, func(k *registry.Key) { k.Status = registry.StatusUnsubscribed }), auth.CheckStatus},
		{"invalid SSL", with(good, func(k *registry.Key) { k.Status = registry.StatusInvalidSSL }), auth.CheckStatus},
		{"another signing key", with(good, func(k *registry.Key) { k.SigningPublicKey = other.SigningPublicKey }), auth.CheckSignature},
		{"a signing key that is no key", with(good, func(k *registry.Key) { k.SigningPublicKey = make([]byte, 31) }), auth.CheckUnknownKey},
		{"a small-order signing key", with(good, func(k *registry.Key) { k.SigningPublicKey = make([]byte, 32) }), auth.CheckUnknownKey},
		{"an answer for another key", with(good, func(k *registry.Key) { k.KeyID = "key-2" }), auth.CheckUnknownKey},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			reg := newFakeRegistry()
			reg.keys[exampleBAP+"|"+exampleKeyID] = tc.key
			v := exampleVerifier()
			v.Resolver = reg

			_, f := v.Verify(context.Background(), http.Header{auth.HeaderAuthorization: {exampleHeader}}, exampleBody(t), exampleBAP)

			if tc.check == "" {
				require.Nil(t, f)
				return
			}
			require.Equal(t, tc.check, f.Check, f.Message)
		})
	}
}

func TestVerifyUnknownSignerOrKey(t *testing.T) {
	for name, key := range map[string]registry.Key{
		"unknown key id":    with(exampleKey(nil), func(k *registry.Key) { k.KeyID = "another-key" }),
		"unknown signer id": with(exampleKey(nil), func(k *registry.Key) { k.SubscriberID = "bap.other.example" }),
	} {
		t.Run(name, func(t *testing.T) {
			v := exampleVerifier(key)

			_, f := v.Verify(context.Background(), http.Header{auth.HeaderAuthorization: {exampleHeader}}, exampleBody(t), exampleBAP)

			require.Equal(t, auth.CheckUnknownKey, f.Check)
			require.Contains(t, f.Message, `no key "ae3ea24b-cfec-495e-81f8-044aaef164ac" of "example-bap.com"`)
		})
	}
}

func with(k registry.Key, change func(*registry.Key)) registry.Key {
	change(&k)
	return k
}

func TestVerifyRegistryFailureIsTemporary(t *testing.T) {
	v := exampleVerifier()
	v.Resolver = &fakeRegistry{err: errors.New("connection refused")}

	_, f := v.Verify(context.Background(), http.Header{auth.HeaderAuthorization: {exampleHeader}}, exampleBody(t), exampleBAP)

	require.Equal(t, auth.CheckRegistry, f.Check)
	require.True(t, f.Temporary())
	require.Equal(t, http.StatusServiceUnavailable, f.HTTPStatus())
	require.Contains(t, f.Message, "connection refused")
}

// TestVerifyCoSignatures: a co-signature is verified when sent; with
// require_pq, a signer that has an ML-DSA-65 key must send one to a
// receiver that has one too.
func TestVerifyCoSignatures(t *testing.T) {
	body := []byte(`{"context":{"action":"search","bap_id":"bap.example.org"},"message":{}}`)
	tests := []struct {
		name                 string
		senderPQ, receiverPQ bool
		coSign, requirePQ    bool
		tamper               string
		check                string
		coSigned             bool
	}{
		{"co-signed", true, true, true, false, "", "", true},
		{"co-signed, required", true, true, true, true, "", "", true},
		{"not co-signed, not required", true, true, false, false, "", "", false},
		{"not co-signed, required", true, true, false, true, "", auth.CheckPQMissing, false},
		{"not co-signed, required, receiver without ML-DSA-65 key", true, false, false, true, "", "", false},
		{"not co-signed, required, receiver not registered", true, true, false, true, "unregistered receiver", "", false},
		{"not co-signed, required, signer without ML-DSA-65 key", false, true, false, true, "", "", false},
		{"co-signed, but the registry has no ML-DSA-65 key", true, true, true, false, "no registered ML-DSA-65 key", auth.CheckPQInvalid, false},
		{"co-signature of another body", true, true, true, false, "another body", auth.CheckPQInvalid, false},
		{"co-signature by another ML-DSA-65 key", true, true, true, false, "another key", auth.CheckPQInvalid, false},
		{"co-signature for another expires", true, true, true, false, "another expires", auth.CheckPQInvalid, false},
		{"co-signature naming another key id", true, true, true, false, "another key id", auth.CheckPQInvalid, false},
		{"malformed co-signature", true, true, true, false, "malformed", auth.CheckPQInvalid, false},
		{"two co-signatures", true, true, true, false, "twice", auth.CheckPQInvalid, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			bap := newParty(t, "bap.example.org", registry.TypeBAP, tc.senderPQ)
			bpp := newParty(t, "bpp.example.org", registry.TypeBPP, tc.receiverPQ)
			reg := newFakeRegistry(bap.key, bpp.key)
			h := bap.signed(t, body, tc.coSign)
			switch tc.tamper {
			case "unregistered receiver":
				delete(reg.keys, bpp.id+"|")
			case "no registered ML-DSA-65 key":
				k := bap.key
				k.MLDSAPublicKey = nil
				reg.add(k, true)
			case "another body":
				other := bap.signed(t, []byte(`{}`), true)
				h.Set(auth.HeaderCoSignature, other.Get(auth.HeaderCoSignature))
			case "another key":
				impostor := newParty(t, bap.id, registry.TypeBAP, true)
				h.Set(auth.HeaderCoSignature, impostor.signed(t, body, true).Get(auth.HeaderCoSignature))
			case "another expires":
				h.Set(auth.HeaderCoSignature, strings.Replace(h.Get(auth.HeaderCoSignature), `expires="`, `expires="1`, 1))
			case "another key id":
				h.Set(auth.HeaderCoSignature, strings.Replace(h.Get(auth.HeaderCoSignature), "|key-1|", "|key-2|", 1))
			case "malformed":
				h.Set(auth.HeaderCoSignature, "Signature garbage")
			case "twice":
				h.Add(auth.HeaderCoSignature, h.Get(auth.HeaderCoSignature))
			}
			v := &auth.Verifier{Resolver: reg, Skew: 5 * time.Second, RequirePQ: tc.requirePQ, Self: bpp.id, Now: fixedClock(now)}

			ok, f := v.Verify(context.Background(), h, body, bap.id)

			if tc.check != "" {
				require.Equal(t, tc.check, f.Check, f.Message)
				require.Equal(t, auth.HeaderCoSignature, f.Header)
				name, _ := f.Challenge()
				require.Equal(t, "WWW-Authenticate", name)
				return
			}
			require.Nil(t, f)
			require.Equal(t, tc.coSigned, ok.CoSigned)
		})
	}
}

func TestVerifyGateway(t *testing.T) {
	body := []byte(`{"context":{"action":"search","bap_id":"bap.example.org"},"message":{}}`)
	bap := newParty(t, "bap.example.org", registry.TypeBAP, true)
	bg := newParty(t, "bg.example.org", registry.TypeBG, true)
	bpp := newParty(t, "bpp.example.org", registry.TypeBPP, true)
	v := &auth.Verifier{Resolver: newFakeRegistry(bap.key, bg.key, bpp.key), Skew: 5 * time.Second, RequirePQ: true, Self: bpp.id, Now: fixedClock(now)}

	t.Run("forwarded by a gateway", func(t *testing.T) {
		h := bap.signed(t, body, true)
		require.NoError(t, bg.signer.Sign(h, body, now, true, true))

		gw, f := v.VerifyGateway(context.Background(), h, body)
		require.Nil(t, f)
		require.Equal(t, &auth.Verified{Header: auth.HeaderGateway, SubscriberID: bg.id, KeyID: "key-1", Key: bg.key,
			Created: now, Expires: now.Add(30 * time.Second), CoSigned: true}, gw)
		sender, f := v.Verify(context.Background(), h, body, bap.id)
		require.Nil(t, f)
		require.Equal(t, bap.id, sender.SubscriberID)
	})
	t.Run("not by a gateway", func(t *testing.T) {
		h := bap.signed(t, body, true)
		require.NoError(t, bpp.signer.Sign(h, body, now, true, true))

		_, f := v.VerifyGateway(context.Background(), h, body)

		require.Equal(t, auth.CheckSender, f.Check)
		require.Contains(t, f.Message, "not a gateway")
		name, value := f.Challenge()
		require.Equal(t, "Proxy-Authenticate", name)
		require.Equal(t, `Signature realm="bpp.example.org",headers="(created) (expires) digest"`, value)
	})
	t.Run("without its header", func(t *testing.T) {
		_, f := v.VerifyGateway(context.Background(), bap.signed(t, body, true), body)

		require.Equal(t, auth.CheckHeader, f.Check)
		require.Equal(t, auth.HeaderGateway, f.Header)
	})
	t.Run("without its co-signature, required", func(t *testing.T) {
		h := bap.signed(t, body, true)
		require.NoError(t, bg.signer.Sign(h, body, now, true, false))

		_, f := v.VerifyGateway(context.Background(), h, body)

		require.Equal(t, auth.CheckPQMissing, f.Check)
		require.Equal(t, auth.HeaderGatewayCoSignature, f.Header)
		name, _ := f.Challenge()
		require.Equal(t, "Proxy-Authenticate", name)
	})
}

func TestFailureChallengeQuotesTheRealm(t *testing.T) {
	f := &auth.Failure{Check: auth.CheckSignature, Header: auth.HeaderAuthorization, Message: "m", Realm: `odd"realm\`}

	name, value := f.Challenge()

	require.Equal(t, "WWW-Authenticate", name)
	require.Equal(t, `Signature realm="odd\"realm\\",headers="(created) (expires) digest"`, value)
	require.Equal(t, "Authorization: signature: m", f.Error())
}
