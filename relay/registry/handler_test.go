package registry_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/powershare/powershare/relay/registry"
)

func postLookup(t *testing.T, h http.Handler, body string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/lookup", strings.NewReader(body)))
	return rec
}

func TestLookupHandlerReadsEveryFilter(t *testing.T) {
	tests := []struct {
		name, body string
		want       registry.Filter
	}{
		{"no filter", `{}`, registry.Filter{}},
		{"subscriber id", `{"subscriber_id":"bpp.example.org"}`, registry.Filter{SubscriberID: "bpp.example.org"}},
		{"type, any case", `{"type":"bpp"}`, registry.Filter{Type: registry.TypeBPP}},
		{"domain", `{"domain":"deg:p2p-trading"}`, registry.Filter{Domain: "deg:p2p-trading"}},
		{"status", `{"status":"SUBSCRIBED"}`, registry.Filter{Status: registry.StatusSubscribed}},
		{"country and city", `{"country":"IND","city":"std:080"}`, registry.Filter{Country: "IND", City: "std:080"}},
		{"location", `{"location":{"country":{"code":"IND"},"city":{"code":"std:080"}}}`, registry.Filter{Country: "IND", City: "std:080"}},
		{"location and agreeing top-level codes", `{"country":"IND","location":{"country":{"code":"IND"}}}`, registry.Filter{Country: "IND"}},
		{"key_id", `{"subscriber_id":"s","key_id":"k1"}`, registry.Filter{SubscriberID: "s", KeyID: "k1"}},
		{"unique_key_id", `{"subscriber_id":"s","unique_key_id":"k1"}`, registry.Filter{SubscriberID: "s", KeyID: "k1"}},
		{"ukId", `{"subscriber_id":"s","ukId":"k1"}`, registry.Filter{SubscriberID: "s", KeyID: "k1"}},
		{"every key id alias, agreeing", `{"key_id":"k1","unique_key_id":"k1","ukId":"k1"}`, registry.Filter{KeyID: "k1"}},
		{"nulls", `{"type":null,"location":null,"key_id":null,"ukId":"k1"}`, registry.Filter{KeyID: "k1"}},
		{"all together", `{"subscriber_id":"s","type":"BG","domain":"d","country":"IND","city":"c","ukId":"k","status":"expired"}`,
			registry.Filter{SubscriberID: "s", Type: registry.TypeBG, Domain: "d", Country: "IND", City: "c", KeyID: "k", Status: registry.StatusExpired}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			inner := newFake()
			rec := postLookup(t, registry.LookupHandler(inner, nil), tc.body)

			require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
			require.Equal(t, []registry.Filter{tc.want}, inner.filters)
			require.JSONEq(t, `[]`, rec.Body.String())
		})
	}
}

func TestLookupHandlerRefusesBadRequests(t *testing.T) {
	tests := []struct {
		name, body string
		path, says string
	}{
		{"not JSON", `subscriber_id=x`, "", "must be a JSON object"},
		{"an array", `[{"subscriber_id":"x"}]`, "", "must be a JSON object"},
		{"two objects", `{}{}`, "", "nothing after it"},
		{"truncated", `{"type":"BPP"`, "", "not valid JSON"},
		{"an unknown filter", `{"subscriber_id":"x","signing_public_key":"abc"}`, "signing_public_key", "not a /lookup filter"},
		{"a filter in another case", `{"Subscriber_ID":"x"}`, "Subscriber_ID", "not a /lookup filter"},
		{"a repeated filter", `{"type":"BPP","type":"BAP"}`, "", `holds "type" twice`},
		{"a number", `{"subscriber_id":42}`, "subscriber_id", "must be a string"},
		{"an unknown type", `{"type":"BPX"}`, "type", `type "BPX" is not one of BAP, BPP, BG`},
		{"an unknown status", `{"status":"ACTIVE"}`, "status", `status "ACTIVE" is not one of`},
		{"disagreeing key ids", `{"key_id":"k1","ukId":"k2"}`, "ukId", `key_id "k1" and ukId "k2" disagree`},
		{"disagreeing countries", `{"country":"IND","location":{"country":{"code":"DEU"}}}`, "location.country.code", "disagree"},
		{"a location filter we lack", `{"location":{"gps":"1,2"}}`, "location.gps", "not a /lookup filter"},
		{"a city name", `{"location":{"city":{"name":"Bengaluru"}}}`, "location.city.name", "not a /lookup filter"},
		{"a location that is no object", `{"location":"IND"}`, "location", "must be a JSON object"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			inner := newFake()
			rec := postLookup(t, registry.LookupHandler(inner, nil), tc.body)

			require.Equal(t, http.StatusBadRequest, rec.Code)
			require.Equal(t, "application/json", rec.Header().Get("Content-Type"))
			var e struct {
				Error struct{ Code, Path, Message string } `json:"error"`
			}
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &e), rec.Body.String())
			require.Equal(t, "invalid_request", e.Error.Code)
			require.Equal(t, tc.path, e.Error.Path)
			require.Contains(t, e.Error.Message, tc.says)
			require.Zero(t, inner.callCount(), "a bad request reads nothing")
		})
	}
}

func TestLookupHandlerHTTPErrors(t *testing.T) {
	t.Run("GET", func(t *testing.T) {
		rec := httptest.NewRecorder()
		registry.LookupHandler(newFake(), nil).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/lookup", nil))

		require.Equal(t, http.StatusMethodNotAllowed, rec.Code)
		require.Equal(t, http.MethodPost, rec.Header().Get("Allow"))
		require.Contains(t, rec.Body.String(), `"code":"method_not_allowed"`)
	})
	t.Run("a body too large", func(t *testing.T) {
		rec := postLookup(t, registry.LookupHandler(newFake(), nil), `{"domain":"`+strings.Repeat("x", 70_000)+`"}`)

		require.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
		require.Contains(t, rec.Body.String(), `"code":"body_too_large"`)
	})
	t.Run("the registry down", func(t *testing.T) {
		inner := newFake()
		inner.err = errors.New("connection refused")
		rec := postLookup(t, registry.LookupHandler(inner, nil), `{}`)

		require.Equal(t, http.StatusServiceUnavailable, rec.Code)
		require.Contains(t, rec.Body.String(), `"code":"registry_unavailable"`)
		require.NotContains(t, rec.Body.String(), "connection refused", "internal errors stay in the log")
	})
	t.Run("too many results", func(t *testing.T) {
		inner := newFake()
		inner.err = fmt.Errorf("%w: more than 10000 entries", registry.ErrTooManyResults)
		rec := postLookup(t, registry.LookupHandler(inner, nil), `{}`)

		require.Equal(t, http.StatusUnprocessableEntity, rec.Code)
		require.Contains(t, rec.Body.String(), `"code":"too_many_results"`)
	})
}

func TestLookupHandlerAnswersWithSubscriptions(t *testing.T) {
	bpp := testKey("bpp.example.org", "key-1", registry.TypeBPP)
	bpp.MLDSAPublicKey = []byte{7, 8}
	bap := testKey("bap.example.org", "key-7", registry.TypeBAP)
	bap.Country, bap.City = "", ""
	srv := httptest.NewServer(registry.LookupHandler(newFake(bpp, bap), nil))
	defer srv.Close()

	res, err := http.Post(srv.URL, "application/json", strings.NewReader(`{"subscriber_id":"bpp.example.org"}`))
	require.NoError(t, err)
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	require.NoError(t, res.Body.Close())

	require.Equal(t, http.StatusOK, res.StatusCode)
	require.JSONEq(t, `[{
		"subscriber_id": "bpp.example.org",
		"url": "https://bpp.example.org/beckn",
		"subscriber_url": "https://bpp.example.org/beckn",
		"type": "BPP",
		"domain": "deg:p2p-trading",
		"location": {"country": {"code": "IND"}, "city": {"code": "std:080"}},
		"country": "IND",
		"city": "std:080",
		"key_id": "key-1",
		"ukId": "key-1",
		"unique_key_id": "key-1",
		"signing_public_key": "AQID",
		"encr_public_key": "BAUG",
		"mldsa_public_key": "Bwg=",
		"valid_from": "2026-06-01T09:00:00Z",
		"valid_until": "2027-06-01T10:00:00Z",
		"status": "SUBSCRIBED",
		"created": "2026-06-01T08:00:00Z",
		"updated": "2026-06-01T09:00:00Z"
	}]`, string(body))

	rec := postLookup(t, registry.LookupHandler(newFake(bap), nil), `{"type":"BAP"}`)
	var got []map[string]any
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &got))
	require.Len(t, got, 1)
	for _, absent := range []string{"location", "country", "city", "mldsa_public_key"} {
		require.NotContains(t, got[0], absent)
	}
}
