package keeper_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

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
		{"signed before the key was valid", sign(anchor(1), 1, now.Add(-time.Hour)), types.ErrInvalidKey},
		{"signed far after the block time", sign(anchor(1), 1, now.Add(10*time.Minute)), types.ErrInvalidSignature},
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

func TestSignaturesMadeBeforeARotationStillAnchor(t *testing.T) {
	f := setup(t)
	f.network(t)
	signedEarlier := anchor(1) // signed with key-1 at now
	f.ctx = f.ctx.WithBlockTime(now.Add(time.Hour))
	require.NoError(t, f.rotate(f.relay, "key-2", 2, nil))

	_, err := f.anchorOrders(f.relay, signedEarlier)
	require.NoError(t, err, "key-1 was valid when it signed")

	f.ctx = f.ctx.WithBlockTime(now.Add(2 * time.Hour))
	late := sign(anchor(2), 1, now.Add(90*time.Minute))
	_, err = f.anchorOrders(f.relay, late)
	require.ErrorIs(t, err, types.ErrInvalidKey, "key-1 had ended when it signed")
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
