package wire

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/powershare/powershare/beckn"
)

// Beckn 2.0.0 (beckn.yaml, CounterSignature) makes every Ack a signed
// receipt: the receiver of a request signs, with its own registered key,
// a string binding its answer to the request, and puts the signature in
// the Ack body's "signature" member (not in a header). The value has the
// wire format of the Authorization header:
//
//	Signature keyId="{receiver subscriber id}|{key id}|ed25519",algorithm="ed25519",
//	created="{unix}",expires="{unix}",headers="(created) (expires) digest (request-digest) (message-id)",
//	signature="{base64 Ed25519 signature}"
//
// over the signing string
//
//	(created): {unix}
//	(expires): {unix}
//	digest: BLAKE-512={digest of the Ack body}
//	(request-digest): BLAKE-512={digest of the request body}
//	(message-id): {context.messageId of the request}
//
// The spec has the digest cover "the Ack response body", which cannot
// include the signature it is signed by; the relay reads it as the body
// without its signature member: the bytes Ack or Nack return, before
// AttachCounterSignature appends the member. SplitCounterSignature
// recovers those bytes from a received Ack to verify it.

// CounterSignatureHeaders is the headers parameter of a counter-signature.
const CounterSignatureHeaders = "(created) (expires) digest (request-digest) (message-id)"

// CounterSignature is the parsed "signature" member of a v2 Ack.
type CounterSignature struct {
	// SubscriberID and UniqueKeyID name the receiver's registry key.
	SubscriberID, UniqueKeyID string
	// Algorithm is "ed25519".
	Algorithm string
	// Created and Expires are unix seconds.
	Created, Expires int64
	// Signature is the Ed25519 signature of CounterSigningString.
	Signature []byte
}

// CounterSigningString is what the receiver signs for the Ack ack (the
// body without its signature member) to the request body request whose
// context.messageId is messageID ("" when the request was too broken to
// name one).
func CounterSigningString(created, expires int64, ack, request []byte, messageID string) []byte {
	return fmt.Appendf(nil, "(created): %d\n(expires): %d\ndigest: BLAKE-512=%s\n(request-digest): BLAKE-512=%s\n(message-id): %s",
		created, expires, beckn.EncodeDigest(beckn.Digest(ack)), beckn.EncodeDigest(beckn.Digest(request)), messageID)
}

// String is the value of the Ack's signature member.
func (cs CounterSignature) String() string {
	return fmt.Sprintf(`Signature keyId="%s|%s|%s",algorithm="%s",created="%d",expires="%d",headers="%s",signature="%s"`,
		cs.SubscriberID, cs.UniqueKeyID, cs.Algorithm, cs.Algorithm, cs.Created, cs.Expires,
		CounterSignatureHeaders, base64.StdEncoding.EncodeToString(cs.Signature))
}

// counterSignatureParams are the parameters in the order beckn.yaml's
// Signature pattern fixes.
var counterSignatureParams = []string{"keyId", "algorithm", "created", "expires", "headers", "signature"}

// ParseCounterSignature reads the signature member of a v2 Ack, in the
// strict form of beckn.yaml's Signature pattern: the parameters in order,
// quoted, comma-separated without spaces; headers exactly
// CounterSignatureHeaders; algorithm ed25519, as the keyId says; created
// before expires; a 64-byte base64 signature.
func ParseCounterSignature(s string) (CounterSignature, error) {
	rest, ok := strings.CutPrefix(s, "Signature ")
	if !ok {
		return CounterSignature{}, errors.New("counter-signature: must start with \"Signature \"")
	}
	vals := make([]string, len(counterSignatureParams))
	for i, name := range counterSignatureParams {
		if i > 0 {
			if rest, ok = strings.CutPrefix(rest, ","); !ok {
				return CounterSignature{}, fmt.Errorf("counter-signature: ',' expected before %s", name)
			}
		}
		if rest, ok = strings.CutPrefix(rest, name+`="`); !ok {
			return CounterSignature{}, fmt.Errorf("counter-signature: %s=\"...\" expected", name)
		}
		end := strings.IndexByte(rest, '"')
		if end < 0 {
			return CounterSignature{}, fmt.Errorf("counter-signature: %s is not closed", name)
		}
		vals[i], rest = rest[:end], rest[end+1:]
	}
	if rest != "" {
		return CounterSignature{}, errors.New("counter-signature: data after the signature parameter")
	}
	parts := strings.Split(vals[0], "|")
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
		return CounterSignature{}, errors.New("counter-signature: keyId must be subscriber|key|algorithm")
	}
	cs := CounterSignature{SubscriberID: parts[0], UniqueKeyID: parts[1], Algorithm: vals[1]}
	if cs.Algorithm != "ed25519" || parts[2] != cs.Algorithm {
		return CounterSignature{}, fmt.Errorf("counter-signature: algorithm %q (keyId says %q): ed25519 only", vals[1], parts[2])
	}
	var err error
	if cs.Created, err = strconv.ParseInt(vals[2], 10, 64); err != nil || cs.Created <= 0 {
		return CounterSignature{}, errors.New("counter-signature: created must be positive unix seconds")
	}
	if cs.Expires, err = strconv.ParseInt(vals[3], 10, 64); err != nil || cs.Expires <= cs.Created {
		return CounterSignature{}, errors.New("counter-signature: expires must be unix seconds after created")
	}
	if vals[4] != CounterSignatureHeaders {
		return CounterSignature{}, fmt.Errorf("counter-signature: headers must be %q", CounterSignatureHeaders)
	}
	if cs.Signature, err = base64.StdEncoding.Strict().DecodeString(vals[5]); err != nil || len(cs.Signature) != 64 {
		return CounterSignature{}, errors.New("counter-signature: signature must be the base64 of 64 bytes")
	}
	return cs, nil
}

// AttachCounterSignature appends the signature member to an Ack body
// from Ack or Nack: the bytes sent are ack without its closing brace, then
// ,"signature":"..."}.
func AttachCounterSignature(ack []byte, signature string) ([]byte, error) {
	trimmed := bytes.TrimRight(ack, " \t\r\n")
	t, root, syntaxErr, ambiguous := parseJSON(string(trimmed))
	if syntaxErr != nil || ambiguous != nil || root.kind != jsonObject {
		return nil, errors.New("counter-signature: the Ack body is no JSON object")
	}
	for _, m := range t.members(root) {
		if strings.EqualFold(t.key(m), "signature") {
			return nil, errors.New("counter-signature: the Ack body is signed already")
		}
	}
	value, err := marshal(signature)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(trimmed)+len(value)+16)
	out = append(out, trimmed[:len(trimmed)-1]...)
	if root.n > 0 {
		out = append(out, ',')
	}
	out = append(out, `"signature":`...)
	out = append(out, value...)
	return append(out, '}'), nil
}

// SplitCounterSignature takes a received v2 Ack apart into the body the
// receiver digested (the Ack without its signature member and the comma
// that joined it, every other byte kept) and the signature value.
func SplitCounterSignature(ack []byte) (unsigned []byte, signature string, err error) {
	text := string(ack)
	t, root, syntaxErr, ambiguous := parseJSON(text)
	if syntaxErr != nil || ambiguous != nil || root.kind != jsonObject {
		return nil, "", errors.New("counter-signature: the Ack body is no unambiguous JSON object")
	}
	members := t.members(root)
	for i, m := range members {
		if t.key(m) != "signature" {
			continue
		}
		v := t.val(m)
		if v.kind != jsonString {
			return nil, "", errors.New("counter-signature: the signature member must be a string")
		}
		// Cut from the comma before the member (or, for the first member,
		// through the comma after it) to the end of its value.
		from, to := t.node(m.key).start, v.end
		if i > 0 {
			from = t.val(members[i-1]).end
		} else if len(members) > 1 {
			to = t.node(members[1].key).start
		}
		unsigned = append(append([]byte(nil), ack[:from]...), ack[to:]...)
		return unsigned, t.text(v), nil
	}
	return nil, "", errors.New("counter-signature: the Ack has no signature member")
}
