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

	"github.com/powershare/powershare/beckn"
	"github.com/powershare/powershare/x/beckn/client/cli"
	"github.com/powershare/powershare/x/beckn/types"
)

// becknExampleBody is the search body of BECKN-006's worked example.
const becknExampleBody = "../../../../beckn/testdata/beckn006_body.json"

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
	kf, err := beckn.ReadKeyFile(out)
	require.NoError(t, err)
	info, err := os.Stat(out)
	require.NoError(t, err)

	require.Equal(t, os.FileMode(0o600), info.Mode().Perm())
	require.Equal(t, "key-1", kf.KeyID)
	var public map[string]any
	require.NoError(t, json.Unmarshal([]byte(printed), &public))
	require.NotContains(t, printed, "private")
	_, err = beckn.NormalizeSigningPublicKey(kf.SigningPublicKey)
	require.NoError(t, err)
	_, err = run()
	require.Error(t, err, "an existing key file is never overwritten")
}

func TestKeygenWithMLDSAPrintsItsPublicKey(t *testing.T) {
	out := filepath.Join(t.TempDir(), "key.json")
	cmd := cli.BecknCommand()
	var stdout bytes.Buffer
	cmd.SetOut(&stdout)
	cmd.SetArgs([]string{"keygen", "key-2", "--mldsa", "--out", out})

	require.NoError(t, cmd.Execute())

	kf, err := beckn.ReadKeyFile(out)
	require.NoError(t, err)
	var public beckn.PublicKeys
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &public))
	require.Equal(t, kf.Public(), public)
	require.NoError(t, beckn.ValidateMLDSAPublicKey(public.MLDSAPublicKey))
	require.Len(t, public.MLDSAPublicKey, beckn.MLDSAPublicKeySize)
}

func TestDigestCommandPrintsTheBecknDigest(t *testing.T) {
	cmd := cli.BecknCommand()
	var stdout bytes.Buffer
	cmd.SetOut(&stdout)
	cmd.SetArgs([]string{"digest", becknExampleBody})

	require.NoError(t, cmd.Execute())

	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	require.Equal(t, "b6lf6lRgOweajukcvcLsagQ2T60+85kRh/Rd2bdS+TG/5ALebOEgDJfyCrre/1+BMu5nA94o4DT3pTFXuUg7sw==", lines[len(lines)-1])
}

func TestReadAnchors(t *testing.T) {
	cdc := codectestutil.CodecOptions{AccAddressPrefix: "power", ValAddressPrefix: "powervaloper"}.NewCodec()
	digest := beckn.EncodeDigest(beckn.Digest([]byte("body")))
	file := `{"anchors":[{"transaction_id":"tx-1","order_id":"order-1","bap_id":"bap.example.org",
	  "bpp_id":"bpp.powershare.example","domain":"deg:p2p-trading","digest":"` + digest + `","key_id":"key-1",
	  "quantity_wh":"5000","price":"7.50","currency":"INR","delivery_start":"2026-12-01T10:00:00Z",
	  "delivery_end":"2026-12-01T10:15:00Z","zone":"zone-a"}]}`

	msg, err := cli.ReadAnchors(cdc, []byte(file))

	require.NoError(t, err)
	require.Equal(t, beckn.Digest([]byte("body")), msg.Anchors[0].Digest)
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
	body, err := os.ReadFile(becknExampleBody)
	require.NoError(t, err)
	cmd.SetArgs([]string{"sign", becknExampleBody, "--key-file", keyPath,
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
	require.NoError(t, beckn.VerifySignature(kf.SigningPublicKey, out.Created, out.Expires, out.Digest, out.Signature))
	header, err := beckn.ParseHeader(out.Authorization)
	require.NoError(t, err)
	require.Equal(t, "bpp.example.org|key-1|ed25519", header.KeyID())
	require.NoError(t, header.Verify(kf.SigningPublicKey, body, time.Unix(out.Created, 0), 0))
}

// --anchor-fields prints an on_confirm's body and terms with its signature,
// so the anchor states exactly the terms the chain reads from the body.
func TestSignAnchorFieldsSpliceIntoAnAnchorsFile(t *testing.T) {
	keyPath, kf := writeKeyFile(t)
	cmd := cli.BecknCommand()
	var stdout bytes.Buffer
	cmd.SetOut(&stdout)
	cmd.SetArgs([]string{"sign", "../../../../beckn/testdata/on_confirm_offchain.json", "--key-file", keyPath,
		"--subscriber-id", "bpp.powershare.example", "--anchor-fields"})
	require.NoError(t, cmd.Execute())
	cdc := codectestutil.CodecOptions{AccAddressPrefix: "power", ValAddressPrefix: "powervaloper"}.NewCodec()

	msg, err := cli.ReadAnchors(cdc, []byte(`{"anchors":[{`+strings.TrimSpace(stdout.String())+`,"zone":"zone-a"}]}`))

	require.NoError(t, err)
	a := msg.Anchors[0]
	require.Equal(t, "key-1", a.KeyId)
	require.Equal(t, "order-1", a.OrderId)
	require.Equal(t, uint64(5_000), a.QuantityWh)
	require.Equal(t, "7.5", a.Price)
	require.NoError(t, beckn.VerifySignature(kf.SigningPublicKey, a.SignatureCreated, a.SignatureExpires, a.Digest, a.Signature))
	terms, err := types.BodyTerms(a.Body)
	require.NoError(t, err)
	stored := a
	stored.Body = nil
	require.NoError(t, types.CheckTerms(stored, terms))

	cmd.SetArgs([]string{"sign", becknExampleBody, "--key-file", keyPath, "--subscriber-id", "bpp.example.org", "--anchor-fields"})
	require.ErrorContains(t, cmd.Execute(), "on_confirm", "a search body makes no anchor")
}

// writeKeyFile writes a fresh key set "key-1" to a key file.
func writeKeyFile(t *testing.T) (string, beckn.KeyFile) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "key.json")
	kf, err := beckn.NewKeyFile("key-1", false)
	require.NoError(t, err)
	require.NoError(t, beckn.WriteKeyFile(path, kf))
	return path, kf
}
