package keeper_test

import (
	"context"
	"testing"
	"time"

	"github.com/cloudflare/circl/sign/mldsa/mldsa65"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/powershare/powershare/x/beckn/types"
)

func TestSubscribeRegistersAnInitiatedParticipant(t *testing.T) {
	f := setup(t)
	msg := subscribeMsg(f.relay, bppID, types.SubscriberType_BPP, "key-1", 1)

	res, err := deliver(f, func(ctx context.Context) (*types.MsgSubscribeResponse, error) { return f.msg.Subscribe(ctx, msg) })

	require.NoError(t, err)
	require.Equal(t, types.SubscriptionStatus_INITIATED, res.Status)
	got := f.bpp(t)
	require.Equal(t, types.SubscriberType_BPP, got.Participant.Type)
	require.Equal(t, f.relay, got.Participant.Owner)
	require.Equal(t, msg.SigningPublicKey, got.CurrentKey.SigningPublicKey)
	require.Equal(t, now, got.CurrentKey.ValidFrom)
	require.Equal(t, now.Add(365*24*time.Hour), got.CurrentKey.ValidUntil, "default validity")
	require.Equal(t, "powershare.beckn.v1.EventSubscribed", f.ctx.EventManager().Events()[0].Type)
}

func TestSubscribeRefusals(t *testing.T) {
	signing, encr := keySet(1)
	smallOrder := append([]byte{1}, make([]byte, 31)...) // the identity point
	valid := func() *types.MsgSubscribe {
		return subscribeMsg(account("relay"), bppID, types.SubscriberType_BPP, "key-1", 1)
	}
	with := func(edit func(m *types.MsgSubscribe)) *types.MsgSubscribe { m := valid(); edit(m); return m }
	tests := []struct {
		name string
		msg  *types.MsgSubscribe
		err  error
	}{
		{"not a relay", subscribeMsg(account("alice"), bppID, types.SubscriberType_BPP, "key-1", 1), types.ErrUnauthorized},
		{"upper-case subscriber id", with(func(m *types.MsgSubscribe) { m.SubscriberId = "BPP.Example.org" }), types.ErrInvalidParticipant},
		{"subscriber id without a dot", with(func(m *types.MsgSubscribe) { m.SubscriberId = "bpp" }), types.ErrInvalidParticipant},
		{"plain http", with(func(m *types.MsgSubscribe) { m.Url = "http://bpp.example.org/beckn" }), types.ErrInvalidParticipant},
		{"url with credentials", with(func(m *types.MsgSubscribe) { m.Url = "https://u:p@bpp.example.org" }), types.ErrInvalidParticipant},
		{"unknown type", with(func(m *types.MsgSubscribe) { m.Type = types.SubscriberType(9) }), types.ErrInvalidParticipant},
		{"unspecified type", with(func(m *types.MsgSubscribe) { m.Type = types.SubscriberType_SUBSCRIBER_TYPE_UNSPECIFIED }), types.ErrInvalidParticipant},
		{"bad domain", with(func(m *types.MsgSubscribe) { m.Domain = "deg p2p" }), types.ErrInvalidParticipant},
		{"bad country", with(func(m *types.MsgSubscribe) { m.Country = "india" }), types.ErrInvalidParticipant},
		{"key id with a bar", with(func(m *types.MsgSubscribe) { m.KeyId = "a|b" }), types.ErrInvalidKey},
		{"short signing key", with(func(m *types.MsgSubscribe) { m.SigningPublicKey = signing[:31] }), types.ErrInvalidKey},
		{"small-order signing key", with(func(m *types.MsgSubscribe) { m.SigningPublicKey = smallOrder }), types.ErrInvalidKey},
		{"long encryption key", with(func(m *types.MsgSubscribe) { m.EncrPublicKey = append(encr, 0) }), types.ErrInvalidKey},
		{"low-order encryption key", with(func(m *types.MsgSubscribe) { m.EncrPublicKey = make([]byte, 32) }), types.ErrInvalidKey},
		{"truncated ML-DSA key", with(func(m *types.MsgSubscribe) { m.MldsaPublicKey = make([]byte, 100) }), types.ErrInvalidKey},
		{"backdated key", with(func(m *types.MsgSubscribe) { m.ValidFrom = ptr(now.Add(-time.Second)) }), types.ErrInvalidKey},
		{"ends before it starts", with(func(m *types.MsgSubscribe) { m.ValidUntil = ptr(now) }), types.ErrInvalidKey},
		{"valid too long", with(func(m *types.MsgSubscribe) { m.ValidUntil = ptr(now.Add(3 * 365 * 24 * time.Hour)) }), types.ErrInvalidKey},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			before := f.exported(t)

			_, err := deliver(f, func(ctx context.Context) (*types.MsgSubscribeResponse, error) { return f.msg.Subscribe(ctx, tc.msg) })

			require.ErrorIs(t, err, tc.err)
			require.Equal(t, before, f.exported(t))
		})
	}
}

func TestSubscribeKeyEncodings(t *testing.T) {
	f := setup(t)
	signing, encr := keySet(1)
	derSigning := append([]byte{0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00}, signing...)
	derEncr := append([]byte{0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x03, 0x21, 0x00}, encr...)
	pk, _, err := mldsa65.GenerateKey(zeroReader{})
	require.NoError(t, err)
	msg := subscribeMsg(f.relay, bppID, types.SubscriberType_BPP, "key-1", 1)
	msg.SigningPublicKey, msg.EncrPublicKey, msg.MldsaPublicKey = derSigning, derEncr, pk.Bytes()

	_, err = deliver(f, func(ctx context.Context) (*types.MsgSubscribeResponse, error) { return f.msg.Subscribe(ctx, msg) })

	require.NoError(t, err)
	key := f.bpp(t).CurrentKey
	require.Equal(t, signing, key.SigningPublicKey, "DER keys are stored raw")
	require.Equal(t, encr, key.EncrPublicKey)
	require.Len(t, key.MldsaPublicKey, mldsa65.PublicKeySize)
}

func TestSubscriberIDBelongsToItsOwner(t *testing.T) {
	f := setup(t)
	f.subscribed(t, f.relay, bppID, types.SubscriberType_BPP)

	_, err := deliver(f, func(ctx context.Context) (*types.MsgSubscribeResponse, error) {
		return f.msg.Subscribe(ctx, subscribeMsg(f.otherRelay, bppID, types.SubscriberType_BPP, "key-9", 9))
	})

	require.ErrorIs(t, err, types.ErrNotOwner)
	require.Equal(t, f.relay, f.bpp(t).Participant.Owner)
}

func TestAnIDOutOfTheNetworkMayBeClaimedAnew(t *testing.T) {
	f := setup(t)
	_, err := deliver(f, func(ctx context.Context) (*types.MsgSubscribeResponse, error) {
		return f.msg.Subscribe(ctx, subscribeMsg(f.otherRelay, bppID, types.SubscriberType_BPP, "squat-1", 9))
	})
	require.NoError(t, err)
	require.NoError(t, f.reject(f.admin, "not the operator of this domain", false))

	res, err := deliver(f, func(ctx context.Context) (*types.MsgSubscribeResponse, error) {
		return f.msg.Subscribe(ctx, subscribeMsg(f.relay, bppID, types.SubscriberType_BPP, "key-1", 1))
	})

	require.NoError(t, err)
	require.Equal(t, types.SubscriptionStatus_INITIATED, res.Status)
	got := f.bpp(t)
	require.Equal(t, f.relay, got.Participant.Owner)
	require.Equal(t, "key-1", got.CurrentKey.KeyId)
	keys, err := f.query.ParticipantKeys(f.ctx, &types.QueryParticipantKeysRequest{SubscriberId: bppID})
	require.NoError(t, err)
	require.Len(t, keys.Keys, 2, "the squatter's key stays in the history")
}

func TestResubscribeWaitsForApprovalAgain(t *testing.T) {
	f := setup(t)
	f.subscribed(t, f.relay, bppID, types.SubscriberType_BPP)
	msg := subscribeMsg(f.relay, bppID, types.SubscriberType_BPP, "key-1", 1)
	msg.Url = "https://bpp2.powershare.example/beckn"

	res, err := deliver(f, func(ctx context.Context) (*types.MsgSubscribeResponse, error) { return f.msg.Subscribe(ctx, msg) })

	require.NoError(t, err)
	require.Equal(t, types.SubscriptionStatus_UNDER_SUBSCRIPTION, res.Status)
	require.Equal(t, msg.Url, f.bpp(t).Participant.Url)

	// The same key id with other keys is refused.
	changed := subscribeMsg(f.relay, bppID, types.SubscriberType_BPP, "key-1", 2)
	_, err = deliver(f, func(ctx context.Context) (*types.MsgSubscribeResponse, error) { return f.msg.Subscribe(ctx, changed) })
	require.ErrorIs(t, err, types.ErrKeyIDTaken)
}

func TestDecidingSubscriptions(t *testing.T) {
	const approve, reject = "approve", "reject"
	tests := []struct {
		name       string
		prior      string // a decision the admin took first, if any
		signer     string
		decision   string
		reason     string
		invalidSSL bool
		err        error
		outcome    types.SubscriptionStatus
	}{
		{"admin approves", "", "admin", approve, "", false, nil, types.SubscriptionStatus_SUBSCRIBED},
		{"regulator approves", "", "regulator", approve, "", false, nil, types.SubscriptionStatus_SUBSCRIBED},
		{"a relay may not approve", "", "relay2", approve, "", false, types.ErrUnauthorized, types.SubscriptionStatus_INITIATED},
		{"nor may a prosumer", "", "alice", approve, "", false, types.ErrUnauthorized, types.SubscriptionStatus_INITIATED},
		{"approving twice", approve, "admin", approve, "", false, types.ErrInvalidStatus, types.SubscriptionStatus_SUBSCRIBED},
		{"reject", "", "regulator", reject, "no contract", false, nil, types.SubscriptionStatus_UNSUBSCRIBED},
		{"reject for a bad certificate", "", "admin", reject, "expired certificate", true, nil, types.SubscriptionStatus_INVALID_SSL},
		{"reject without a reason", "", "admin", reject, "", false, types.ErrInvalidParticipant, types.SubscriptionStatus_INITIATED},
		{"withdraw an approval", approve, "admin", reject, "fraud", false, nil, types.SubscriptionStatus_UNSUBSCRIBED},
		{"reject twice", reject, "admin", reject, "again", false, types.ErrInvalidStatus, types.SubscriptionStatus_UNSUBSCRIBED},
		{"approve a rejected one", reject, "admin", approve, "", false, types.ErrInvalidStatus, types.SubscriptionStatus_UNSUBSCRIBED},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			_, err := deliver(f, func(ctx context.Context) (*types.MsgSubscribeResponse, error) {
				return f.msg.Subscribe(ctx, subscribeMsg(f.relay, bppID, types.SubscriberType_BPP, "key-1", 1))
			})
			require.NoError(t, err)
			if tc.prior != "" {
				require.NoError(t, f.decide(tc.prior, f.admin, "first decision", false))
			}

			err = f.decide(tc.decision, account(tc.signer), tc.reason, tc.invalidSSL)

			require.ErrorIs(t, err, tc.err)
			require.Equal(t, tc.outcome, f.bpp(t).Participant.Status)
		})
	}
}

func (f *fixture) decide(decision, signer, reason string, invalidSSL bool) error {
	if decision == "approve" {
		return f.approve(signer)
	}
	return f.reject(signer, reason, invalidSSL)
}

func (f *fixture) approve(signer string) error {
	_, err := deliver(f, func(ctx context.Context) (*types.MsgApproveSubscriptionResponse, error) {
		return f.msg.ApproveSubscription(ctx, &types.MsgApproveSubscription{Signer: signer, SubscriberId: bppID})
	})
	return err
}

func (f *fixture) reject(signer, reason string, invalidSSL bool) error {
	_, err := deliver(f, func(ctx context.Context) (*types.MsgRejectSubscriptionResponse, error) {
		return f.msg.RejectSubscription(ctx, &types.MsgRejectSubscription{Signer: signer, SubscriberId: bppID, Reason: reason, InvalidSsl: invalidSSL})
	})
	return err
}

func TestRotateKeysKeepsThePreviousKeyQueryable(t *testing.T) {
	f := setup(t)
	f.network(t)
	f.ctx = f.ctx.WithBlockTime(now.Add(time.Hour))
	signing, encr := keySet(2)

	_, err := deliver(f, func(ctx context.Context) (*types.MsgRotateKeysResponse, error) {
		return f.msg.RotateKeys(ctx, &types.MsgRotateKeys{Relay: f.relay, SubscriberId: bppID, KeyId: "key-2",
			SigningPublicKey: signing, EncrPublicKey: encr})
	})

	require.NoError(t, err)
	got := f.bpp(t)
	require.Equal(t, "key-2", got.CurrentKey.KeyId)
	require.Equal(t, types.SubscriptionStatus_SUBSCRIBED, got.Status)
	keys, err := f.query.ParticipantKeys(f.ctx, &types.QueryParticipantKeysRequest{SubscriberId: bppID})
	require.NoError(t, err)
	require.Len(t, keys.Keys, 2)
	require.Equal(t, now.Add(time.Hour), keys.Keys[0].ValidUntil, "key-1 ends when key-2 starts")
	old, err := f.query.Lookup(f.ctx, &types.QueryLookupRequest{SubscriberId: bppID, KeyId: "key-1"})
	require.NoError(t, err)
	require.Equal(t, types.SubscriptionStatus_EXPIRED, old.Subscriptions[0].Status, "an ended key is never shown as valid")
}

func TestRotateKeysRefusals(t *testing.T) {
	signing, encr := keySet(2)
	tests := []struct {
		name, relay, keyID string
		err                error
	}{
		{"a key id used before", "relay", "key-1", types.ErrKeyIDTaken},
		{"not the owner", "relay2", "key-2", types.ErrNotOwner},
		{"not a relay", "alice", "key-2", types.ErrUnauthorized},
		{"bad key id", "relay", "key 2", types.ErrInvalidKey},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			f.network(t)
			before := f.exported(t)

			_, err := deliver(f, func(ctx context.Context) (*types.MsgRotateKeysResponse, error) {
				return f.msg.RotateKeys(ctx, &types.MsgRotateKeys{Relay: account(tc.relay), SubscriberId: bppID, KeyId: tc.keyID,
					SigningPublicKey: signing, EncrPublicKey: encr})
			})

			require.ErrorIs(t, err, tc.err)
			require.Equal(t, before, f.exported(t))
		})
	}
}

func TestUnsubscribe(t *testing.T) {
	f := setup(t)
	f.network(t)
	unsubscribe := func(relay string) error {
		_, err := deliver(f, func(ctx context.Context) (*types.MsgUnsubscribeResponse, error) {
			return f.msg.Unsubscribe(ctx, &types.MsgUnsubscribe{Relay: relay, SubscriberId: bppID})
		})
		return err
	}

	require.ErrorIs(t, unsubscribe(f.otherRelay), types.ErrNotOwner)
	require.NoError(t, unsubscribe(f.relay))
	require.Equal(t, types.SubscriptionStatus_UNSUBSCRIBED, f.bpp(t).Status)
	require.ErrorIs(t, unsubscribe(f.relay), types.ErrInvalidStatus)
}

func TestLookupFiltersAndExpiry(t *testing.T) {
	f := setup(t)
	f.network(t)
	lookup := func(req *types.QueryLookupRequest) []string {
		res, err := f.query.Lookup(f.ctx, req)
		require.NoError(t, err)
		var ids []string
		for _, s := range res.Subscriptions {
			ids = append(ids, s.SubscriberId)
		}
		return ids
	}

	require.Equal(t, []string{bapID, bppID}, lookup(&types.QueryLookupRequest{}))
	require.Equal(t, []string{bppID}, lookup(&types.QueryLookupRequest{Type: types.SubscriberType_BPP}))
	require.Equal(t, []string{bapID, bppID}, lookup(&types.QueryLookupRequest{Domain: domain, Country: "IND", City: "std:080"}))
	require.Empty(t, lookup(&types.QueryLookupRequest{Domain: "other:domain"}))
	require.Empty(t, lookup(&types.QueryLookupRequest{KeyId: "key-9"}))
	require.Equal(t, []string{bapID, bppID}, lookup(&types.QueryLookupRequest{Status: types.SubscriptionStatus_SUBSCRIBED}))

	// A year later both keys have ended: nothing is SUBSCRIBED any more.
	f.ctx = f.ctx.WithBlockTime(now.Add(365 * 24 * time.Hour))
	require.Empty(t, lookup(&types.QueryLookupRequest{Status: types.SubscriptionStatus_SUBSCRIBED}))
	require.Equal(t, []string{bapID, bppID}, lookup(&types.QueryLookupRequest{Status: types.SubscriptionStatus_EXPIRED}))
	require.Equal(t, types.SubscriptionStatus_EXPIRED, f.bpp(t).Status)

	_, err := f.query.Lookup(f.ctx, &types.QueryLookupRequest{Status: types.SubscriptionStatus(99)})
	require.Equal(t, codes.InvalidArgument, status.Code(err))
	_, err = f.query.Lookup(f.ctx, &types.QueryLookupRequest{Type: types.SubscriberType(9)})
	require.Equal(t, codes.InvalidArgument, status.Code(err))
}

// zeroReader is a deterministic key source for tests.
type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func ptr[T any](v T) *T { return &v }

func (f *fixture) rotate(relay, keyID string, seed byte, validFrom *time.Time) error {
	signing, encr := keySet(seed)
	_, err := deliver(f, func(ctx context.Context) (*types.MsgRotateKeysResponse, error) {
		return f.msg.RotateKeys(ctx, &types.MsgRotateKeys{Relay: relay, SubscriberId: bppID, KeyId: keyID,
			SigningPublicKey: signing, EncrPublicKey: encr, ValidFrom: validFrom})
	})
	return err
}

func (f *fixture) keyByID(t *testing.T, keyID string) types.SubscriberKey {
	t.Helper()
	res, err := f.query.Lookup(f.ctx, &types.QueryLookupRequest{SubscriberId: bppID, KeyId: keyID})
	require.NoError(t, err)
	require.Len(t, res.Subscriptions, 1)
	s := res.Subscriptions[0]
	return types.SubscriberKey{KeyId: s.KeyId, ValidFrom: s.ValidFrom, ValidUntil: s.ValidUntil}
}

func TestScheduledRotationKeepsThePreviousKeyInForce(t *testing.T) {
	f := setup(t)
	f.network(t)
	switchAt := now.Add(30 * 24 * time.Hour)

	require.NoError(t, f.rotate(f.relay, "key-2", 2, &switchAt))

	res, err := f.query.Lookup(f.ctx, &types.QueryLookupRequest{SubscriberId: bppID})
	require.NoError(t, err)
	require.Equal(t, "key-1", res.Subscriptions[0].KeyId, "key-1 is in force until key-2 starts")
	require.Equal(t, types.SubscriptionStatus_SUBSCRIBED, res.Subscriptions[0].Status)
	require.Equal(t, switchAt, f.keyByID(t, "key-1").ValidUntil)
	require.Equal(t, "key-2", f.bpp(t).CurrentKey.KeyId)

	// A second rotation scheduled ahead is refused while the first is pending.
	later := switchAt.Add(time.Hour)
	require.ErrorIs(t, f.rotate(f.relay, "key-3", 3, &later), types.ErrInvalidKey)
}

func TestImmediateRotationEndsEveryEarlierKey(t *testing.T) {
	f := setup(t)
	f.network(t)
	switchAt := now.Add(30 * 24 * time.Hour)
	require.NoError(t, f.rotate(f.relay, "key-2", 2, &switchAt))
	f.ctx = f.ctx.WithBlockTime(now.Add(time.Hour))

	// key-1 is compromised: rotate to key-3 at once.
	require.NoError(t, f.rotate(f.relay, "key-3", 3, nil))

	require.Equal(t, now.Add(time.Hour), f.keyByID(t, "key-1").ValidUntil, "the compromised key ends now")
	require.Equal(t, switchAt, f.keyByID(t, "key-2").ValidUntil, "the pending key never comes into force")
	require.Equal(t, f.keyByID(t, "key-2").ValidFrom, f.keyByID(t, "key-2").ValidUntil)
	res, err := f.query.Lookup(f.ctx, &types.QueryLookupRequest{SubscriberId: bppID, Status: types.SubscriptionStatus_SUBSCRIBED})
	require.NoError(t, err)
	require.Equal(t, "key-3", res.Subscriptions[0].KeyId)
	old, err := f.query.Lookup(f.ctx, &types.QueryLookupRequest{SubscriberId: bppID, KeyId: "key-1"})
	require.NoError(t, err)
	require.Equal(t, types.SubscriptionStatus_EXPIRED, old.Subscriptions[0].Status)
}

func TestParticipantsByOwner(t *testing.T) {
	f := setup(t)
	f.network(t)
	f.subscribed(t, f.relay, "bg.powershare.example", types.SubscriberType_BG)

	res, err := f.query.ParticipantsByOwner(f.ctx, &types.QueryParticipantsByOwnerRequest{Owner: f.relay})
	require.NoError(t, err)
	_, errBad := f.query.ParticipantsByOwner(f.ctx, &types.QueryParticipantsByOwnerRequest{Owner: "power1bad"})

	require.Len(t, res.Participants, 2)
	require.Equal(t, "bg.powershare.example", res.Participants[0].SubscriberId)
	require.Equal(t, bppID, res.Participants[1].SubscriberId)
	require.ErrorContains(t, errBad, "InvalidArgument")
}

func TestApprovalBoundToTheReviewedVersion(t *testing.T) {
	f := setup(t)
	_, err := deliver(f, func(ctx context.Context) (*types.MsgSubscribeResponse, error) {
		return f.msg.Subscribe(ctx, subscribeMsg(f.relay, bppID, types.SubscriberType_BPP, "key-1", 1))
	})
	require.NoError(t, err)
	reviewed := f.bpp(t).Participant.Updated
	f.ctx = f.ctx.WithBlockTime(now.Add(time.Minute))
	changed := subscribeMsg(f.relay, bppID, types.SubscriberType_BPP, "key-1", 1)
	changed.Url = "https://elsewhere.example/beckn"
	_, err = deliver(f, func(ctx context.Context) (*types.MsgSubscribeResponse, error) { return f.msg.Subscribe(ctx, changed) })
	require.NoError(t, err)
	approve := func(reviewed time.Time) error {
		_, err := deliver(f, func(ctx context.Context) (*types.MsgApproveSubscriptionResponse, error) {
			return f.msg.ApproveSubscription(ctx, &types.MsgApproveSubscription{Signer: f.admin, SubscriberId: bppID, Reviewed: &reviewed})
		})
		return err
	}

	require.ErrorIs(t, approve(reviewed), types.ErrInvalidStatus)
	require.NoError(t, approve(f.bpp(t).Participant.Updated))
	require.Equal(t, types.SubscriptionStatus_SUBSCRIBED, f.bpp(t).Status)
}
