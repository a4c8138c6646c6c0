package keeper_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/powershare/powershare/beckn"
	"github.com/powershare/powershare/x/beckn/types"
)

// Finding 2 of issue 11: one genuinely signed on_confirm cannot be anchored
// with other terms. The BAP's relay takes the body the BPP signed for a
// settled order and changes one term of the anchor; each is refused,
// naming the field, and nothing changes.
func TestAnchorTermsMustBeTheSignedBodys(t *testing.T) {
	tests := []struct {
		name, field string
		edit        func(a *types.OrderAnchor)
	}{
		{"another order id", "order_id", func(a *types.OrderAnchor) { a.OrderId = "order-9" }},
		{"another transaction", "transaction_id", func(a *types.OrderAnchor) { a.TransactionId = "txn-9" }},
		{"another quantity", "quantity_wh", func(a *types.OrderAnchor) { a.QuantityWh = 4_000 }},
		{"another price", "price", func(a *types.OrderAnchor) { a.Price = "160000" }},
		{"another BAP", "bap_id", func(a *types.OrderAnchor) { a.BapId = "bap.other-network.example" }},
		{"another buyer", "buyer", func(a *types.OrderAnchor) { a.Buyer = account("carol") }},
		{"another seller", "seller", func(a *types.OrderAnchor) { a.Seller = account("dave") }},
		{"another slot", "delivery_start", func(a *types.OrderAnchor) {
			a.DeliveryStart, a.DeliveryEnd = a.DeliveryStart.Add(time.Hour), a.DeliveryEnd.Add(time.Hour)
		}},
		{"a longer slot", "delivery_end", func(a *types.OrderAnchor) { a.DeliveryEnd = a.DeliveryEnd.Add(15 * time.Minute) }},
		{"another meter", "meter_id", func(a *types.OrderAnchor) { a.MeterId = "alice-wind" }},
		{"not renewable", "renewable", func(a *types.OrderAnchor) { a.Renewable = false }},
		{"settled off chain", "buyer, seller", func(a *types.OrderAnchor) {
			a.Buyer, a.Seller, a.MeterId, a.Renewable = "", "", "", false
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			f.network(t)
			f.grantSettlement(t, f.bob)
			f.grantSettlement(t, f.alice)
			a := settled(1) // signed by the BPP with its body
			tc.edit(&a)
			before := f.exported(t)

			_, err := f.anchorOrders(f.otherRelay, a)

			require.ErrorIs(t, err, types.ErrTermsMismatch)
			require.ErrorContains(t, err, tc.field+":")
			require.Equal(t, before, f.exported(t))
			require.Empty(t, f.opened)
		})
	}
	t.Run("the body's uri is not the registered one", func(t *testing.T) {
		f := setup(t)
		f.network(t)
		a := anchor(1)
		terms, err := a.Terms("https://"+bapID+"/beckn", "https://evil.example/beckn")
		require.NoError(t, err)
		a.Body, err = terms.OnConfirm()
		require.NoError(t, err)
		a = sign(withDigest(a, beckn.Digest(a.Body)), 1, now)

		_, err = f.anchorOrders(f.otherRelay, a)

		require.ErrorIs(t, err, types.ErrTermsMismatch)
		require.ErrorContains(t, err, "bpp_uri")
	})
}

// Finding 2 of issue 11: a digest anchors one order. The same signed body
// anchored as another order is refused (the body names its order, and the
// digest index holds it to one); anchoring the same order again, alone or
// twice in a batch, is still a no-op.
func TestADigestAnchorsOneOrder(t *testing.T) {
	f := setup(t)
	f.network(t)
	first := anchor(1)
	_, err := f.anchorOrders(f.relay, first)
	require.NoError(t, err)
	again, err := f.anchorOrders(f.relay, first, first)
	require.NoError(t, err)
	require.True(t, again.Results[0].AlreadyAnchored)
	require.True(t, again.Results[1].AlreadyAnchored)
	before := f.exported(t)

	reuse := anchor(3)
	reuse.Body = first.Body
	reuse = sign(withDigest(reuse, first.Digest), 1, now)
	_, err = f.anchorOrders(f.relay, reuse)

	require.ErrorIs(t, err, types.ErrTermsMismatch)
	require.ErrorContains(t, err, "order_id")
	require.Equal(t, before, f.exported(t))
	order, err := f.k.Orders.Indexes.ByDigest.MatchExact(f.ctx, first.Digest)
	require.NoError(t, err)
	require.Equal(t, "order-1", order.K2())
}

// Finding 2 of issue 11: the body is bounded by max_body_bytes and must be
// an on_confirm the chain can read.
func TestAnchorBodyRefusals(t *testing.T) {
	tests := []struct {
		name string
		body func(b []byte) []byte
		err  error
	}{
		{"over the limit", func(b []byte) []byte { return append(b, bytes.Repeat([]byte(" "), 16*1024)...) }, types.ErrInvalidBody},
		{"malformed JSON", func(b []byte) []byte { return b[:len(b)-1] }, types.ErrInvalidBody},
		{"not an on_confirm", func(b []byte) []byte { return bytes.Replace(b, []byte(`"on_confirm"`), []byte(`"on_select"`), 1) },
			types.ErrInvalidBody},
		{"empty", func([]byte) []byte { return nil }, types.ErrInvalidBody},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			f.network(t)
			a := anchor(1)
			a.Body = tc.body(a.Body)
			a = sign(withDigest(a, beckn.Digest(a.Body)), 1, now)
			before := f.exported(t)

			_, err := f.anchorOrders(f.relay, a)

			require.ErrorIs(t, err, tc.err)
			require.Equal(t, before, f.exported(t))
		})
	}
	t.Run("a digest that is not the body's", func(t *testing.T) {
		f := setup(t)
		f.network(t)
		a := withDigest(anchor(1), anchor(2).Digest)
		_, err := f.anchorOrders(f.relay, a)
		require.ErrorIs(t, err, types.ErrInvalidDigest)
	})
	t.Run("no digest: the chain digests the body", func(t *testing.T) {
		f := setup(t)
		f.network(t)
		a := withDigest(anchor(1), nil)
		_, err := f.anchorOrders(f.relay, a)
		require.NoError(t, err)
		require.Equal(t, anchor(1).Digest, f.order(t, "order-1").Anchor.Digest)
	})
}
