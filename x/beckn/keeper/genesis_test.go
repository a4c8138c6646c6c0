package keeper_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/powershare/powershare/x/beckn/types"
)

// populated is a fixture with a registry, a rotation, anchors and state changes.
func populated(t *testing.T) *fixture {
	t.Helper()
	f := setup(t)
	f.network(t)
	signing, encr := keySet(2)
	_, err := deliver(f, func(ctx context.Context) (*types.MsgRotateKeysResponse, error) {
		return f.msg.RotateKeys(ctx, &types.MsgRotateKeys{Relay: f.otherRelay, SubscriberId: bapID, KeyId: "key-2",
			SigningPublicKey: signing, EncrPublicKey: encr, ValidFrom: ptr(now.Add(time.Minute))})
	})
	require.NoError(t, err)
	_, err = f.anchorOrders(f.relay, anchor(1), anchor(2), anchor(3))
	require.NoError(t, err)
	require.NoError(t, f.updateState(f.relay, "order-1", types.OrderState_ACTIVE, 1))
	require.NoError(t, f.updateState(f.relay, "order-1", types.OrderState_COMPLETED, 2))
	require.NoError(t, f.updateState(f.otherRelay, "order-2", types.OrderState_CANCELLED, 3))
	return f
}

func TestGenesisRoundTrip(t *testing.T) {
	f := populated(t)
	exported := f.exported(t)
	require.NoError(t, exported.Validate(f.ac))

	fresh := setup(t)
	require.NoError(t, fresh.k.InitGenesis(fresh.ctx, *exported))

	require.Equal(t, exported, fresh.exported(t))
	// The derived per-participant lists are rebuilt, newest first.
	res, err := fresh.query.OrdersByParticipant(fresh.ctx, &types.QueryOrdersByParticipantRequest{SubscriberId: bppID})
	require.NoError(t, err)
	require.Equal(t, []string{"order-3", "order-2", "order-1"}, orderIDs(res.Orders))
}

func TestDefaultGenesisIsValid(t *testing.T) {
	require.NoError(t, types.DefaultGenesis().Validate(setup(t).ac))
}

func TestGenesisValidation(t *testing.T) {
	tests := []struct {
		name string
		edit func(gs *types.GenesisState)
	}{
		{"bad params", func(gs *types.GenesisState) { gs.Params.MaxAnchorsPerTx = 0 }},
		{"duplicate participant", func(gs *types.GenesisState) { gs.Participants = append(gs.Participants, gs.Participants[0]) }},
		{"stored EXPIRED status", func(gs *types.GenesisState) { gs.Participants[0].Status = types.SubscriptionStatus_EXPIRED }},
		{"participant owner not canonical", func(gs *types.GenesisState) { gs.Participants[0].Owner = "POWER1XYZ" }},
		{"current key missing", func(gs *types.GenesisState) { gs.Participants[0].KeyId = "key-7" }},
		{"key of an unknown participant", func(gs *types.GenesisState) { gs.Keys[0].SubscriberId = "ghost.example.org" }},
		{"duplicate key", func(gs *types.GenesisState) { gs.Keys = append(gs.Keys, gs.Keys[0]) }},
		{"DER key stored", func(gs *types.GenesisState) {
			gs.Keys[0].SigningPublicKey = append([]byte{0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00},
				gs.Keys[0].SigningPublicKey...)
		}},
		{"key ends before it starts", func(gs *types.GenesisState) { gs.Keys[0].ValidUntil = gs.Keys[0].ValidFrom.Add(-time.Second) }},
		{"duplicate order", func(gs *types.GenesisState) { gs.Orders = append(gs.Orders, gs.Orders[0]) }},
		{"order seq at next_seq", func(gs *types.GenesisState) { gs.Orders[0].Seq = gs.NextSeq }},
		{"order with a bad digest", func(gs *types.GenesisState) { gs.Orders[0].Anchor.Digest = []byte{1} }},
		// Finding 2 of issue 11: a digest anchors one order, and bodies are not state.
		{"two orders with one digest", func(gs *types.GenesisState) { gs.Orders[1].Anchor.Digest = gs.Orders[0].Anchor.Digest }},
		{"an order with its body", func(gs *types.GenesisState) { gs.Orders[0].Anchor.Body = []byte("{}") }},
		{"history of an unknown order", func(gs *types.GenesisState) { gs.History[0].OrderId = "order-9" }},
		{"history missing an entry", func(gs *types.GenesisState) { gs.History = gs.History[1:] }},
		{"history ending elsewhere than the state", func(gs *types.GenesisState) { gs.Orders[0].State = types.OrderState_ACTIVE }},
		{"illegal transition in a history", func(gs *types.GenesisState) { gs.History[1].To = types.OrderState_COMPLETED }},
		{"a history that skips a state", func(gs *types.GenesisState) { gs.History[2].From = types.OrderState_CONFIRMED }},
		{"an anchoring with another digest", func(gs *types.GenesisState) { gs.History[0].Digest = anchor(9).Digest }},
		{"a trade id on an order settled off chain", func(gs *types.GenesisState) { gs.Orders[0].TradeId = 7 }},
		{"a key valid for fifty years", func(gs *types.GenesisState) { gs.Keys[0].ValidUntil = gs.Keys[0].ValidFrom.AddDate(50, 0, 0) }},
		{"a previous key not listed", func(gs *types.GenesisState) { gs.Participants[0].PreviousKeyId = "key-8" }},
		{"next_seq 0", func(gs *types.GenesisState) { gs.NextSeq = 0 }},
		{"signed without a signature", func(gs *types.GenesisState) { gs.Orders[0].Anchor.Signature = nil }},
		{"no signature age", func(gs *types.GenesisState) { gs.Params.MaxSignatureAgeSeconds = 0 }},
		{"signatures a week old", func(gs *types.GenesisState) { gs.Params.MaxSignatureAgeSeconds = 7 * 24 * 3600 }},
		{"no pending subscriptions", func(gs *types.GenesisState) { gs.Params.MaxPendingSubscriptions = 0 }},
		{"no time to approve", func(gs *types.GenesisState) { gs.Params.PendingSubscriptionSeconds = 0 }},
		{"a retention of a day", func(gs *types.GenesisState) { gs.Params.OrderRetentionSeconds = 24 * 3600 }},
		{"no prunes per block", func(gs *types.GenesisState) { gs.Params.MaxPrunesPerBlock = 0 }},
		{"INITIATED without pending_until", func(gs *types.GenesisState) { gs.Participants[0].Status = types.SubscriptionStatus_INITIATED }},
		{"pending_until on an approved participant", func(gs *types.GenesisState) { gs.Participants[0].PendingUntil = &now }},
		{"a key of a later generation", func(gs *types.GenesisState) { gs.Keys[0].Generation = 1 }},
		{"a current key of an earlier owner", func(gs *types.GenesisState) { gs.Participants[0].Generation = 1 }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := populated(t)
			gs := f.exported(t)
			tc.edit(gs)

			require.ErrorIs(t, gs.Validate(f.ac), types.ErrInvalidGenesis)
		})
	}
}
