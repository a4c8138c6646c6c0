package types_test

import (
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
