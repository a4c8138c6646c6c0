package beckn_test

import (
	"crypto/ed25519"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/powershare/powershare/beckn"
)

// Golden test of the on_confirm parser (finding 2 of issue 11): the terms
// of two hand-written v1.1.x bodies, one settled off chain with extra
// fields, two items in kWh and Wh, a number and a string value; one with
// the powershare-settlement tag group.
func TestParseConfirmTermsGolden(t *testing.T) {
	for _, tc := range []struct {
		file string
		want beckn.ConfirmTerms
	}{
		{"testdata/on_confirm_offchain.json", beckn.ConfirmTerms{
			Version: "1.1.1", Domain: "deg:p2p-trading", TransactionID: "6f2c0f1e-0d3a-4a51-9d43-1f1c2b6a9e10",
			MessageID: "b1f3a2c4-5d6e-4f70-8a91-b2c3d4e5f607", Timestamp: time.Date(2026, 12, 1, 8, 55, 2, 120e6, time.UTC),
			BapID: "bap.example.org", BapURI: "https://bap.example.org/beckn",
			BppID: "bpp.powershare.example", BppURI: "https://bpp.powershare.example/beckn",
			OrderID: "order-1", QuantityWh: 5_000, Currency: "INR", Total: "37.5",
			DeliveryStart: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC), DeliveryEnd: time.Date(2026, 12, 1, 10, 15, 0, 0, time.UTC),
		}},
		{"testdata/on_confirm_settlement.json", beckn.ConfirmTerms{
			Version: "1.1.0", Domain: "deg:p2p-trading", TransactionID: "tx-7", MessageID: "m-7",
			Timestamp: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC),
			BapID:     "bap.powershare.local", BapURI: "http://127.0.0.1:8081/beckn",
			BppID: "bpp.powershare.local", BppURI: "http://127.0.0.1:8080/beckn",
			OrderID: "order-7", QuantityWh: 500, Currency: "upwc", Total: "75000",
			DeliveryStart: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC), DeliveryEnd: time.Date(2026, 12, 1, 10, 15, 0, 0, time.UTC),
			Settlement: &beckn.SettlementTerms{Buyer: "power1buyer", Seller: "power1seller", MeterID: "alice-solar-1", Renewable: true},
		}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			body, err := os.ReadFile(tc.file)
			require.NoError(t, err)
			got, err := beckn.ParseConfirmTerms(body)
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
			// What OnConfirm writes reads back as the same terms.
			again, err := got.OnConfirm()
			require.NoError(t, err)
			back, err := beckn.ParseConfirmTerms(again)
			require.NoError(t, err)
			require.Equal(t, got, back)
		})
	}
}

// Every malformed or ambiguous body is refused with ErrInvalidBody and a
// message naming what is wrong.
func TestParseConfirmTermsRefuses(t *testing.T) {
	body, err := os.ReadFile("testdata/on_confirm_settlement.json")
	require.NoError(t, err)
	good := string(body)
	for _, tc := range []struct {
		name, from, to, want string
	}{
		{"not JSON", good, `{"context":`, "not a Beckn on_confirm JSON object"},
		{"an array", good, `[1]`, "not a Beckn on_confirm JSON object"},
		{"two objects", good, good + good, "data after the JSON object"},
		{"another action", `"on_confirm"`, `"on_init"`, "context.action"},
		{"version 2", `"1.1.0"`, `"2.0.0"`, "context.version"},
		{"no transaction id", `"tx-7"`, `""`, "context.transaction_id is missing"},
		{"no bpp uri", `"http://127.0.0.1:8080/beckn"`, `""`, "context.bpp_uri is missing"},
		{"no order id", `"order-7"`, `""`, "message.order.id is missing"},
		{"no items", `"items":[{"id":"alice-solar-1","quantity":{"selected":{"measure":{"unit":"Wh","value":"500"}}}}]`, `"items":[]`, "items is empty"},
		{"no measure", `"quantity":{"selected":{"measure":{"unit":"Wh","value":"500"}}}`, `"quantity":{}`, "measure is missing"},
		{"a unit that is not energy", `"unit":"Wh"`, `"unit":"kg"`, "kWh or Wh"},
		{"part of a Wh", `"value":"500"`, `"value":"500.5"`, "whole number of Wh"},
		{"a negative quantity", `"value":"500"`, `"value":"-500"`, "whole number of Wh"},
		{"zero", `"value":"500"`, `"value":"0"`, "whole number of Wh"},
		{"no quote", `"quote":{"price":{"currency":"upwc","value":75000}}`, `"quote":{}`, "quote.price"},
		{"a price in exponent form", `75000}`, `7.5e4}`, "quote.price.value"},
		{"a price of 10 fraction digits", `75000}`, `"0.0000000001"}`, "quote.price.value"},
		{"no window", `"time":{"range":{"start":"2026-12-01T10:00:00Z","end":"2026-12-01T10:15:00Z"}}`, `"time":{}`, "delivery window"},
		{"two windows", `{"type":"end",`, `{"type":"start","time":{"range":{"start":"2026-12-01T11:00:00Z","end":"2026-12-01T11:15:00Z"}}},{"type":"end",`, "one delivery window"},
		{"a window without zone", `"2026-12-01T10:00:00Z"`, `"2026-12-01T10:00:00"`, "not RFC 3339"},
		{"a window ending first", `"end":"2026-12-01T10:15:00Z"`, `"end":"2026-12-01T09:15:00Z"`, "before it starts"},
		{"a tag twice", `{"descriptor":{"code":"meter-id"},"value":"alice-solar-1"}`, `{"descriptor":{"code":"meter-id"},"value":"alice-solar-1"},{"descriptor":{"code":"meter-id"},"value":"bob-1"}`, "appears twice"},
		{"an unknown tag", `"code":"renewable"`, `"code":"green"`, "unknown tag"},
		{"renewable yes", `"value":"true"`, `"value":"yes"`, "true or false"},
		{"no seller", `{"descriptor":{"code":"seller-account"},"value":"power1seller"},`, ``, "needs buyer-account, seller-account and meter-id"},
		// Parsers that match keys exactly would read other terms from these
		// than encoding/json does (issue 11 review: what is signed must read
		// the same everywhere).
		{"a key twice", `"currency":"upwc",`, `"currency":"upwc","currency":"INR",`, "appears twice"},
		{"a key twice but for case", `"value":75000}`, `"value":75000,"VALUE":1}`, "appears twice"},
		{"a read key in capitals", `"tags":[`, `"TAGS":[`, `must be spelled "tags"`},
		{"a read key with the long s", `"stops":[`, "\"\u017ftops\":[", `must be spelled "stops"`},
		{"an unread key twice", `"context":{`, `"context":{"ttl":"PT1M","ttl":"PT2M",`, "appears twice"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad := strings.Replace(good, tc.from, tc.to, 1)
			require.NotEqual(t, good, bad, "the case changes the body")
			_, err := beckn.ParseConfirmTerms([]byte(bad))
			require.ErrorIs(t, err, beckn.ErrInvalidBody)
			require.ErrorContains(t, err, tc.want)
		})
	}
	twoGroups := strings.Replace(good, `"tags":[`, `"tags":[{"descriptor":{"code":"powershare-settlement"},"list":[]},`, 1)
	_, err = beckn.ParseConfirmTerms([]byte(twoGroups))
	require.ErrorIs(t, err, beckn.ErrInvalidBody)
}

func TestQuoteTotalAndPricePerKWh(t *testing.T) {
	for _, tc := range []struct {
		price string
		wh    uint64
		total string
	}{
		{"7.50", 5_000, "37.5"}, {"150000", 500, "75000"}, {"0.000001", 1, "0.000000001"}, {"12", 1_000, "12"},
	} {
		total, err := beckn.QuoteTotal(tc.price, tc.wh)
		require.NoError(t, err)
		require.Equal(t, tc.total, total)
		price, err := beckn.ConfirmTerms{Total: total, QuantityWh: tc.wh}.PricePerKWh()
		require.NoError(t, err)
		canonical, err := beckn.CanonicalAmount(tc.price, 6)
		require.NoError(t, err)
		require.Equal(t, canonical, price)
	}
	_, err := beckn.ConfirmTerms{Total: "10", QuantityWh: 3_000_000_000}.PricePerKWh()
	require.ErrorIs(t, err, beckn.ErrInvalidBody, "10 for 3 GWh is no price of 6 fraction digits per kWh")
	_, err = beckn.QuoteTotal("1.0000001", 1)
	require.Error(t, err)
}

// BenchmarkParseConfirmTerms measures reading an on_confirm's terms against
// verifying its signature (the work signatureGas pays in x/beckn), to set
// x/beckn's gas per body byte.
func BenchmarkParseConfirmTerms(b *testing.B) {
	body, err := os.ReadFile("testdata/on_confirm_offchain.json")
	require.NoError(b, err)
	b.Run("parse", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			if _, err := beckn.ParseConfirmTerms(body); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("digest", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			beckn.Digest(body)
		}
	})
	pub, priv, err := ed25519.GenerateKey(nil)
	require.NoError(b, err)
	digest := beckn.Digest(body)
	sig := ed25519.Sign(priv, beckn.SigningString(1, 2, digest))
	b.Run("verify", func(b *testing.B) {
		for b.Loop() {
			if err := beckn.VerifySignature(pub, 1, 2, digest, sig); err != nil {
				b.Fatal(err)
			}
		}
	})
}
