package types_test

import (
	"encoding/base64"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/powershare/powershare/x/beckn/types"
)

// becknExampleDigest is the digest BECKN-006 ("Signing Beckn APIs in HTTP",
// beckn/protocol-specifications, tag core-v1.1.1) publishes for its example
// search body, which testdata/beckn006_body.json holds byte for byte.
const becknExampleDigest = "b6lf6lRgOweajukcvcLsagQ2T60+85kRh/Rd2bdS+TG/5ALebOEgDJfyCrre/1+BMu5nA94o4DT3pTFXuUg7sw=="

func TestDigestMatchesBeckn006Example(t *testing.T) {
	body, err := os.ReadFile("testdata/beckn006_body.json")
	require.NoError(t, err)

	require.Equal(t, becknExampleDigest, types.DigestString(types.Digest(body)))
	require.Len(t, types.Digest(body), types.DigestSize)
}

func TestDigestCountsEveryByte(t *testing.T) {
	body, err := os.ReadFile("testdata/beckn006_body.json")
	require.NoError(t, err)

	// A trailing newline is another body: the digest is over the bytes sent.
	require.NotEqual(t, becknExampleDigest, types.DigestString(types.Digest(append(body, '\n'))))
}

// The BAP's key and Authorization header of BECKN-006's worked example.
const (
	becknExampleSigningKey = "awGPjRK6i/Vg/lWr+0xObclVxlwZXvTjWYtlu6NeOHk="
	becknExampleSignature  = "cjbhP0PFyrlSCNszJM1F/YmHDVAWsZqJUPzojnE/7TJU3fJ/rmIlgaUHEr5E0/2PIyf0tpSnWtT6cyNNlpmoAQ=="
	becknExampleCreated    = 1641287875
	becknExampleExpires    = 1641291475
)

func TestSignatureOfBeckn006Example(t *testing.T) {
	body, err := os.ReadFile("testdata/beckn006_body.json")
	require.NoError(t, err)
	key, err := base64.StdEncoding.DecodeString(becknExampleSigningKey)
	require.NoError(t, err)
	sig, err := base64.StdEncoding.DecodeString(becknExampleSignature)
	require.NoError(t, err)
	digest := types.Digest(body)

	require.Equal(t, "(created): 1641287875\n(expires): 1641291475\ndigest: BLAKE-512="+becknExampleDigest,
		string(types.SigningString(becknExampleCreated, becknExampleExpires, digest)))
	require.True(t, types.VerifySignature(key, becknExampleCreated, becknExampleExpires, digest, sig))
	require.False(t, types.VerifySignature(key, becknExampleCreated, becknExampleExpires+1, digest, sig), "expires is signed")
	require.False(t, types.VerifySignature(key, becknExampleCreated, becknExampleExpires, types.Digest(append(body, ' ')), sig))
}
