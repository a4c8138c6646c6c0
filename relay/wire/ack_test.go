package wire_test

import (
	"net/http"
	"testing"

	"github.com/powershare/powershare/relay/wire"
)

func TestAckBodies(t *testing.T) {
	for _, tc := range []struct {
		d    wire.Dialect
		want string
	}{
		{wire.V1, `{"message":{"ack":{"status":"ACK"}}}`},
		{wire.V2, `{"status":"ACK"}`},
	} {
		status, body := wire.Ack(tc.d)
		if status != http.StatusOK || string(body) != tc.want {
			t.Errorf("%v: %d %s, want 200 %s", tc.d, status, body, tc.want)
		}
		body[0] = 'x' // a fresh copy each time: the next call is unaffected
		if _, again := wire.Ack(tc.d); string(again) != tc.want {
			t.Errorf("%v: Ack body shared between calls", tc.d)
		}
	}
}

func TestNackBodies(t *testing.T) {
	bad := &wire.Error{HTTPStatus: 400, Code: wire.CodeInvalidRequest, Path: "context.bap_id", Message: "is required (a string)"}
	for _, tc := range []struct {
		name   string
		d      wire.Dialect
		err    *wire.Error
		status int
		want   string
	}{
		{"v1 bad request", wire.V1, bad, 400,
			`{"message":{"ack":{"status":"NACK"}},"error":{"code":"30000","paths":"context.bap_id","message":"is required (a string)"}}`},
		{"v2 bad request", wire.V2, &wire.Error{HTTPStatus: 400, Code: wire.CodeContextInvalid, Path: "context.bapId", Message: "is required (a string)"}, 400,
			`{"status":"NACK","error":{"errorCode":"60005","errorMessage":"is required (a string)","errorDetails":{"path":"context.bapId"}}}`},
		{"v1 unauthorized", wire.V1, wire.Unauthorized(wire.V1, wire.CodeInvalidSignature, "signature: does not verify with key-1 of bap.example"), 401,
			`{"message":{"ack":{"status":"NACK"}},"error":{"code":"60001","message":"signature: does not verify with key-1 of bap.example"}}`},
		{"v2 unauthorized", wire.V2, wire.Unauthorized(wire.V2, wire.CodeExpiredSignature, "expires: 1767225600 is past"), 401,
			`{"status":"NACK","error":{"errorCode":"60002","errorMessage":"expires: 1767225600 is past"}}`},
		{"v1 no callback", wire.V1, wire.NoCallback(wire.V1, "40002", "no energy left in the window"), 200,
			`{"message":{"ack":{"status":"NACK"}},"error":{"code":"40002","message":"no energy left in the window"}}`},
		{"v2 no callback", wire.V2, wire.NoCallback(wire.V2, "40002", "no energy left in the window"), 409,
			`{"status":"ACK","error":{"errorCode":"40002","errorMessage":"no energy left in the window"}}`},
		{"v1 server error", wire.V1, wire.Internal(wire.V1, "store unavailable"), 500,
			`{"message":{"ack":{"status":"NACK"}},"error":{"message":"store unavailable"}}`},
		{"v2 server error", wire.V2, wire.Internal(wire.V2, "store unavailable"), 500,
			`{"error":{"errorMessage":"store unavailable"}}`},
		{"v2 nil error", wire.V2, nil, 500,
			`{"error":{"errorMessage":"the receiver failed to process the message"}}`},
		{"v1 replay", wire.V1, wire.Rejected(wire.V1, wire.CodeInvalidRequest, "context.message_id", "message id m-1 of bap.example seen already"), 400,
			`{"message":{"ack":{"status":"NACK"}},"error":{"code":"30000","paths":"context.message_id","message":"message id m-1 of bap.example seen already"}}`},
		{"v1 HTML-like text kept", wire.V1, &wire.Error{Code: "30000", Path: "message.order", Message: "<order> & more"}, 400,
			`{"message":{"ack":{"status":"NACK"}},"error":{"code":"30000","paths":"message.order","message":"<order> & more"}}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body := wire.Nack(tc.d, tc.err)
			if status != tc.status || string(body) != tc.want {
				t.Errorf("got %d %s\nwant %d %s", status, body, tc.status, tc.want)
			}
			r, err := wire.ReadResponse(body)
			if err != nil {
				t.Fatal(err)
			}
			if r.Dialect != tc.d || r.Acked() != (tc.d == wire.V2 && status == 409) {
				t.Errorf("read back as %+v", r)
			}
			if tc.err != nil && (r.Code != tc.err.Code || r.Path != tc.err.Path || r.Message != tc.err.Message) {
				t.Errorf("read back as %+v, want %+v", r, tc.err)
			}
		})
	}
}

func TestNackOfAParseError(t *testing.T) {
	_, perr := wire.Parse("select", []byte(`{"context":{"version":"2.0.0"},"message":{}}`))
	status, body := wire.Nack(perr.Dialect, perr)
	want := `{"status":"NACK","error":{"errorCode":"60005","errorMessage":"is required (a string)","errorDetails":{"path":"context.action"}}}`
	if status != 400 || string(body) != want {
		t.Errorf("got %d %s\nwant 400 %s", status, body, want)
	}
}

func TestNeedsCounterSignature(t *testing.T) {
	for _, tc := range []struct {
		d      wire.Dialect
		status int
		want   bool
	}{
		{wire.V2, 200, true}, {wire.V2, 400, true}, {wire.V2, 401, true}, {wire.V2, 409, true},
		{wire.V2, 500, false}, {wire.V2, 503, false}, {wire.V1, 200, false}, {wire.V1, 401, false},
	} {
		if got := wire.NeedsCounterSignature(tc.d, tc.status); got != tc.want {
			t.Errorf("%v %d: %v", tc.d, tc.status, got)
		}
	}
}

func TestReadResponse(t *testing.T) {
	for _, tc := range []struct {
		body string
		want wire.Response
	}{
		{`{"message":{"ack":{"status":"ACK"}}}`, wire.Response{Dialect: wire.V1, Status: "ACK"}},
		{`{"status":"ACK","signature":"Signature keyId=\"b|k|ed25519\""}`, wire.Response{Dialect: wire.V2, Status: "ACK", CounterSignature: `Signature keyId="b|k|ed25519"`}},
		{`{"error":{"errorCode":"x","errorMessage":"down"}}`, wire.Response{Dialect: wire.V2, Code: "x", Message: "down"}},
	} {
		got, err := wire.ReadResponse([]byte(tc.body))
		if err != nil || got != tc.want {
			t.Errorf("%s: %+v, %v", tc.body, got, err)
		}
	}
	for _, bad := range []string{
		``, `not json`, `[]`, `{}`, `{"message":{}}`, `{"message":{"ack":{"status":"MAYBE"}}}`,
		`{"status":"OK"}`, `{"status":"ACK","status":"NACK"}`, `{"message":{"ack":{"status":1}}}`,
	} {
		if r, err := wire.ReadResponse([]byte(bad)); err == nil {
			t.Errorf("%s read as %+v", bad, r)
		}
	}
}
