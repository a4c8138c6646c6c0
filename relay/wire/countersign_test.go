package wire_test

import (
	"bytes"
	"crypto/ed25519"
	"strings"
	"testing"

	"github.com/powershare/powershare/beckn"
	"github.com/powershare/powershare/relay/wire"
)

// counterSign plays relay/auth: it signs the counter-signing string with
// the receiver's key and attaches the signature to the Ack.
func counterSign(t *testing.T, key ed25519.PrivateKey, ack, request []byte, messageID string) []byte {
	t.Helper()
	const created, expires = 1777885200, 1777885260
	sig := ed25519.Sign(key, wire.CounterSigningString(created, expires, ack, request, messageID))
	cs := wire.CounterSignature{SubscriberID: "bpp.solar-coop.example", UniqueKeyID: "key-1", Algorithm: "ed25519",
		Created: created, Expires: expires, Signature: sig}
	signed, err := wire.AttachCounterSignature(ack, cs.String())
	if err != nil {
		t.Fatal(err)
	}
	return signed
}

func TestCounterSignatureRoundTrip(t *testing.T) {
	pub, key, err := ed25519.GenerateKey(bytes.NewReader(bytes.Repeat([]byte{7}, 64)))
	if err != nil {
		t.Fatal(err)
	}
	request := sampleBody(wire.V2, "confirm")
	req, perr := wire.Parse("confirm", request)
	if perr != nil {
		t.Fatal(perr)
	}
	_, ack := wire.Ack(wire.V2)
	_, nack := wire.Nack(wire.V2, wire.Rejected(wire.V2, wire.CodeInvalidRequest, "context.messageId", "seen already"))
	for _, unsigned := range [][]byte{ack, nack} {
		signed := counterSign(t, key, unsigned, request, req.Context.MessageID)
		if !bytes.HasPrefix(signed, unsigned[:len(unsigned)-1]) || !bytes.HasSuffix(signed, []byte(`"}`)) {
			t.Errorf("signed body %s does not extend %s", signed, unsigned)
		}
		// The sender's side: read the answer, take it apart, verify.
		r, err := wire.ReadResponse(signed)
		if err != nil {
			t.Fatal(err)
		}
		body, value, err := wire.SplitCounterSignature(signed)
		if err != nil || !bytes.Equal(body, unsigned) || value != r.CounterSignature {
			t.Fatalf("split into %s %q, %v", body, value, err)
		}
		cs, err := wire.ParseCounterSignature(value)
		if err != nil {
			t.Fatal(err)
		}
		if cs.SubscriberID != "bpp.solar-coop.example" || cs.UniqueKeyID != "key-1" || cs.Algorithm != "ed25519" || cs.String() != value {
			t.Errorf("parsed as %+v", cs)
		}
		msg := wire.CounterSigningString(cs.Created, cs.Expires, body, request, req.Context.MessageID)
		if !ed25519.Verify(pub, msg, cs.Signature) {
			t.Error("the counter-signature does not verify")
		}
		// Bound to the request: another body or message id does not verify.
		if ed25519.Verify(pub, wire.CounterSigningString(cs.Created, cs.Expires, body, append(request, ' '), req.Context.MessageID), cs.Signature) ||
			ed25519.Verify(pub, wire.CounterSigningString(cs.Created, cs.Expires, body, request, "other"), cs.Signature) {
			t.Error("the counter-signature verifies for another request")
		}
	}
}

func TestCounterSigningString(t *testing.T) {
	ack, request := []byte(`{"status":"ACK"}`), []byte(`{"context":{}}`)
	got := string(wire.CounterSigningString(1, 2, ack, request, "m-1"))
	want := "(created): 1\n(expires): 2\ndigest: BLAKE-512=" + beckn.EncodeDigest(beckn.Digest(ack)) +
		"\n(request-digest): BLAKE-512=" + beckn.EncodeDigest(beckn.Digest(request)) + "\n(message-id): m-1"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestSplitCounterSignatureAnywhere(t *testing.T) {
	for _, tc := range []struct{ signed, unsigned string }{
		{`{"status":"ACK","signature":"S"}`, `{"status":"ACK"}`},
		{`{"signature":"S","status":"ACK"}`, `{"status":"ACK"}`},
		{`{ "status" : "NACK" , "signature" : "S" , "error" : {} }`, `{ "status" : "NACK" , "error" : {} }`},
		{`{"signature":"S"}`, `{}`},
	} {
		body, sig, err := wire.SplitCounterSignature([]byte(tc.signed))
		if err != nil || string(body) != tc.unsigned || sig != "S" {
			t.Errorf("%s: %s %q %v", tc.signed, body, sig, err)
		}
	}
	for _, bad := range []string{`{"status":"ACK"}`, `{"signature":1}`, `[]`, `{"signature":"a","signature":"b"}`, `nope`} {
		if _, _, err := wire.SplitCounterSignature([]byte(bad)); err == nil {
			t.Errorf("%s split", bad)
		}
	}
}

func TestAttachCounterSignatureRefuses(t *testing.T) {
	for _, bad := range []string{`{"status":"ACK","signature":"x"}`, `{"status":"ACK","Signature":"x"}`, `[]`, ``, `{"status":`} {
		if out, err := wire.AttachCounterSignature([]byte(bad), "S"); err == nil {
			t.Errorf("%s: attached as %s", bad, out)
		}
	}
	out, err := wire.AttachCounterSignature([]byte("{}\n"), `a"b`)
	if err != nil || string(out) != `{"signature":"a\"b"}` {
		t.Errorf("%s %v", out, err)
	}
}

func TestParseCounterSignatureRefuses(t *testing.T) {
	good := wire.CounterSignature{SubscriberID: "bpp.example", UniqueKeyID: "k1", Algorithm: "ed25519",
		Created: 100, Expires: 160, Signature: bytes.Repeat([]byte{1}, 64)}.String()
	if _, err := wire.ParseCounterSignature(good); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, value, says string }{
		{"scheme", strings.Replace(good, "Signature ", "Sig ", 1), "must start"},
		{"space after comma", strings.Replace(good, `,algorithm`, `, algorithm`, 1), `algorithm="..." expected`},
		{"order", strings.Replace(good, `keyId=`, `keyid=`, 1), "keyId="},
		{"keyId parts", strings.Replace(good, `bpp.example|k1|`, `bpp.example|`, 1), "subscriber|key|algorithm"},
		{"algorithm", strings.ReplaceAll(good, `ed25519`, `rsa`), "ed25519 only"},
		{"keyId algorithm differs", strings.Replace(good, `|ed25519"`, `|rsa"`, 1), "ed25519 only"},
		{"created", strings.Replace(good, `created="100"`, `created="0"`, 1), "created"},
		{"expires before created", strings.Replace(good, `expires="160"`, `expires="100"`, 1), "expires"},
		{"request headers", strings.Replace(good, wire.CounterSignatureHeaders, "(created) (expires) digest", 1), "headers"},
		{"signature size", good[:len(good)-10] + `"`, "64 bytes"},
		{"trailing data", good + ",x", "after the signature"},
		{"unclosed", good[:len(good)-1], "not closed"},
	} {
		if _, err := wire.ParseCounterSignature(tc.value); err == nil || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%s: %v, want an error saying %q", tc.name, err, tc.says)
		}
	}
}
