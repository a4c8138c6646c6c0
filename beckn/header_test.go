package beckn_test

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/powershare/powershare/beckn"
)

// The worked example of BECKN-006 ("Signing Beckn APIs in HTTP",
// beckn/protocol-specifications, core-v1.1.1): testdata/beckn006_body.json
// holds its search body byte for byte; these are its digest, the BAP's keys
// (the private key in libsodium's seed||public form) and its signature.
const (
	exampleDigest     = "b6lf6lRgOweajukcvcLsagQ2T60+85kRh/Rd2bdS+TG/5ALebOEgDJfyCrre/1+BMu5nA94o4DT3pTFXuUg7sw=="
	examplePublicKey  = "awGPjRK6i/Vg/lWr+0xObclVxlwZXvTjWYtlu6NeOHk="
	examplePrivateKey = "lP3sHA+9gileOkXYJXh4Jg8tK0gEEMbf9yCPnFpbldhrAY+NErqL9WD+Vav7TE5tyVXGXBle9ONZi2W7o144eQ=="
	exampleSignature  = "cjbhP0PFyrlSCNszJM1F/YmHDVAWsZqJUPzojnE/7TJU3fJ/rmIlgaUHEr5E0/2PIyf0tpSnWtT6cyNNlpmoAQ=="
	exampleCreated    = 1641287875
	exampleExpires    = 1641291475
	exampleHeader     = `Signature keyId="example-bap.com|ae3ea24b-cfec-495e-81f8-044aaef164ac|ed25519",algorithm="ed25519",` +
		`created="1641287875",expires="1641291475",headers="(created) (expires) digest",` +
		`signature="cjbhP0PFyrlSCNszJM1F/YmHDVAWsZqJUPzojnE/7TJU3fJ/rmIlgaUHEr5E0/2PIyf0tpSnWtT6cyNNlpmoAQ=="`
)

// exampleTime is a time at which the example signature is valid.
var exampleTime = time.Unix(exampleCreated+60, 0)

func exampleBody(t *testing.T) []byte {
	t.Helper()
	body, err := os.ReadFile("testdata/beckn006_body.json")
	require.NoError(t, err)
	return body
}

func decode(t *testing.T, s string) []byte {
	t.Helper()
	bz, err := base64.StdEncoding.DecodeString(s)
	require.NoError(t, err)
	return bz
}

func TestDigestMatchesBeckn006Example(t *testing.T) {
	body := exampleBody(t)

	require.Equal(t, exampleDigest, beckn.EncodeDigest(beckn.Digest(body)))
	require.Len(t, beckn.Digest(body), beckn.DigestSize)
	decoded, err := beckn.DecodeDigest(exampleDigest)
	require.NoError(t, err)
	require.Equal(t, beckn.Digest(body), decoded)
}

func TestDigestCountsEveryByte(t *testing.T) {
	// A trailing newline is another body: the digest is over the bytes sent.
	require.NotEqual(t, exampleDigest, beckn.EncodeDigest(beckn.Digest(append(exampleBody(t), '\n'))))
}

func TestDecodeDigestRefusesWhatIsNotADigest(t *testing.T) {
	for _, s := range []string{"not base64!", base64.StdEncoding.EncodeToString(make([]byte, 32)), exampleDigest[:len(exampleDigest)-2]} {
		_, err := beckn.DecodeDigest(s)
		require.ErrorIs(t, err, beckn.ErrInvalidDigest, s)
	}
}

func TestSignatureOfBeckn006Example(t *testing.T) {
	digest := beckn.Digest(exampleBody(t))
	key, sig := decode(t, examplePublicKey), decode(t, exampleSignature)

	require.Equal(t, "(created): 1641287875\n(expires): 1641291475\ndigest: BLAKE-512="+exampleDigest,
		string(beckn.SigningString(exampleCreated, exampleExpires, digest)))
	require.NoError(t, beckn.VerifySignature(key, exampleCreated, exampleExpires, digest, sig))
	require.ErrorIs(t, beckn.VerifySignature(key, exampleCreated, exampleExpires+1, digest, sig), beckn.ErrInvalidSignature, "expires is signed")
	require.ErrorIs(t, beckn.VerifySignature(key, exampleCreated, exampleExpires, beckn.Digest(append(exampleBody(t), ' ')), sig),
		beckn.ErrInvalidSignature)
}

func TestSigningWithTheExampleKeyReproducesTheExampleHeader(t *testing.T) {
	libsodium := decode(t, examplePrivateKey)
	seedOnly, err := beckn.SigningPrivateKey(libsodium[:32])
	require.NoError(t, err)
	full, err := beckn.SigningPrivateKey(libsodium)
	require.NoError(t, err)
	require.Equal(t, full, seedOnly, "the seed and the seed||public forms are one key")

	h, err := beckn.Sign(full, "example-bap.com", "ae3ea24b-cfec-495e-81f8-044aaef164ac", exampleBody(t), exampleCreated, exampleExpires)

	require.NoError(t, err)
	require.Equal(t, exampleHeader, h.String())
	require.Equal(t, exampleSignature, base64.StdEncoding.EncodeToString(h.Signature))
}

func TestParseHeaderReadsTheExampleAndRoundTrips(t *testing.T) {
	h, err := beckn.ParseHeader(exampleHeader)
	require.NoError(t, err)

	require.Equal(t, beckn.Header{
		SubscriberID: "example-bap.com", UniqueKeyID: "ae3ea24b-cfec-495e-81f8-044aaef164ac", Algorithm: "ed25519",
		Created: exampleCreated, Expires: exampleExpires, Signature: decode(t, exampleSignature),
	}, h)
	require.Equal(t, "example-bap.com|ae3ea24b-cfec-495e-81f8-044aaef164ac|ed25519", h.KeyID())
	require.Equal(t, exampleHeader, h.String())
	require.NoError(t, h.Verify(decode(t, examplePublicKey), exampleBody(t), exampleTime, 0))

	// The gateway's form in BECKN-006 puts a space after each comma.
	spaced, err := beckn.ParseHeader(strings.ReplaceAll(exampleHeader, `",`, `", `))
	require.NoError(t, err)
	require.Equal(t, h, spaced)
}

func TestParseHeaderRefusesMalformedHeaders(t *testing.T) {
	replace := func(old, new string) string { return strings.Replace(exampleHeader, old, new, 1) }
	tests := []struct {
		name, header string
		err          error
		says         string
	}{
		{"another scheme", replace("Signature ", "Bearer "), beckn.ErrInvalidHeader, `does not start with "Signature "`},
		{"empty", "", beckn.ErrInvalidHeader, "does not start"},
		{"missing keyId", replace(`keyId="example-bap.com|ae3ea24b-cfec-495e-81f8-044aaef164ac|ed25519",`, ""), beckn.ErrInvalidHeader, "keyId is missing"},
		{"missing signature", replace(`,signature="`+exampleSignature+`"`, ""), beckn.ErrInvalidHeader, "signature is missing"},
		{"missing created", replace(`created="1641287875",`, ""), beckn.ErrInvalidHeader, "created is missing"},
		{"missing headers", replace(`headers="(created) (expires) digest",`, ""), beckn.ErrInvalidHeader, "headers is missing"},
		{"repeated parameter", replace(`algorithm="ed25519",`, `algorithm="ed25519",algorithm="ed25519",`), beckn.ErrInvalidHeader, "given twice"},
		{"unknown parameter", replace(`algorithm="ed25519",`, `algorithm="ed25519",nonce="1",`), beckn.ErrInvalidHeader, `unknown parameter "nonce"`},
		{"unquoted value", replace(`created="1641287875"`, `created=1641287875`), beckn.ErrInvalidHeader, "not quoted"},
		{"unclosed quote", strings.TrimSuffix(exampleHeader, `"`), beckn.ErrInvalidHeader, "no closing quote"},
		{"trailing comma", exampleHeader + ",", beckn.ErrInvalidHeader, "trailing"},
		{"no comma", replace(`",algorithm`, `" algorithm`), beckn.ErrInvalidHeader, "expected ','"},
		{"keyId with two parts", replace("example-bap.com|", ""), beckn.ErrInvalidHeader, "subscriber_id|unique_key_id|algorithm"},
		{"keyId with an empty part", replace("example-bap.com|", "|"), beckn.ErrInvalidHeader, "subscriber_id"},
		{"keyId and algorithm disagree", replace("|ed25519", "|rsa"), beckn.ErrInvalidHeader, "keyId names algorithm"},
		{"wrong algorithm", strings.ReplaceAll(exampleHeader, "ed25519", "rsa-sha256"), beckn.ErrUnsupportedAlgorithm, "rsa-sha256"},
		{"headers in another order", replace("(created) (expires) digest", "(expires) (created) digest"), beckn.ErrInvalidHeader, "headers is"},
		{"headers without digest", replace("(created) (expires) digest", "(created) (expires)"), beckn.ErrInvalidHeader, "headers is"},
		{"fractional created", replace(`created="1641287875"`, `created="1641287875.5"`), beckn.ErrInvalidHeader, "whole number"},
		{"negative expires", replace(`expires="1641291475"`, `expires="-1"`), beckn.ErrInvalidHeader, "whole number"},
		{"expires before created", replace(`expires="1641291475"`, `expires="1641287874"`), beckn.ErrInvalidHeader, "created before expires"},
		{"bad base64", replace(exampleSignature, "not*base64"), beckn.ErrInvalidHeader, "not standard base64"},
		{"short signature", replace(exampleSignature, base64.StdEncoding.EncodeToString(make([]byte, 32))), beckn.ErrInvalidHeader, "has 32 bytes"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := beckn.ParseHeader(tc.header)

			require.ErrorIs(t, err, tc.err)
			require.ErrorContains(t, err, tc.says)
		})
	}
}

func TestVerifyChecksTimeAndKey(t *testing.T) {
	h, err := beckn.ParseHeader(exampleHeader)
	require.NoError(t, err)
	body, key := exampleBody(t), decode(t, examplePublicKey)
	other, _, err := ed25519.GenerateKey(bytes.NewReader(bytes.Repeat([]byte{7}, 32)))
	require.NoError(t, err)
	tests := []struct {
		name string
		key  []byte
		body []byte
		now  time.Time
		skew time.Duration
		err  error
	}{
		{"valid", key, body, exampleTime, 0, nil},
		{"at expires", key, body, time.Unix(exampleExpires, 0), 0, nil},
		{"expired", key, body, time.Unix(exampleExpires+1, 0), 0, beckn.ErrExpired},
		{"created in the future", key, body, time.Unix(exampleCreated-1, 0), 0, beckn.ErrNotYetValid},
		{"created within the skew", key, body, time.Unix(exampleCreated-30, 0), time.Minute, nil},
		{"created beyond the skew", key, body, time.Unix(exampleCreated-90, 0), time.Minute, beckn.ErrNotYetValid},
		{"wrong key", other, body, exampleTime, 0, beckn.ErrInvalidSignature},
		{"another body", key, append(bytes.Clone(body), ' '), exampleTime, 0, beckn.ErrInvalidSignature},
		{"key of the wrong size", key[:31], body, exampleTime, 0, beckn.ErrInvalidKey},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := h.Verify(tc.key, tc.body, tc.now, tc.skew)

			if tc.err == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.err)
		})
	}
}

// TestCheckFreshBoundsTheSignaturesAge: a verifier acting now (the chain
// at an anchor, finding 1 of issue 11) takes a signature only within
// [now-maxAge, now+skew] and strictly before its expires.
func TestCheckFreshBoundsTheSignaturesAge(t *testing.T) {
	const maxAge, skew = 5 * time.Minute, time.Minute
	created := time.Unix(exampleCreated, 0)
	ttl := time.Duration(exampleExpires-exampleCreated) * time.Second
	tests := []struct {
		name   string
		now    time.Time
		maxAge time.Duration
		err    error
	}{
		{"just made", created, maxAge, nil},
		{"at the maximum age", created.Add(maxAge), maxAge, nil},
		{"older than the maximum age", created.Add(maxAge + time.Second), maxAge, beckn.ErrTooOld},
		{"created within the skew", created.Add(-skew), maxAge, nil},
		{"created beyond the skew", created.Add(-skew - time.Second), maxAge, beckn.ErrNotYetValid},
		{"half a second before expires", created.Add(ttl - 500*time.Millisecond), ttl, nil},
		{"at expires", created.Add(ttl), ttl, beckn.ErrExpired},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := beckn.CheckFresh(exampleCreated, exampleExpires, tc.now, skew, tc.maxAge)

			if tc.err == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.err)
		})
	}
}

func TestSignRefusesWhatCannotBeAHeader(t *testing.T) {
	key := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{1}, 32))
	body := []byte(`{}`)

	_, err := beckn.Sign(key, "bpp.example.org", "key|1", body, 10, 20)
	require.ErrorIs(t, err, beckn.ErrInvalidHeader, "'|' separates keyId's parts")
	_, err = beckn.Sign(key, "", "key-1", body, 10, 20)
	require.ErrorIs(t, err, beckn.ErrInvalidHeader)
	_, err = beckn.Sign(key, "bpp.example.org", "key-1", body, 20, 20)
	require.ErrorIs(t, err, beckn.ErrInvalidHeader)
	_, err = beckn.Sign(key[:32], "bpp.example.org", "key-1", body, 10, 20)
	require.ErrorIs(t, err, beckn.ErrInvalidKey)
	_, err = beckn.SignDigest(key, "bpp.example.org", "key-1", body, 10, 20)
	require.ErrorIs(t, err, beckn.ErrInvalidDigest)
}

func TestSignedHeaderRoundTrips(t *testing.T) {
	kf, err := beckn.NewKeyFile("key-1", false)
	require.NoError(t, err)
	key, err := kf.SigningKey()
	require.NoError(t, err)
	body := []byte(`{"context":{"action":"on_confirm"}}`)
	now := time.Unix(1_780_000_000, 0)

	h, err := beckn.Sign(key, "bpp.powershare.example", "key-1", body, now.Unix(), now.Add(time.Hour).Unix())
	require.NoError(t, err)
	parsed, err := beckn.ParseHeader(h.String())

	require.NoError(t, err)
	require.Equal(t, h, parsed)
	require.NoError(t, parsed.Verify(kf.SigningPublicKey, body, now, 0))
}
