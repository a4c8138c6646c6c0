package cli_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	codectestutil "github.com/cosmos/cosmos-sdk/codec/testutil"

	"github.com/powershare/powershare/x/beckn/client/cli"
	"github.com/powershare/powershare/x/beckn/types"
)

func TestKeygenWritesAKeyFileItNeverOverwrites(t *testing.T) {
	out := filepath.Join(t.TempDir(), "key.json")
	run := func() (string, error) {
		cmd := cli.BecknCommand()
		var stdout bytes.Buffer
		cmd.SetOut(&stdout)
		cmd.SetArgs([]string{"keygen", "key-1", "--out", out})
		err := cmd.Execute()
		return stdout.String(), err
	}

	printed, err := run()
	require.NoError(t, err)
	kf, err := cli.ReadKeyFile(out)
	require.NoError(t, err)
	info, err := os.Stat(out)
	require.NoError(t, err)

	require.Equal(t, os.FileMode(0o600), info.Mode().Perm())
	require.Equal(t, "key-1", kf.KeyID)
	var public map[string]any
	require.NoError(t, json.Unmarshal([]byte(printed), &public))
	require.NotContains(t, printed, "private")
	_, err = types.NormalizeSigningKey(kf.SigningPublicKey)
	require.NoError(t, err)
	_, err = run()
	require.Error(t, err, "an existing key file is never overwritten")
}

func TestReadKeyFileRefusesMismatchedKeys(t *testing.T) {
	a, err := cli.NewKeyFile("a")
	require.NoError(t, err)
	b, err := cli.NewKeyFile("b")
	require.NoError(t, err)
	a.SigningPublicKey = b.SigningPublicKey
	bz, err := json.Marshal(a)
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "key.json")
	require.NoError(t, os.WriteFile(path, bz, 0o600))

	_, err = cli.ReadKeyFile(path)

	require.ErrorContains(t, err, "signing keys do not belong together")
}

func TestDigestCommandPrintsTheBecknDigest(t *testing.T) {
	cmd := cli.BecknCommand()
	var stdout bytes.Buffer
	cmd.SetOut(&stdout)
	cmd.SetArgs([]string{"digest", "../../types/testdata/beckn006_body.json"})

	require.NoError(t, cmd.Execute())

	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	require.Equal(t, "b6lf6lRgOweajukcvcLsagQ2T60+85kRh/Rd2bdS+TG/5ALebOEgDJfyCrre/1+BMu5nA94o4DT3pTFXuUg7sw==", lines[len(lines)-1])
}

func TestReadAnchors(t *testing.T) {
	cdc := codectestutil.CodecOptions{AccAddressPrefix: "power", ValAddressPrefix: "powervaloper"}.NewCodec()
	digest := types.DigestString(types.Digest([]byte("body")))
	file := `{"anchors":[{"transaction_id":"tx-1","order_id":"order-1","bap_id":"bap.example.org",
	  "bpp_id":"bpp.powershare.example","domain":"deg:p2p-trading","digest":"` + digest + `","key_id":"key-1",
	  "quantity_wh":"5000","price":"7.50","currency":"INR","delivery_start":"2026-12-01T10:00:00Z",
	  "delivery_end":"2026-12-01T10:15:00Z","zone":"zone-a"}]}`

	msg, err := cli.ReadAnchors(cdc, []byte(file))

	require.NoError(t, err)
	require.Equal(t, types.Digest([]byte("body")), msg.Anchors[0].Digest)
	require.Equal(t, uint64(5000), msg.Anchors[0].QuantityWh)
	require.Equal(t, time.Date(2026, 12, 1, 10, 15, 0, 0, time.UTC), msg.Anchors[0].DeliveryEnd)

	_, err = cli.ReadAnchors(cdc, []byte(`{"anchors":[{"order":"x"}]}`))
	require.Error(t, err, "unknown fields are refused")
	_, err = cli.ReadAnchors(cdc, []byte(`{"anchors":[]}`))
	require.ErrorContains(t, err, "no anchors")
}

func TestSignCommandMakesAVerifiableHeader(t *testing.T) {
	keyPath, kf := writeKeyFile(t)
	cmd := cli.BecknCommand()
	var stdout bytes.Buffer
	cmd.SetOut(&stdout)
	cmd.SetArgs([]string{"sign", "../../types/testdata/beckn006_body.json", "--key-file", keyPath,
		"--subscriber-id", "bpp.example.org", "--created", "1641287875"})

	require.NoError(t, cmd.Execute())

	var out struct {
		Digest, Signature []byte
		Created           int64  `json:"signature_created,string"`
		Expires           int64  `json:"signature_expires,string"`
		Authorization     string `json:"authorization"`
	}
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &out))
	require.Equal(t, int64(1641291475), out.Expires)
	require.True(t, types.VerifySignature(kf.SigningPublicKey, out.Created, out.Expires, out.Digest, out.Signature))
	require.Contains(t, out.Authorization, `keyId="bpp.example.org|key-1|ed25519"`)
}

func TestSignAnchorFieldsSpliceIntoAnAnchorsFile(t *testing.T) {
	keyPath, kf := writeKeyFile(t)
	cmd := cli.BecknCommand()
	var stdout bytes.Buffer
	cmd.SetOut(&stdout)
	cmd.SetArgs([]string{"sign", "../../types/testdata/beckn006_body.json", "--key-file", keyPath,
		"--subscriber-id", "bpp.example.org", "--anchor-fields"})
	require.NoError(t, cmd.Execute())
	cdc := codectestutil.CodecOptions{AccAddressPrefix: "power", ValAddressPrefix: "powervaloper"}.NewCodec()

	msg, err := cli.ReadAnchors(cdc, []byte(`{"anchors":[{`+strings.TrimSpace(stdout.String())+`,"order_id":"order-1"}]}`))

	require.NoError(t, err)
	a := msg.Anchors[0]
	require.Equal(t, "key-1", a.KeyId)
	require.True(t, types.VerifySignature(kf.SigningPublicKey, a.SignatureCreated, a.SignatureExpires, a.Digest, a.Signature))
}

// writeKeyFile writes a fresh key set "key-1" to a key file.
func writeKeyFile(t *testing.T) (string, cli.KeyFile) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "key.json")
	kf, err := cli.NewKeyFile("key-1")
	require.NoError(t, err)
	bz, err := json.Marshal(kf)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, bz, 0o600))
	return path, kf
}
