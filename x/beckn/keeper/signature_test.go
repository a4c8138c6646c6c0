package keeper_test

import (
	"context"
	"crypto/ed25519"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/powershare/powershare/beckn"
	"github.com/powershare/powershare/x/beckn/types"
)

func TestAnchorSignatureRefusals(t *testing.T) {
	unsigned := anchor(1)
	unsigned.Signature, unsigned.SignatureCreated, unsigned.SignatureExpires = nil, 0, 0
	tests := []struct {
		name   string
		anchor types.OrderAnchor
		err    error
	}{
		{"no signature for a BPP registered here", unsigned, types.ErrInvalidSignature},
		{"signed by another key", sign(anchor(1), 7, now), types.ErrInvalidSignature},
		{"a signature of another body", withSignature(anchor(1), anchor(2).Signature), types.ErrInvalidSignature},
		{"signed before the key was valid", sign(anchor(1), 1, now.Add(-time.Hour)), types.ErrInvalidSignature},
		{"signed far after the block time", sign(anchor(1), 1, now.Add(10*time.Minute)), types.ErrInvalidSignature},
		{"created longer ago than max_signature_age", sign(anchor(1), 1, now.Add(-301*time.Second)), types.ErrInvalidSignature},
		{"expired at the block time", signedFor(anchor(1), 1, now.Add(-time.Minute), now), types.ErrInvalidSignature},
		{"a key id the BPP never had", withKeyID(anchor(1), "key-9"), types.ErrInvalidKey},
		{"a truncated signature", withSignature(anchor(1), anchor(1).Signature[:63]), types.ErrInvalidSignature},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			f.network(t)
			before := f.exported(t)

			// The BAP's relay anchors: it must show the BPP's own signature.
			_, err := f.anchorOrders(f.otherRelay, tc.anchor)

			require.ErrorIs(t, err, tc.err)
			require.Equal(t, before, f.exported(t))
		})
	}
}

// TestARotatedAwayKeyNeverAnchorsAgain: finding 1 of issue 11. Whoever
// holds a key rotated away (a compromised one) cannot anchor with it by
// backdating created into the old key's window, nor by showing a
// signature made while it was valid: only the key in force at the block
// time anchors. Its old anchors stay verifiable.
func TestARotatedAwayKeyNeverAnchorsAgain(t *testing.T) {
	f := setup(t)
	f.network(t)
	_, err := f.anchorOrders(f.otherRelay, anchor(1))
	require.NoError(t, err)
	rotatedAt := now.Add(time.Hour)
	f.ctx = f.ctx.WithBlockTime(rotatedAt)
	require.NoError(t, f.rotate(f.relay, "key-2", 2, nil)) // at once: key-1 is compromised
	before := f.exported(t)

	f.ctx = f.ctx.WithBlockTime(rotatedAt.Add(time.Minute))
	backdated := sign(anchor(2), 1, rotatedAt.Add(-time.Minute)) // key-1 was valid then, and it is fresh enough
	_, errBackdated := f.anchorOrders(f.otherRelay, backdated)
	signedEarlier := sign(anchor(3), 1, now) // made while key-1 was valid, an hour old
	_, errEarlier := f.anchorOrders(f.otherRelay, signedEarlier)
	unsigned := anchor(4) // the BPP's own relay, naming the old key
	unsigned.Signature, unsigned.SignatureCreated, unsigned.SignatureExpires = nil, 0, 0
	_, errUnsigned := f.anchorOrders(f.relay, unsigned)

	require.ErrorIs(t, errBackdated, types.ErrInvalidKey)
	require.ErrorContains(t, errBackdated, "not its key in force")
	require.ErrorIs(t, errEarlier, types.ErrInvalidKey)
	require.ErrorIs(t, errUnsigned, types.ErrInvalidKey)
	require.Equal(t, before, f.exported(t), "refused anchors change nothing")

	_, err = f.anchorOrders(f.otherRelay, withKeyID(sign(withKeyID(anchor(5), "key-2"), 2, rotatedAt.Add(time.Minute)), "key-2"))
	require.NoError(t, err, "the key in force anchors")
	// History: order-1 still verifies, and key-1 (lookup --key-id) still
	// checks the signature it was anchored with.
	res, err := f.query.VerifyOrder(f.ctx, &types.QueryVerifyOrderRequest{OrderId: "order-1", Digest: anchor(1).Digest})
	require.NoError(t, err)
	require.True(t, res.Match)
	old, err := f.query.Lookup(f.ctx, &types.QueryLookupRequest{SubscriberId: bppID, KeyId: "key-1"})
	require.NoError(t, err)
	require.Len(t, old.Subscriptions, 1)
	o := f.order(t, "order-1").Anchor
	require.NoError(t, beckn.VerifySignature(old.Subscriptions[0].SigningPublicKey, o.SignatureCreated, o.SignatureExpires, o.Digest, o.Signature))
	_, err = f.anchorOrders(f.otherRelay, anchor(1))
	require.NoError(t, err, "re-anchoring an anchored order is a no-op, whatever its key became")
}

// TestAScheduledRotationKeepsThePreviousKeyUntilItStarts: finding 1 of
// issue 11. A rotation scheduled ahead leaves the previous key in force
// until the new one starts; then only the new one anchors.
func TestAScheduledRotationKeepsThePreviousKeyUntilItStarts(t *testing.T) {
	f := setup(t)
	f.network(t)
	starts := now.Add(10 * time.Minute)
	require.NoError(t, f.rotate(f.relay, "key-2", 2, &starts))
	newKey := func(n int, at time.Time) types.OrderAnchor {
		return sign(withKeyID(anchor(n), "key-2"), 2, at)
	}

	_, errOld := f.anchorOrders(f.otherRelay, sign(anchor(1), 1, now))
	_, errEarlyNew := f.anchorOrders(f.otherRelay, newKey(2, now))
	f.ctx = f.ctx.WithBlockTime(starts)
	_, errLateOld := f.anchorOrders(f.otherRelay, sign(anchor(3), 1, starts.Add(-time.Second)))
	_, errNew := f.anchorOrders(f.otherRelay, newKey(4, starts))

	require.NoError(t, errOld, "key-1 is in force until key-2 starts")
	require.ErrorIs(t, errEarlyNew, types.ErrInvalidKey, "key-2 is not in force yet")
	require.ErrorIs(t, errLateOld, types.ErrInvalidKey, "key-1 has ended")
	require.NoError(t, errNew)
}

func withKeyID(a types.OrderAnchor, keyID string) types.OrderAnchor { a.KeyId = keyID; return a }

// signedFor is sign with an explicit expires.
func signedFor(a types.OrderAnchor, seed byte, created, expires time.Time) types.OrderAnchor {
	a.SignatureCreated, a.SignatureExpires = created.Unix(), expires.Unix()
	a.Signature = ed25519.Sign(signingKey(seed), beckn.SigningString(a.SignatureCreated, a.SignatureExpires, a.Digest))
	return a
}

func TestReanchoringNeedsTheSameTermsAndAParty(t *testing.T) {
	f := setup(t)
	f.network(t)
	_, err := f.anchorOrders(f.relay, anchor(1))
	require.NoError(t, err)
	otherTerms := anchor(1)
	otherTerms.QuantityWh = 9_999
	otherZone := anchor(1) // a term the body does not state
	otherZone.Zone = "zone-b"

	_, errTerms := f.anchorOrders(f.relay, otherTerms)
	_, errZone := f.anchorOrders(f.relay, otherZone)
	_, errStranger := f.anchorOrders(account("relay3"), anchor(1))

	require.ErrorIs(t, errTerms, types.ErrTermsMismatch)
	require.ErrorIs(t, errZone, types.ErrInvalidAnchor)
	require.ErrorIs(t, errStranger, types.ErrNotOrderParty)
}

func TestPartiesUpdateTheirOrderWhateverTheRegistryBecame(t *testing.T) {
	f := setup(t)
	f.network(t)
	_, err := f.anchorOrders(f.relay, anchor(1))
	require.NoError(t, err)
	_, err = deliver(f, func(ctx context.Context) (*types.MsgRejectSubscriptionResponse, error) {
		return f.msg.RejectSubscription(ctx, &types.MsgRejectSubscription{Signer: f.admin, SubscriberId: bapID, Reason: "withdrawn"})
	})
	require.NoError(t, err)
	f.ctx = f.ctx.WithBlockTime(now.Add(2 * 365 * 24 * time.Hour)) // every key has expired

	require.NoError(t, f.updateState(f.relay, "order-1", types.OrderState_CANCELLED, 1))

	require.Equal(t, types.OrderState_CANCELLED, f.order(t, "order-1").State)
}

func withDigest(a types.OrderAnchor, digest []byte) types.OrderAnchor { a.Digest = digest; return a }

func withSignature(a types.OrderAnchor, sig []byte) types.OrderAnchor { a.Signature = sig; return a }

func TestTheBPPsOwnRelayMayAnchorUnsigned(t *testing.T) {
	f := setup(t)
	f.network(t)
	unsigned := anchor(1)
	unsigned.Signature, unsigned.SignatureCreated, unsigned.SignatureExpires = nil, 0, 0

	_, err := f.anchorOrders(f.relay, unsigned, anchor(2))

	require.NoError(t, err)
	require.False(t, f.order(t, "order-1").BppSigned, "the BPP's own statement")
	require.True(t, f.order(t, "order-2").BppSigned, "verified on chain")

	// Unsigned, its key must be valid now: after a rotation key-1 is not.
	f.ctx = f.ctx.WithBlockTime(now.Add(time.Hour))
	require.NoError(t, f.rotate(f.relay, "key-2", 2, nil))
	late := anchor(3)
	late.Signature, late.SignatureCreated, late.SignatureExpires = nil, 0, 0
	_, err = f.anchorOrders(f.relay, late)
	require.ErrorIs(t, err, types.ErrInvalidKey)
}
