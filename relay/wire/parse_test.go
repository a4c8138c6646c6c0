package wire_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/powershare/powershare/relay/wire"
)

type parseFailure struct {
	name     string
	action   string
	body     []byte
	path     string
	code     string
	dialect  wire.Dialect
	contains string
}

func bodyFailures(t *testing.T) []parseFailure {
	v1, v2 := wire.V1, wire.V2
	deep := `{"context":{},"message":` + strings.Repeat("[", 70) + strings.Repeat("]", 70) + `}`
	var wide strings.Builder
	wide.WriteString(`{"context":{"version":"2.0.0"},"message":{`)
	for i := range 20 {
		wide.WriteString(`"k` + string(rune('a'+i)) + `":1,`)
	}
	wide.WriteString("\"kWh\":1,\"\u212aWh\":2}}")
	return []parseFailure{
		{"empty body", "search", nil, "", wire.CodeInvalidRequest, v1, "empty"},
		{"white space only", "search", []byte(" \n\t"), "", wire.CodeInvalidRequest, v1, "empty"},
		{"not JSON", "search", []byte("search?q=solar"), "", wire.CodeInvalidRequest, v1, "no valid JSON"},
		{"truncated", "select", wiretestPrefix(v1, "select", 100), "context.location.city", wire.CodeInvalidRequest, v1, "no valid JSON"},
		{"truncated v2 guessed", "select", wiretestPrefix(v2, "select", 200), "context.bapUri", wire.CodeInvalidRequest, v2, "no valid JSON"},
		{"array", "search", []byte(`[{"context":{}}]`), "", wire.CodeInvalidRequest, v1, "JSON object"},
		{"string", "search", []byte(`"ACK"`), "", wire.CodeInvalidRequest, v1, "JSON object"},
		{"not UTF-8", "search", []byte("{\"context\":{\"domain\":\"\xff\"}}"), "", wire.CodeInvalidRequest, v1, "UTF-8"},
		{"data after the object", "search", append(wiretestBody(v1, "search"), []byte(`{}`)...), "", wire.CodeInvalidRequest, v1, "after the JSON value"},
		{"control character in a string", "search", []byte("{\"context\":{\"domain\":\"a\nb\"}}"), "context.domain", wire.CodeInvalidRequest, v1, "control character"},
		{"bad escape", "search", []byte(`{"context":{"domain":"\x"}}`), "context.domain", wire.CodeInvalidRequest, v1, "escape"},
		{"bad number", "search", []byte(`{"context":{"ttl":01}}`), "context", wire.CodeInvalidRequest, v1, "no valid JSON"},
		{"nested too deep", "search", []byte(deep), "message" + strings.Repeat("[0]", 63), wire.CodeInvalidRequest, v1, "deeper than 64"},
		{"duplicate top-level key", "select",
			[]byte(`{"context":{"version":"1.1.1"},"context":{"version":"1.1.1"},"message":{}}`), "context", wire.CodeInvalidRequest, v1, "appears twice"},
		{"duplicate key in the message", "confirm",
			replaceOnce(t, v1, "confirm", `"value":"150000"`, `"value":"150000","value":"1"`),
			"message.order.items[0].price.value", wire.CodeInvalidRequest, v1, "appears twice"},
		{"keys differing in case", "confirm",
			replaceOnce(t, v1, "confirm", `"value":"150000"`, `"value":"150000","VALUE":"1"`),
			"message.order.items[0].price.VALUE", wire.CodeInvalidRequest, v1, "differ only in case"},
		{"escaped duplicate of a context key", "select",
			replaceOnce(t, v1, "select", `"bap_id":`, `"bap\u005fid":"evil.example","bap_id":`),
			"context.bap_id", wire.CodeInvalidRequest, v1, "appears twice"},
		{"Kelvin sign folds onto K in a large object", "discover", []byte(wide.String()),
			"message[\"\u212aWh\"]", wire.CodeInvalidRequest, v2, "differ only in case"},
		{"v2 ambiguity refused in the v2 dialect", "select",
			replaceOnce(t, v2, "select", `"bapId":`, `"bapid":"x","bapId":`),
			"context.bapId", wire.CodeInvalidRequest, v2, "differ only in case"},
	}
}

func wiretestBody(d wire.Dialect, a string) []byte { return append([]byte(nil), sampleBody(d, a)...) }

func wiretestPrefix(d wire.Dialect, a string, n int) []byte { return sampleBody(d, a)[:n] }

func contextFailures(t *testing.T) []parseFailure {
	v1, v2 := wire.V1, wire.V2
	del := func(d wire.Dialect, a string, keys ...string) []byte {
		return edit(t, d, a, func(b map[string]any) {
			for _, k := range keys {
				delete(ctxOf(b), k)
			}
		})
	}
	set := func(d wire.Dialect, a, k string, v any) []byte {
		return edit(t, d, a, func(b map[string]any) { ctxOf(b)[k] = v })
	}
	return []parseFailure{
		{"no context", "search", edit(t, v1, "search", func(b map[string]any) { delete(b, "context") }), "context", wire.CodeInvalidRequest, v1, "is required"},
		{"context not an object", "search", edit(t, v1, "search", func(b map[string]any) { b["context"] = "1.1.1" }), "context", wire.CodeInvalidRequest, v1, "must be an object"},
		{"Context miscased", "search", []byte(`{"Context":{"version":"1.1.1"},"message":{}}`), "Context", wire.CodeInvalidRequest, v1, `must be spelled "context"`},
		{"v1 version missing", "select", del(v1, "select", "version"), "context.version", wire.CodeInvalidRequest, v1, "is required"},
		{"v2 version missing, camelCase tells", "select", del(v2, "select", "version"), "context.version", wire.CodeContextInvalid, v2, "is required"},
		{"v1 unknown version", "select", set(v1, "select", "version", "1.0.0"), "context.version", wire.CodeInvalidRequest, v1, "not a version"},
		{"v2 unknown version", "select", set(v2, "select", "version", "2.1.0"), "context.version", wire.CodeVersionNotSupported, v2, "not a version"},
		{"version a number", "select", set(v1, "select", "version", 1.1), "context.version", wire.CodeInvalidRequest, v1, "must be a string"},
		{"v1 posted to a v2 endpoint", "discover", sampleBody(v1, "search"), "", wire.CodeActionNotApplicable, v1, "no action of Beckn 1.1.1"},
		{"v2 posted to a v1 endpoint", "rating", sampleBody(v2, "rate"), "", wire.CodeActionNotApplicable, v2, "no action of Beckn 2.0.0"},
		{"unknown endpoint", "quote", sampleBody(v1, "select"), "", wire.CodeActionNotApplicable, v1, `endpoint "quote" is no action`},
		{"v1 action differs from the path", "select", sampleBody(v1, "init"), "context.action", wire.CodeInvalidRequest, v1, "posted to /select"},
		{"v2 action differs from the path", "on_select", sampleBody(v2, "select"), "context.action", wire.CodeContextInvalid, v2, "posted to /on_select"},
		{"action missing", "select", del(v1, "select", "action"), "context.action", wire.CodeInvalidRequest, v1, "is required"},
		{"v1 bap_id missing", "select", del(v1, "select", "bap_id"), "context.bap_id", wire.CodeInvalidRequest, v1, "is required"},
		{"v2 bapId missing", "select", del(v2, "select", "bapId"), "context.bapId", wire.CodeContextInvalid, v2, "is required"},
		{"bap_id empty", "confirm", set(v1, "confirm", "bap_id", ""), "context.bap_id", wire.CodeInvalidRequest, v1, "must not be empty"},
		{"bap_id null", "confirm", set(v1, "confirm", "bap_id", nil), "context.bap_id", wire.CodeInvalidRequest, v1, "is required"},
		{"bap_id a number", "confirm", set(v1, "confirm", "bap_id", 7), "context.bap_id", wire.CodeInvalidRequest, v1, "must be a string"},
		{"bap_id with the keyId separator", "confirm", set(v1, "confirm", "bap_id", "bap|evil"), "context.bap_id", wire.CodeInvalidRequest, v1, "must not contain |"},
		{"bap_id with a space", "confirm", set(v1, "confirm", "bap_id", "bap powershare"), "context.bap_id", wire.CodeInvalidRequest, v1, "white space"},
		{"bap_uri missing", "search", del(v1, "search", "bap_uri"), "context.bap_uri", wire.CodeInvalidRequest, v1, "is required"},
		{"bap_uri relative", "search", set(v1, "search", "bap_uri", "/beckn"), "context.bap_uri", wire.CodeInvalidRequest, v1, "absolute http"},
		{"bap_uri not http", "search", set(v1, "search", "bap_uri", "ftp://bap.example/beckn"), "context.bap_uri", wire.CodeInvalidRequest, v1, "absolute http"},
		{"bapUri without host", "discover", set(v2, "discover", "bapUri", "https:///beckn"), "context.bapUri", wire.CodeContextInvalid, v2, "host"},
		{"bap_uri with user info", "search", set(v1, "search", "bap_uri", "https://u:p@bap.example/beckn"), "context.bap_uri", wire.CodeInvalidRequest, v1, "user"},
		{"v1 bpp_id missing from select", "select", del(v1, "select", "bpp_id"), "context.bpp_id", wire.CodeInvalidRequest, v1, "is required"},
		{"v2 bppUri missing from confirm", "confirm", del(v2, "confirm", "bppUri"), "context.bppUri", wire.CodeContextInvalid, v2, "is required"},
		{"on_search needs its bpp", "on_search", del(v1, "on_search", "bpp_id", "bpp_uri"), "context.bpp_id", wire.CodeInvalidRequest, v1, "is required"},
		{"on_discover needs its bpp", "on_discover", del(v2, "on_discover", "bppId", "bppUri"), "context.bppId", wire.CodeContextInvalid, v2, "is required"},
		{"search with bpp_id but no bpp_uri", "search", set(v1, "search", "bpp_id", "bpp.example"), "context.bpp_uri", wire.CodeInvalidRequest, v1, "together"},
		{"transaction_id missing", "init", del(v1, "init", "transaction_id"), "context.transaction_id", wire.CodeInvalidRequest, v1, "is required"},
		{"messageId with white space", "init", set(v2, "init", "messageId", "msg 1"), "context.messageId", wire.CodeContextInvalid, v2, "white space"},
		{"message_id too long", "init", set(v1, "init", "message_id", strings.Repeat("m", 256)), "context.message_id", wire.CodeInvalidRequest, v1, "255"},
		{"timestamp missing", "status", del(v1, "status", "timestamp"), "context.timestamp", wire.CodeInvalidRequest, v1, "is required"},
		{"timestamp not RFC 3339", "status", set(v1, "status", "timestamp", "2026-05-04 09:00:00Z"), "context.timestamp", wire.CodeInvalidRequest, v1, "RFC 3339"},
		{"timestamp without offset", "status", set(v2, "status", "timestamp", "2026-05-04T09:00:00"), "context.timestamp", wire.CodeContextInvalid, v2, "RFC 3339"},
		{"ttl in Go syntax", "track", set(v1, "track", "ttl", "30s"), "context.ttl", wire.CodeInvalidRequest, v1, "ISO 8601"},
		{"ttl in months", "track", set(v1, "track", "ttl", "P1M"), "context.ttl", wire.CodeInvalidRequest, v1, "months"},
		{"ttl without components", "track", set(v2, "track", "ttl", "PT"), "context.ttl", wire.CodeContextInvalid, v2, "ISO 8601"},
		{"ttl a number", "track", set(v2, "track", "ttl", 30), "context.ttl", wire.CodeContextInvalid, v2, "must be a string"},
		{"both spellings of one field", "select",
			replaceOnce(t, v1, "select", `"bap_uri":`, `"bapId":"other.example","bap_uri":`), "context.bapId", wire.CodeInvalidRequest, v1, "given twice"},
		{"a field miscased", "select",
			replaceOnce(t, v1, "select", `"bap_id":`, `"BAP_ID":`), "context.BAP_ID", wire.CodeInvalidRequest, v1, `"bap_id" or "bapId"`},
		{"camelCase miscased", "select",
			replaceOnce(t, v2, "select", `"bapId":`, `"BapId":`), "context.BapId", wire.CodeContextInvalid, v2, `"bapId" or "bap_id"`},
		{"location not an object", "search", set(v1, "search", "location", "BLR"), "context.location", wire.CodeInvalidRequest, v1, "must be an object"},
		{"city code a number", "search", set(v1, "search", "location", map[string]any{"city": map[string]any{"code": 80}}), "context.location.city.code", wire.CodeInvalidRequest, v1, "must be a string"},
		{"domain with white space", "search", set(v1, "search", "domain", "energy trade"), "context.domain", wire.CodeInvalidRequest, v1, "white space"},
		{"try not a boolean", "update", set(v2, "update", "try", "yes"), "context.try", wire.CodeContextInvalid, v2, "true or false"},
		{"schemaContext not absolute", "select", set(v2, "select", "schemaContext", []any{"context.jsonld"}), "context.schemaContext[0]", wire.CodeContextInvalid, v2, "absolute URI"},
		{"schemaContext element not a string", "select", set(v2, "select", "schemaContext", []any{1}), "context.schemaContext[0]", wire.CodeContextInvalid, v2, "must be a string"},
		{"requestDigest malformed", "on_select", set(v2, "on_select", "requestDigest", map[string]any{"digest": "BLAKE-512=abc"}), "context.requestDigest.digest", wire.CodeContextInvalid, v2, "64-byte"},
		{"requestDigest without digest", "on_select", set(v2, "on_select", "requestDigest", map[string]any{}), "context.requestDigest.digest", wire.CodeContextInvalid, v2, "is required"},
		{"context with too many members", "select", edit(t, v1, "select", func(b map[string]any) {
			for i := range 60 {
				ctxOf(b)["x-"+strings.Repeat("k", i+1)] = i
			}
		}), "context", wire.CodeInvalidRequest, v1, "more than 64"},
		{"networkId with a control character", "select", set(v2, "select", "networkId", "net\u0007"), "context.networkId", wire.CodeContextInvalid, v2, "control"},
	}
}

func messageFailures(t *testing.T) []parseFailure {
	v1, v2 := wire.V1, wire.V2
	setMsg := func(d wire.Dialect, a string, msg any) []byte {
		return edit(t, d, a, func(b map[string]any) { b["message"] = msg })
	}
	change := func(d wire.Dialect, a string, f func(msg map[string]any)) []byte {
		return edit(t, d, a, func(b map[string]any) { f(at(b, "message")) })
	}
	return []parseFailure{
		{"v1 request without message", "select", edit(t, v1, "select", func(b map[string]any) { delete(b, "message") }), "message", wire.CodeInvalidRequest, v1, "is required"},
		{"v2 callback without message", "on_select", edit(t, v2, "on_select", func(b map[string]any) { delete(b, "message") }), "message", wire.CodeInvalidRequest, v2, "is required"},
		{"message not an object", "select", setMsg(v1, "select", []any{}), "message", wire.CodeInvalidRequest, v1, "must be an object"},
		{"message miscased", "select", replaceOnce(t, v1, "select", `"message":`, `"Message":`), "Message", wire.CodeInvalidRequest, v1, `spelled "message"`},
		{"v1 select without order", "select", setMsg(v1, "select", map[string]any{}), "message.order", wire.CodeInvalidRequest, v1, "is required"},
		{"v1 order an array", "init", setMsg(v1, "init", map[string]any{"order": []any{}}), "message.order", wire.CodeInvalidRequest, v1, "must be an object"},
		{"v1 order miscased", "confirm", replaceOnce(t, v1, "confirm", `"order":`, `"Order":`), "message.Order", wire.CodeInvalidRequest, v1, `spelled "order"`},
		{"v1 status without order_id", "status", setMsg(v1, "status", map[string]any{}), "message.order_id", wire.CodeInvalidRequest, v1, "is required"},
		{"v1 track with empty order_id", "track", change(v1, "track", func(m map[string]any) { m["order_id"] = "" }), "message.order_id", wire.CodeInvalidRequest, v1, "must not be empty"},
		{"v1 track callback_url relative", "track", change(v1, "track", func(m map[string]any) { m["callback_url"] = "/track" }), "message.callback_url", wire.CodeInvalidRequest, v1, "absolute"},
		{"v1 cancel order_id a number", "cancel", change(v1, "cancel", func(m map[string]any) { m["order_id"] = 42 }), "message.order_id", wire.CodeInvalidRequest, v1, "must be a string"},
		{"v1 update without update_target", "update", change(v1, "update", func(m map[string]any) { delete(m, "update_target") }), "message.update_target", wire.CodeInvalidRequest, v1, "is required"},
		{"v1 rating without ratings", "rating", setMsg(v1, "rating", map[string]any{"ratings": []any{}}), "message.ratings", wire.CodeInvalidRequest, v1, "must not be empty"},
		{"v1 rating of a number", "rating", setMsg(v1, "rating", map[string]any{"ratings": []any{5}}), "message.ratings[0]", wire.CodeInvalidRequest, v1, "must be an object"},
		{"v1 search intent a string", "search", setMsg(v1, "search", map[string]any{"intent": "solar"}), "message.intent", wire.CodeInvalidRequest, v1, "must be an object"},
		{"v1 on_search without catalog", "on_search", setMsg(v1, "on_search", map[string]any{}), "message.catalog", wire.CodeInvalidRequest, v1, "is required"},
		{"v1 on_track without tracking", "on_track", setMsg(v1, "on_track", map[string]any{}), "message.tracking", wire.CodeInvalidRequest, v1, "is required"},
		{"v1 callback with neither message nor error", "on_confirm", edit(t, v1, "on_confirm", func(b map[string]any) { delete(b, "message") }), "message", wire.CodeInvalidRequest, v1, "is required"},
		{"v1 callback error not an object", "on_confirm", edit(t, v1, "on_confirm", func(b map[string]any) { b["error"] = "out of energy" }), "error", wire.CodeInvalidRequest, v1, "must be an object"},
		{"v2 order instead of contract", "select", setMsg(v2, "select", map[string]any{"order": map[string]any{}}), "message.order", wire.CodeInvalidRequest, v2, "message.contract"},
		{"v2 select without contract", "select", setMsg(v2, "select", map[string]any{}), "message.contract", wire.CodeInvalidRequest, v2, "is required"},
		{"v2 commitments empty", "init", change(v2, "init", func(m map[string]any) { at(m, "contract")["commitments"] = []any{} }), "message.contract.commitments", wire.CodeInvalidRequest, v2, "must not be empty"},
		{"v2 commitment without offer", "confirm", change(v2, "confirm", func(m map[string]any) {
			delete(at(m, "contract")["commitments"].([]any)[0].(map[string]any), "offer")
		}), "message.contract.commitments[0].offer", wire.CodeInvalidRequest, v2, "is required"},
		{"v2 resource without id", "on_confirm", change(v2, "on_confirm", func(m map[string]any) {
			cm := at(m, "contract")["commitments"].([]any)[0].(map[string]any)
			delete(cm["resources"].([]any)[0].(map[string]any), "id")
		}), "message.contract.commitments[0].resources[0].id", wire.CodeInvalidRequest, v2, "is required"},
		{"v2 offer id empty", "on_select", change(v2, "on_select", func(m map[string]any) {
			at(m, "contract")["commitments"].([]any)[0].(map[string]any)["offer"].(map[string]any)["id"] = ""
		}), "message.contract.commitments[0].offer.id", wire.CodeInvalidRequest, v2, "must not be empty"},
		{"v2 status without contract id", "status", setMsg(v2, "status", map[string]any{"contract": map[string]any{}}), "message.contract.id", wire.CodeInvalidRequest, v2, "is required"},
		{"v2 cancel without contract", "cancel", setMsg(v2, "cancel", map[string]any{}), "message.contract", wire.CodeInvalidRequest, v2, "is required"},
		{"v2 track without contract", "track", setMsg(v2, "track", map[string]any{"tracking": map[string]any{}}), "message.tracking.contract", wire.CodeInvalidRequest, v2, "is required"},
		{"v2 on_track with unknown status", "on_track", change(v2, "on_track", func(m map[string]any) { at(m, "tracking")["status"] = "RUNNING" }), "message.tracking.status", wire.CodeInvalidRequest, v2, "ACTIVE or INACTIVE"},
		{"v2 on_track url relative", "on_track", change(v2, "on_track", func(m map[string]any) { at(m, "tracking")["url"] = "live" }), "message.tracking.url", wire.CodeInvalidRequest, v2, "absolute"},
		{"v2 rate input without range", "rate", change(v2, "rate", func(m map[string]any) {
			delete(m["ratingInputs"].([]any)[1].(map[string]any), "range")
		}), "message.ratingInputs[1].range", wire.CodeInvalidRequest, v2, "is required"},
		{"v2 rate with v1 ratings", "rate", setMsg(v2, "rate", map[string]any{"ratings": []any{}}), "message.ratingInputs", wire.CodeInvalidRequest, v2, "is required"},
		{"v2 on_rate without ratings", "on_rate", setMsg(v2, "on_rate", map[string]any{}), "message.ratings", wire.CodeInvalidRequest, v2, "is required"},
		{"v2 discover without intent", "discover", setMsg(v2, "discover", map[string]any{"textSearch": "solar"}), "message.intent", wire.CodeInvalidRequest, v2, "is required"},
		{"v2 on_discover catalogs an object", "on_discover", setMsg(v2, "on_discover", map[string]any{"catalogs": map[string]any{}}), "message.catalogs", wire.CodeInvalidRequest, v2, "must be an array"},
		{"v2 support without support", "support", setMsg(v2, "support", map[string]any{}), "message.support", wire.CodeInvalidRequest, v2, "is required"},
	}
}

func TestParseRefuses(t *testing.T) {
	groups := map[string][]parseFailure{"body": bodyFailures(t), "context": contextFailures(t), "message": messageFailures(t)}
	for _, group := range []string{"body", "context", "message"} {
		for _, tc := range groups[group] {
			t.Run(group+"/"+tc.name, func(t *testing.T) {
				req, err := wire.Parse(tc.action, tc.body)
				if err == nil {
					t.Fatalf("accepted: %+v", req.Context)
				}
				if req != nil {
					t.Errorf("a request came back with the error")
				}
				if err.Path != tc.path || err.Code != tc.code || err.Dialect != tc.dialect {
					t.Errorf("got path %q code %s dialect %v, want path %q code %s dialect %v (%s)",
						err.Path, err.Code, err.Dialect, tc.path, tc.code, tc.dialect, err.Message)
				}
				if err.HTTPStatus != http.StatusBadRequest {
					t.Errorf("status %d, want 400", err.HTTPStatus)
				}
				if !strings.Contains(err.Message, tc.contains) {
					t.Errorf("message %q does not say %q", err.Message, tc.contains)
				}
				if want := tc.path + ": " + err.Message; tc.path != "" && err.Error() != want {
					t.Errorf("Error() = %q, want %q", err.Error(), want)
				}
			})
		}
	}
}

func TestParseAcceptsBothCasingsInBothDialects(t *testing.T) {
	snakeToCamel := map[string]string{
		"bap_id": "bapId", "bap_uri": "bapUri", "bpp_id": "bppId", "bpp_uri": "bppUri",
		"transaction_id": "transactionId", "message_id": "messageId", "network_id": "networkId",
	}
	for _, tc := range []struct {
		d      wire.Dialect
		action string
		rename map[string]string
	}{
		{wire.V1, "confirm", snakeToCamel},
		{wire.V2, "confirm", invert(snakeToCamel)},
		{wire.V1, "on_search", snakeToCamel},
		{wire.V2, "discover", invert(snakeToCamel)},
	} {
		t.Run(tc.d.String()+"/"+tc.action, func(t *testing.T) {
			want, perr := wire.Parse(tc.action, sampleBody(tc.d, tc.action))
			if perr != nil {
				t.Fatal(perr)
			}
			// All keys in the other casing, then only half of them.
			for _, half := range []bool{false, true} {
				n := 0
				body := edit(t, tc.d, tc.action, func(b map[string]any) {
					ctx := ctxOf(b)
					for from, to := range tc.rename {
						if v, ok := ctx[from]; ok && (!half || n%2 == 0) {
							delete(ctx, from)
							ctx[to] = v
							n++
						}
					}
				})
				got, perr := wire.Parse(tc.action, body)
				if perr != nil {
					t.Fatalf("half=%v: %v", half, perr)
				}
				if !sameContext(got.Context, want.Context) {
					t.Errorf("half=%v: %+v, want %+v", half, got.Context, want.Context)
				}
			}
		})
	}
}

func invert(m map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[v] = k
	}
	return out
}

func TestParseReadsTheContext(t *testing.T) {
	req, err := wire.Parse("on_confirm", sampleBody(wire.V2, "on_confirm"))
	if err != nil {
		t.Fatal(err)
	}
	c := req.Context
	if c.Dialect != wire.V2 || c.Version != "2.0.0" || c.Action != "on_confirm" || c.Domain != "deg:p2p-trading" ||
		c.Country != "IND" || c.City != "std:080" || c.BapID != "bap.powershare.example" ||
		c.BppURI != "https://bpp.solar-coop.example/beckn" || c.TransactionID != "7c1f3e52-9a4b-4d0e-8f61-2b5a9c7d3e10" ||
		c.MessageID != "3e9c5a64-6f7b-4d8b-8c4a-9b5db07f4e04" || c.NetworkID != "powershare.example/p2p-energy" ||
		c.TTL.Seconds() != 30 || c.Timestamp.Format("2006-01-02T15:04:05.000Z07:00") != "2026-05-04T09:07:35.127Z" {
		t.Errorf("context read as %+v", c)
	}
	if c.Sender() != "bpp.solar-coop.example" || c.Receiver() != "bap.powershare.example" {
		t.Errorf("callback sender %q receiver %q", c.Sender(), c.Receiver())
	}
	if !c.Expires().Equal(c.Timestamp.Add(c.TTL)) {
		t.Errorf("expires %v", c.Expires())
	}
	if string(req.Raw) != string(sampleBody(wire.V2, "on_confirm")) {
		t.Error("Raw is not the body")
	}
	if !strings.HasPrefix(string(req.Message), `{"contract":{"id":"5d0b8e21`) || !strings.HasSuffix(string(req.Message), "}") {
		t.Errorf("message %s", req.Message)
	}
}

func TestParseKeepsTheMessageBytes(t *testing.T) {
	body := []byte(`{"context":{"action":"status","version":"1.1.1","bap_id":"b","bap_uri":"http://b/x","bpp_id":"p","bpp_uri":"http://p/y",` +
		`"transaction_id":"t","message_id":"m","timestamp":"2026-05-04T09:00:00+05:30"} , "message" : { "order_id" : "o-1" ,"x":[1.50e+2, "\u00e9"]} }`)
	req, err := wire.Parse("status", body)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(req.Message); got != `{ "order_id" : "o-1" ,"x":[1.50e+2, "\u00e9"]}` {
		t.Errorf("message %s", got)
	}
	if req.Context.Timestamp.Format("15:04Z07:00") != "03:30Z" || req.Context.TTL != 0 || !req.Context.Expires().IsZero() {
		t.Errorf("timestamp %v ttl %v", req.Context.Timestamp, req.Context.TTL)
	}
	if req.Context.Sender() != "b" || req.Context.Receiver() != "p" {
		t.Errorf("request sender %q receiver %q", req.Context.Sender(), req.Context.Receiver())
	}
}

func TestParseTakesAV1CallbackCarryingOnlyAnError(t *testing.T) {
	body := edit(t, wire.V1, "on_select", func(b map[string]any) {
		delete(b, "message")
		b["error"] = map[string]any{"code": "40002", "message": "only 8 kWh left in the window"}
	})
	req, err := wire.Parse("on_select", body)
	if err != nil {
		t.Fatal(err)
	}
	if req.Message != nil || string(req.Error) != `{"code":"40002","message":"only 8 kWh left in the window"}` {
		t.Errorf("message %s error %s", req.Message, req.Error)
	}
}

func TestParseIgnoresV2FieldsInV1(t *testing.T) {
	body := edit(t, wire.V1, "select", func(b map[string]any) {
		ctx := ctxOf(b)
		ctx["networkId"], ctx["try"], ctx["schemaContext"] = "net/x", true, []any{"https://s.example/c.jsonld"}
	})
	req, err := wire.Parse("select", body)
	if err != nil {
		t.Fatal(err)
	}
	if req.Context.NetworkID != "" || req.Context.Try || req.Context.SchemaContext != nil {
		t.Errorf("v2 fields read into a v1 context: %+v", req.Context)
	}
}

func TestParseAcceptsDiscoveryWithoutBPP(t *testing.T) {
	for _, tc := range []struct {
		d wire.Dialect
		a string
	}{{wire.V1, "search"}, {wire.V2, "discover"}} {
		req, err := wire.Parse(tc.a, sampleBody(tc.d, tc.a))
		if err != nil {
			t.Fatalf("%v: %v", tc.d, err)
		}
		if req.Context.BppID != "" || req.Context.Receiver() != "" || req.Context.Sender() != "bap.powershare.example" {
			t.Errorf("%v: %+v", tc.d, req.Context)
		}
	}
}
