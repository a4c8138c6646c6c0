package keeper_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/powershare/powershare/beckn"
	"github.com/powershare/powershare/x/beckn/types"
)

func TestAnchorOrdersRecordsConfirmedOrders(t *testing.T) {
	f := setup(t)
	f.network(t)
	anchors := []types.OrderAnchor{anchor(1), anchor(2), anchor(3)}

	res, err := f.anchorOrders(f.relay, anchors...)

	require.NoError(t, err)
	require.Len(t, res.Results, 3)
	require.False(t, res.Results[0].AlreadyAnchored)
	o := f.order(t, "order-2")
	require.Equal(t, stored(anchors[1]), o.Anchor, "the anchor as given, but for its body")
	require.Equal(t, types.OrderState_CONFIRMED, o.State)
	require.Equal(t, f.relay, o.AnchoredBy)
	require.Equal(t, now, o.AnchoredAt)
	require.Zero(t, o.TradeId)

	byParticipant, err := f.query.OrdersByParticipant(f.ctx, &types.QueryOrdersByParticipantRequest{SubscriberId: bapID})
	require.NoError(t, err)
	require.Equal(t, []string{"order-3", "order-2", "order-1"}, orderIDs(byParticipant.Orders), "newest first")
	byTx, err := f.query.OrdersByTransaction(f.ctx, &types.QueryOrdersByTransactionRequest{TransactionId: "txn-0"})
	require.NoError(t, err)
	require.Len(t, byTx.Orders, 3)
	history, err := f.query.OrderHistory(f.ctx, &types.QueryOrderHistoryRequest{OrderId: "order-1"})
	require.NoError(t, err)
	require.Len(t, history.Changes, 1)
	require.Equal(t, types.OrderState_CONFIRMED, history.Changes[0].To)
}

func TestOrdersByParticipantPaginates(t *testing.T) {
	f := setup(t)
	f.network(t)
	var anchors []types.OrderAnchor
	for i := range 25 {
		anchors = append(anchors, anchor(i))
	}
	_, err := f.anchorOrders(f.relay, anchors...)
	require.NoError(t, err)

	first, err := f.query.OrdersByParticipant(f.ctx, &types.QueryOrdersByParticipantRequest{SubscriberId: bppID,
		Pagination: &query.PageRequest{Limit: 10, CountTotal: true}})
	require.NoError(t, err)
	second, err := f.query.OrdersByParticipant(f.ctx, &types.QueryOrdersByParticipantRequest{SubscriberId: bppID,
		Pagination: &query.PageRequest{Key: first.Pagination.NextKey, Limit: 10}})
	require.NoError(t, err)

	require.Equal(t, uint64(25), first.Pagination.Total)
	require.Equal(t, "order-24", first.Orders[0].Anchor.OrderId)
	require.Equal(t, "order-14", second.Orders[0].Anchor.OrderId)
}

func TestVerifyOrder(t *testing.T) {
	f := setup(t)
	f.network(t)
	_, err := f.anchorOrders(f.relay, anchor(1))
	require.NoError(t, err)

	right, err := f.query.VerifyOrder(f.ctx, &types.QueryVerifyOrderRequest{OrderId: "order-1", Digest: anchor(1).Digest})
	require.NoError(t, err)
	wrong, err := f.query.VerifyOrder(f.ctx, &types.QueryVerifyOrderRequest{OrderId: "order-1", Digest: anchor(2).Digest})
	require.NoError(t, err)
	_, errUnknown := f.query.VerifyOrder(f.ctx, &types.QueryVerifyOrderRequest{OrderId: "order-9", Digest: anchor(2).Digest})
	_, errShort := f.query.VerifyOrder(f.ctx, &types.QueryVerifyOrderRequest{OrderId: "order-1", Digest: []byte{1}})

	require.True(t, right.Match)
	require.False(t, wrong.Match)
	require.Equal(t, anchor(1).Digest, wrong.AnchoredDigest)
	require.ErrorContains(t, errUnknown, "NotFound")
	require.ErrorContains(t, errShort, "InvalidArgument")
}

func TestReanchoringTheSameDigestChangesNothing(t *testing.T) {
	f := setup(t)
	f.network(t)
	_, err := f.anchorOrders(f.relay, anchor(1))
	require.NoError(t, err)
	before := f.exported(t)

	res, err := f.anchorOrders(f.relay, anchor(1))

	require.NoError(t, err)
	require.True(t, res.Results[0].AlreadyAnchored)
	require.Equal(t, before, f.exported(t))
}

func TestAnotherDigestForAnAnchoredOrderFails(t *testing.T) {
	f := setup(t)
	f.network(t)
	_, err := f.anchorOrders(f.relay, anchor(1))
	require.NoError(t, err)
	before := f.exported(t)
	changed := anchor(1) // the same terms in another body
	changed.Body = append(bytes.Clone(changed.Body), '\n')
	changed.Digest = beckn.Digest(changed.Body)
	changed = sign(changed, 1, now)

	_, err = f.anchorOrders(f.relay, changed)

	require.ErrorIs(t, err, types.ErrDigestConflict)
	require.ErrorContains(t, err, beckn.EncodeDigest(anchor(1).Digest))
	require.ErrorContains(t, err, beckn.EncodeDigest(changed.Digest))
	require.Equal(t, before, f.exported(t))
}

func TestAnchorRefusals(t *testing.T) {
	type edit func(a *types.OrderAnchor)
	tests := []struct {
		name  string
		relay string
		edit  edit
		err   error
	}{
		{"not a relay", "alice", nil, types.ErrUnauthorized},
		{"a relay that is neither BAP nor BPP", "relay3", nil, types.ErrNotOrderParty},
		{"a key the BPP does not have", "relay", func(a *types.OrderAnchor) { a.KeyId = "key-9" }, types.ErrInvalidKey},
		{"another domain", "relay", func(a *types.OrderAnchor) { a.Domain = "deg:ev-charging" }, types.ErrInvalidAnchor},
		{"the BAP named as BPP", "relay", func(a *types.OrderAnchor) { a.BapId, a.BppId = bppID, bapID }, types.ErrInvalidAnchor},
		{"a short digest", "relay", func(a *types.OrderAnchor) { a.Digest = a.Digest[:32] }, types.ErrInvalidDigest},
		{"no body", "relay", func(a *types.OrderAnchor) { a.Body = nil }, types.ErrInvalidBody},
		{"no quantity", "relay", func(a *types.OrderAnchor) { a.QuantityWh = 0 }, types.ErrInvalidAnchor},
		{"a float price", "relay", func(a *types.OrderAnchor) { a.Price = "7.5e2" }, types.ErrInvalidAnchor},
		{"a negative price", "relay", func(a *types.OrderAnchor) { a.Price = "-1" }, types.ErrInvalidAnchor},
		{"a lower-case currency", "relay", func(a *types.OrderAnchor) { a.Currency = "inr" }, types.ErrInvalidAnchor},
		{"delivery ends before it starts", "relay", func(a *types.OrderAnchor) { a.DeliveryEnd = a.DeliveryStart }, types.ErrInvalidAnchor},
		{"an order id with spaces", "relay", func(a *types.OrderAnchor) { a.OrderId = "order 1" }, types.ErrInvalidAnchor},
		{"a buyer without a seller", "relay", func(a *types.OrderAnchor) { a.Buyer = account("bob") }, types.ErrInvalidAddress},
		{"a meter without parties", "relay", func(a *types.OrderAnchor) { a.MeterId = "alice-solar" }, types.ErrInvalidAnchor},
		{"a bad zone", "relay", func(a *types.OrderAnchor) { a.Zone = "Zone A" }, types.ErrInvalidAnchor},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			f.network(t)
			a := anchor(1)
			if tc.edit != nil {
				tc.edit(&a)
				if len(a.Digest) == beckn.DigestSize && len(a.Body) > 0 {
					a = sign(withBody(a), 1, now) // the body states the edited terms: the fields are what is refused
				}
			}
			before := f.exported(t)

			_, err := f.anchorOrders(account(tc.relay), a)

			require.ErrorIs(t, err, tc.err)
			require.Equal(t, before, f.exported(t))
		})
	}
}

func TestAnchorBatchBounds(t *testing.T) {
	f := setup(t)
	f.network(t)
	anchors := make([]types.OrderAnchor, types.DefaultParams().MaxAnchorsPerTx+1)
	for i := range anchors {
		anchors[i] = anchor(i)
	}

	_, errEmpty := f.anchorOrders(f.relay)
	_, errTooMany := f.anchorOrders(f.relay, anchors...)

	require.ErrorIs(t, errEmpty, types.ErrTooManyAnchors)
	require.ErrorIs(t, errTooMany, types.ErrTooManyAnchors)
}

func TestOneBadAnchorFailsTheWholeBatch(t *testing.T) {
	f := setup(t)
	f.network(t)
	bad := anchor(2)
	bad.QuantityWh = 0
	before := f.exported(t)

	_, err := f.anchorOrders(f.relay, anchor(1), bad, anchor(3))

	require.ErrorIs(t, err, types.ErrInvalidAnchor)
	require.ErrorContains(t, err, `anchor 1 (order "order-2")`)
	require.Equal(t, before, f.exported(t))
}

func TestAnchoringNeedsASubscribedParticipantWithAValidKey(t *testing.T) {
	tests := []struct {
		name    string
		advance time.Duration
		status  string // what happens to the relay's BPP first
	}{
		{"its key has expired", 365 * 24 * time.Hour, ""},
		{"it was rejected", 0, "rejected"},
		{"it unsubscribed", 0, "unsubscribed"},
		{"it waits for approval again", 0, "resubscribed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			f.network(t)
			switch tc.status {
			case "rejected":
				require.NoError(t, f.reject(f.admin, "audit", false))
			case "unsubscribed":
				_, err := deliver(f, func(ctx context.Context) (*types.MsgUnsubscribeResponse, error) {
					return f.msg.Unsubscribe(ctx, &types.MsgUnsubscribe{Relay: f.relay, SubscriberId: bppID})
				})
				require.NoError(t, err)
			case "resubscribed":
				_, err := deliver(f, func(ctx context.Context) (*types.MsgSubscribeResponse, error) {
					return f.msg.Subscribe(ctx, subscribeMsg(f.relay, bppID, types.SubscriberType_BPP, "key-1", 1))
				})
				require.NoError(t, err)
			}
			f.ctx = f.ctx.WithBlockTime(now.Add(tc.advance))
			a := anchor(1)
			a.DeliveryStart, a.DeliveryEnd = a.DeliveryStart.Add(tc.advance), a.DeliveryEnd.Add(tc.advance)
			a = sign(withBody(a), 1, now.Add(tc.advance))

			_, err := f.anchorOrders(f.relay, a)

			require.ErrorIs(t, err, types.ErrParticipantInactive)
		})
	}
}

func TestAnchorWithAnOutsideCounterparty(t *testing.T) {
	f := setup(t)
	f.subscribed(t, f.relay, bppID, types.SubscriberType_BPP)
	a := anchor(1)
	a.BapId = "bap.other-network.example" // not registered here
	a = sign(withBody(a), 1, now)

	_, err := f.anchorOrders(f.relay, a)

	require.NoError(t, err)
	require.Equal(t, bppID, f.order(t, "order-1").Anchor.BppId)
}

func orderIDs(orders []types.AnchoredOrder) []string {
	ids := make([]string, len(orders))
	for i, o := range orders {
		ids[i] = o.Anchor.OrderId
	}
	return ids
}

func TestTwoBPPsMayUseTheSameOrderID(t *testing.T) {
	f := setup(t)
	f.network(t)
	const otherBPP = "bpp2.powershare.example"
	_, err := deliver(f, func(ctx context.Context) (*types.MsgSubscribeResponse, error) {
		return f.msg.Subscribe(ctx, &types.MsgSubscribe{Relay: f.otherRelay, SubscriberId: otherBPP, Url: "https://" + otherBPP + "/beckn",
			Type: types.SubscriberType_BPP, Domain: domain, KeyId: "key-1", SigningPublicKey: mustKey(keySet(5)), EncrPublicKey: encrKey(5)})
	})
	require.NoError(t, err)
	require.NoError(t, f.approveID(otherBPP))
	theirs := anchor(1) // order-1, as ours
	theirs.BppId, theirs.BapId = otherBPP, "bap.other-network.example"
	theirs = sign(withBody(theirs), 5, now)

	_, errOurs := f.anchorOrders(f.relay, anchor(1))
	_, errTheirs := f.anchorOrders(f.otherRelay, theirs)

	require.NoError(t, errOurs)
	require.NoError(t, errTheirs)
	_, err = f.query.Order(f.ctx, &types.QueryOrderRequest{OrderId: "order-1"})
	require.ErrorContains(t, err, "name the BPP")
	ours, err := f.query.Order(f.ctx, &types.QueryOrderRequest{OrderId: "order-1", BppId: bppID})
	require.NoError(t, err)
	require.Equal(t, anchor(1).Digest, ours.Order.Anchor.Digest)
	verify, err := f.query.VerifyOrder(f.ctx, &types.QueryVerifyOrderRequest{OrderId: "order-1", BppId: otherBPP, Digest: theirs.Digest})
	require.NoError(t, err)
	require.True(t, verify.Match)

	// A state change names the BPP when the order id is ambiguous.
	_, err = deliver(f, func(ctx context.Context) (*types.MsgUpdateOrderStateResponse, error) {
		return f.msg.UpdateOrderState(ctx, &types.MsgUpdateOrderState{Relay: f.otherRelay, OrderId: "order-1", State: types.OrderState_ACTIVE,
			Digest: anchor(7).Digest})
	})
	require.ErrorIs(t, err, types.ErrUnknownOrder)
	_, err = deliver(f, func(ctx context.Context) (*types.MsgUpdateOrderStateResponse, error) {
		return f.msg.UpdateOrderState(ctx, &types.MsgUpdateOrderState{Relay: f.otherRelay, OrderId: "order-1", BppId: otherBPP,
			State: types.OrderState_ACTIVE, Digest: anchor(7).Digest})
	})
	require.NoError(t, err)
	history, err := f.query.OrderHistory(f.ctx, &types.QueryOrderHistoryRequest{OrderId: "order-1", BppId: bppID})
	require.NoError(t, err)
	require.Len(t, history.Changes, 1, "our order-1 did not change")
}

func mustKey(signing, _ []byte) []byte { return signing }

func encrKey(seed byte) []byte {
	_, encr := keySet(seed)
	return encr
}

func (f *fixture) approveID(id string) error {
	_, err := deliver(f, func(ctx context.Context) (*types.MsgApproveSubscriptionResponse, error) {
		return f.msg.ApproveSubscription(ctx, &types.MsgApproveSubscription{Signer: f.admin, SubscriberId: id})
	})
	return err
}
