package beckn_test

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/powershare/powershare/beckn"
)

// coSigned signs the BECKN-006 example body with a fresh key set that has
// an ML-DSA-65 key, and returns the Ed25519 header, its co-signature and
// the key file.
func coSigned(t *testing.T) (beckn.Header, beckn.CoSignature, beckn.KeyFile) {
	t.Helper()
	kf, err := beckn.NewKeyFile("key-1", true)
	require.NoError(t, err)
	ed, err := kf.SigningKey()
	require.NoError(t, err)
	ml, err := kf.MLDSAKey()
	require.NoError(t, err)
	body := exampleBody(t)
	h, err := beckn.Sign(ed, "bpp.example.org", kf.KeyID, body, exampleCreated, exampleExpires)
	require.NoError(t, err)
	c, err := beckn.CoSignHeader(ml, h, beckn.Digest(body))
	require.NoError(t, err)
	return h, c, kf
}

func TestCoSignatureRoundTripsAndVerifies(t *testing.T) {
	h, c, kf := coSigned(t)
	digest := beckn.Digest(exampleBody(t))

	parsed, err := beckn.ParseCoSignature(c.String())

	require.NoError(t, err)
	require.Equal(t, c, parsed)
	require.True(t, strings.HasPrefix(c.String(), `Signature keyId="bpp.example.org|key-1|mldsa65",algorithm="mldsa65",created="1641287875",expires="1641291475",headers="(created) (expires) digest",signature="`))
	require.True(t, parsed.Matches(h))
	require.NoError(t, parsed.Verify(kf.MLDSAPublicKey, digest))
	require.ErrorIs(t, parsed.Verify(kf.MLDSAPublicKey, beckn.Digest(append(exampleBody(t), ' '))), beckn.ErrInvalidSignature)

	// Spaces after the commas are read as in the Authorization header.
	spaced, err := beckn.ParseCoSignature(strings.ReplaceAll(c.String(), `",`, `", `))
	require.NoError(t, err)
	require.Equal(t, c, spaced)
}

func TestCoSignatureMatchesOnlyItsHeader(t *testing.T) {
	h, c, _ := coSigned(t)
	for name, other := range map[string]beckn.Header{
		"another signer":  {SubscriberID: "bap.example.org", UniqueKeyID: h.UniqueKeyID, Created: h.Created, Expires: h.Expires},
		"another key":     {SubscriberID: h.SubscriberID, UniqueKeyID: "key-2", Created: h.Created, Expires: h.Expires},
		"another created": {SubscriberID: h.SubscriberID, UniqueKeyID: h.UniqueKeyID, Created: h.Created - 1, Expires: h.Expires},
		"another expires": {SubscriberID: h.SubscriberID, UniqueKeyID: h.UniqueKeyID, Created: h.Created, Expires: h.Expires + 1},
	} {
		require.False(t, c.Matches(other), name)
	}
}

func TestParseCoSignatureRefusesMalformedValues(t *testing.T) {
	_, c, _ := coSigned(t)
	valid := c.String()
	sig := base64.StdEncoding.EncodeToString(c.Signature)
	replace := func(old, new string) string { return strings.Replace(valid, old, new, 1) }
	tests := []struct {
		name, value string
		err         error
		says        string
	}{
		{"another scheme", replace("Signature ", "Bearer "), beckn.ErrInvalidHeader, "does not start"},
		{"an Ed25519 keyId", replace("|mldsa65", "|ed25519"), beckn.ErrUnsupportedAlgorithm, "must be"},
		{"an Ed25519 algorithm", replace(`algorithm="mldsa65"`, `algorithm="ed25519"`), beckn.ErrUnsupportedAlgorithm, "must be"},
		{"keyId with two parts", replace("bpp.example.org|", ""), beckn.ErrInvalidHeader, "subscriber_id|unique_key_id|algorithm"},
		{"empty subscriber id", replace("bpp.example.org|", "|"), beckn.ErrInvalidHeader, "subscriber_id"},
		{"missing expires", replace(`expires="1641291475",`, ""), beckn.ErrInvalidHeader, "expires is missing"},
		{"other headers", replace("(created) (expires) digest", "digest"), beckn.ErrInvalidHeader, "headers is"},
		{"expires before created", replace(`expires="1641291475"`, `expires="1"`), beckn.ErrInvalidHeader, "created before expires"},
		{"not base64", replace(sig, "*"+sig[1:]), beckn.ErrInvalidHeader, "not standard base64"},
		{"an Ed25519-sized signature", replace(sig, base64.StdEncoding.EncodeToString(make([]byte, 64))), beckn.ErrInvalidHeader, "ML-DSA-65 signature has"},
		{"unknown parameter", valid + `,nonce="1"`, beckn.ErrInvalidHeader, "unknown parameter"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := beckn.ParseCoSignature(tc.value)

			require.ErrorIs(t, err, tc.err)
			require.ErrorContains(t, err, tc.says)
		})
	}
}
