package keeper_test

import (
	"cosmossdk.io/collections"

	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/beckn"
	"github.com/powershare/powershare/x/beckn/types"
)

func (f *fixture) subscribe(relay, id, keyID string, seed byte) (*types.MsgSubscribeResponse, error) {
	return deliver(f, func(ctx context.Context) (*types.MsgSubscribeResponse, error) {
		return f.msg.Subscribe(ctx, subscribeMsg(relay, id, types.SubscriberType_BPP, keyID, seed))
	})
}

func (f *fixture) participant(t *testing.T, id string) types.Participant {
	t.Helper()
	res, err := f.query.Participant(f.ctx, &types.QueryParticipantRequest{SubscriberId: id})
	require.NoError(t, err)
	return res.Participant
}

func (f *fixture) endBlock(t *testing.T) {
	t.Helper()
	require.NoError(t, f.k.EndBlocker(f.ctx))
}

func (f *fixture) setParams(t *testing.T, change func(*types.Params)) {
	t.Helper()
	p := types.DefaultParams()
	change(&p)
	require.NoError(t, p.Validate())
	require.NoError(t, f.k.Params.Set(f.ctx, p))
}

// TestAReclaimedIDStartsAFreshKeyHistory: finding 12 of issue 11. When
// another RELAY claims an id out of the network, the id starts a new
// generation: the previous owner's keys and key ids never anchor again,
// while its anchored orders stay verifiable with the keys kept.
func TestAReclaimedIDStartsAFreshKeyHistory(t *testing.T) {
	f := setup(t)
	f.network(t)
	_, err := f.anchorOrders(f.otherRelay, anchor(1))
	require.NoError(t, err)
	require.NoError(t, f.reject(f.admin, "domain not held", false))
	claimedAt := now.Add(time.Hour)
	f.ctx = f.ctx.WithBlockTime(claimedAt)
	newOwner := account("relay3")

	_, errReused := f.subscribe(newOwner, bppID, "key-1", 3)
	require.ErrorIs(t, errReused, types.ErrKeyIDTaken, "a previous owner's key id")
	_, err = f.subscribe(newOwner, bppID, "key-a", 3)
	require.NoError(t, err)
	require.NoError(t, f.approve(f.admin))

	p := f.participant(t, bppID)
	require.Equal(t, newOwner, p.Owner)
	require.Equal(t, uint64(1), p.Generation)
	require.Empty(t, p.PreviousKeyId, "no key of the previous owner is the previous key")
	old := f.keyByID(t, "key-1")
	require.Equal(t, claimedAt, old.ValidUntil, "the previous owner's key ended at the claim")

	f.ctx = f.ctx.WithBlockTime(claimedAt.Add(time.Minute))
	before := f.exported(t)
	_, errOldKey := f.anchorOrders(f.otherRelay, sign(anchor(2), 1, claimedAt.Add(-time.Minute)))
	require.ErrorIs(t, errOldKey, types.ErrInvalidKey, "the previous owner's key, backdated into its window")
	require.Equal(t, before, f.exported(t))
	_, err = f.anchorOrders(f.otherRelay, sign(withKeyID(anchor(3), "key-a"), 3, claimedAt.Add(time.Minute)))
	require.NoError(t, err, "the new owner's key anchors")

	keys, err := f.query.ParticipantKeys(f.ctx, &types.QueryParticipantKeysRequest{SubscriberId: bppID})
	require.NoError(t, err)
	generations := map[string]uint64{}
	for _, k := range keys.Keys {
		generations[k.KeyId] = k.Generation
	}
	require.Equal(t, map[string]uint64{"key-1": 0, "key-a": 1}, generations)
	res, err := f.query.VerifyOrder(f.ctx, &types.QueryVerifyOrderRequest{OrderId: "order-1", Digest: anchor(1).Digest})
	require.NoError(t, err)
	require.True(t, res.Match, "the previous owner's anchor is still verified")
	lookup, err := f.query.Lookup(f.ctx, &types.QueryLookupRequest{SubscriberId: bppID, KeyId: "key-1"})
	require.NoError(t, err)
	o := f.order(t, "order-1").Anchor
	require.NoError(t, beckn.VerifySignature(lookup.Subscriptions[0].SigningPublicKey, o.SignatureCreated, o.SignatureExpires, o.Digest, o.Signature))
}

// TestUnapprovedSubscriptionsLapseAndAreBounded: finding 12 of issue 11.
// A RELAY holds at most max_pending_subscriptions unapproved ids; one not
// approved within pending_subscription_seconds lapses (UNSUBSCRIBED, with
// an event) and any RELAY may claim it; subscribing again buys no time.
func TestUnapprovedSubscriptionsLapseAndAreBounded(t *testing.T) {
	f := setup(t)
	f.setParams(t, func(p *types.Params) { p.MaxPendingSubscriptions, p.PendingSubscriptionSeconds = 2, 3600 })
	ids := []string{"a.squat.example", "b.squat.example", "c.squat.example"}
	for _, id := range ids[:2] {
		_, err := f.subscribe(f.relay, id, "key-1", 1)
		require.NoError(t, err)
	}
	before := f.exported(t)

	_, errThird := f.subscribe(f.relay, ids[2], "key-1", 1)
	_, errOther := f.subscribe(f.otherRelay, ids[0], "key-x", 2)

	require.ErrorIs(t, errThird, types.ErrTooManyPending)
	require.ErrorIs(t, errOther, types.ErrNotOwner, "pending, not lapsed: still the relay's")
	require.Equal(t, before, f.exported(t))

	f.ctx = f.ctx.WithBlockTime(now.Add(30 * time.Minute))
	res, err := f.subscribe(f.relay, ids[0], "key-1", 1)
	require.NoError(t, err)
	require.Equal(t, types.SubscriptionStatus_INITIATED, res.Status, "still waiting for approval, not UNDER_SUBSCRIPTION")
	require.Equal(t, now.Add(time.Hour), *f.participant(t, ids[0]).PendingUntil, "subscribing again buys no time")

	// At the deadline ids[1] is claimed before the EndBlocker reaches it.
	f.ctx = f.ctx.WithBlockTime(now.Add(time.Hour))
	_, err = f.subscribe(f.otherRelay, ids[1], "key-x", 2)
	require.NoError(t, err)
	f.ctx = f.ctx.WithEventManager(sdk.NewEventManager())
	f.endBlock(t)

	lapsed := f.participant(t, ids[0])
	require.Equal(t, types.SubscriptionStatus_UNSUBSCRIBED, lapsed.Status)
	require.Nil(t, lapsed.PendingUntil)
	require.Contains(t, lapsed.StatusReason, "not approved")
	events := f.ctx.EventManager().Events()
	require.Len(t, events, 1, "ids[1] was claimed already: its old deadline is stale")
	require.Equal(t, "powershare.beckn.v1.EventSubscriptionLapsed", events[0].Type)
	require.ErrorIs(t, f.approveID(ids[0]), types.ErrInvalidStatus)
	claimed := f.participant(t, ids[1])
	require.Equal(t, f.otherRelay, claimed.Owner)
	require.Equal(t, uint64(1), claimed.Generation)
	require.Equal(t, types.SubscriptionStatus_INITIATED, claimed.Status)

	_, err = f.subscribe(f.relay, ids[2], "key-1", 1)
	require.NoError(t, err, "the lapsed ones no longer count")
	_, err = f.subscribe(f.otherRelay, ids[0], "key-x", 2)
	require.NoError(t, err, "a lapsed id is free to claim")
	require.NoError(t, f.approveID(ids[1]))
	require.Nil(t, f.participant(t, ids[1]).PendingUntil)
}

// TestPendingSubscriptionsLapseAfterAGenesisImport: the pending queue is
// rebuilt from the participants at import.
func TestPendingSubscriptionsLapseAfterAGenesisImport(t *testing.T) {
	f := setup(t)
	_, err := f.subscribe(f.relay, bppID, "key-1", 1)
	require.NoError(t, err)
	exported := f.exported(t)
	require.NoError(t, exported.Validate(f.ac))
	f = setup(t)
	require.NoError(t, f.k.InitGenesis(f.ctx, *exported))

	f.ctx = f.ctx.WithBlockTime(now.Add(7 * 24 * time.Hour))
	f.endBlock(t)

	require.Equal(t, types.SubscriptionStatus_UNSUBSCRIBED, f.participant(t, bppID).Status)
}

// TestAFailedLapseStaysQueued (issue 11, finding 7, for the beckn
// EndBlocker): a lapse that fails, here on a record that no longer decodes,
// changes nothing, does not stop the block and is queued again retryDelay
// later instead of being dropped.
func TestAFailedLapseStaysQueued(t *testing.T) {
	f := setup(t)
	f.setParams(t, func(p *types.Params) { p.PendingSubscriptionSeconds = 3600 })
	const id = "broken.squat.example"
	_, err := f.subscribe(f.relay, id, "key-1", 1)
	require.NoError(t, err)
	f.ctx.KVStore(f.storeKey).Set(append(types.ParticipantsKey.Bytes(), id...), []byte{0xff, 0xff})

	f.ctx = f.ctx.WithBlockTime(now.Add(time.Hour))
	f.endBlock(t)

	due := now.Add(time.Hour).Unix()
	has, err := f.k.PendingQueue.Has(f.ctx, collections.Join(due, id))
	require.NoError(t, err)
	require.False(t, has, "the failed run left its slot")
	has, err = f.k.PendingQueue.Has(f.ctx, collections.Join(due+600, id))
	require.NoError(t, err)
	require.True(t, has, "and waits ten minutes for the next run")
}
