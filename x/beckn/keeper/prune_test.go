package keeper_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/powershare/powershare/x/beckn/types"
)

// TestFinalOrdersArePrunedAfterTheRetention: finding 6 of issue 11 (Beckn
// histories). An order in a final state is removed with its history
// order_retention_seconds after its last change, at most
// max_prunes_per_block a block, each with an event carrying the record;
// open orders stay; the queue survives a genesis export and import.
func TestFinalOrdersArePrunedAfterTheRetention(t *testing.T) {
	f := setup(t)
	f.network(t)
	retention := 365 * 24 * time.Hour
	f.setParams(t, func(p *types.Params) { p.OrderRetentionSeconds, p.MaxPrunesPerBlock = uint64(retention/time.Second), 2 })
	_, err := f.anchorOrders(f.relay, anchor(1), anchor(2), anchor(3), anchor(4))
	require.NoError(t, err)
	for n := 1; n <= 3; n++ {
		require.NoError(t, f.updateState(f.relay, fmt.Sprintf("order-%d", n), types.OrderState_CANCELLED, n))
	}
	exported := f.exported(t)
	f = setup(t)
	require.NoError(t, f.k.InitGenesis(f.ctx, *exported))

	f.ctx = f.ctx.WithBlockTime(now.Add(retention - time.Second))
	f.endBlock(t)
	require.Len(t, f.exported(t).Orders, 4, "not yet")

	f.ctx = f.ctx.WithBlockTime(now.Add(retention)).WithEventManager(sdk.NewEventManager())
	f.endBlock(t)
	require.Len(t, f.exported(t).Orders, 2, "two a block")
	events := f.ctx.EventManager().Events()
	require.Len(t, events, 2)
	require.Equal(t, "powershare.beckn.v1.EventOrderPruned", events[0].Type)
	record, ok := events[0].GetAttribute("history")
	require.True(t, ok)
	require.Contains(t, record.Value, `"CANCELLED"`, "the event carries the history")

	f.endBlock(t)
	gs := f.exported(t)
	require.Len(t, gs.Orders, 1)
	require.Equal(t, "order-4", gs.Orders[0].Anchor.OrderId, "an open order is never pruned")
	require.Len(t, gs.History, 1)
	byBPP, err := f.query.OrdersByParticipant(f.ctx, &types.QueryOrdersByParticipantRequest{SubscriberId: bppID})
	require.NoError(t, err)
	require.Len(t, byBPP.Orders, 1)
	_, err = f.query.Order(f.ctx, &types.QueryOrderRequest{OrderId: "order-1"})
	require.ErrorContains(t, err, "NotFound")
	require.NoError(t, gs.Validate(f.ac))
}

// TestZeroRetentionKeepsOrders: order_retention_seconds 0 keeps every order.
func TestZeroRetentionKeepsOrders(t *testing.T) {
	f := setup(t)
	f.network(t)
	f.setParams(t, func(p *types.Params) { p.OrderRetentionSeconds = 0 })
	_, err := f.anchorOrders(f.relay, anchor(1))
	require.NoError(t, err)
	require.NoError(t, f.updateState(f.relay, "order-1", types.OrderState_CANCELLED, 1))

	f.ctx = f.ctx.WithBlockTime(now.Add(20 * 365 * 24 * time.Hour))
	f.endBlock(t)

	require.Len(t, f.exported(t).Orders, 1)
}

// TestLookupScansABoundedStretch: issue 11 (no query walks a store without
// a bound). A filtered lookup reads at most 1,000 participants a request
// and hands back next_key, so a client finds every match page by page.
func TestLookupScansABoundedStretch(t *testing.T) {
	f := setup(t)
	f.network(t) // bap.example.org, bpp.powershare.example
	signing, encr := keySet(1)
	for i := range 2_500 { // ids sort after both of the network's
		id := fmt.Sprintf("z%05d.example", i)
		p := f.participant(t, bppID)
		p.SubscriberId, p.Domain = id, "other:domain"
		if i%1_000 == 999 {
			p.Domain = domain
		}
		require.NoError(t, f.k.Participants.Set(f.ctx, id, p))
		require.NoError(t, f.k.Keys.Set(f.ctx, collections.Join(id, "key-1"), types.SubscriberKey{SubscriberId: id, KeyId: "key-1",
			SigningPublicKey: signing, EncrPublicKey: encr, ValidFrom: now, ValidUntil: now.Add(time.Hour)}))
	}
	req := &types.QueryLookupRequest{Domain: domain, Pagination: &query.PageRequest{Limit: 100}}

	var found []string
	requests := 0
	for {
		res, err := f.query.Lookup(f.ctx, req)
		require.NoError(t, err)
		requests++
		for _, s := range res.Subscriptions {
			found = append(found, s.SubscriberId)
		}
		if len(res.Pagination.NextKey) == 0 {
			break
		}
		req.Pagination.Key = res.Pagination.NextKey
	}

	require.Equal(t, []string{bapID, bppID, "z00999.example", "z01999.example"}, found)
	require.Equal(t, 3, requests, "2,502 participants, 1,000 a request")
	_, err := f.query.Lookup(f.ctx, &types.QueryLookupRequest{Domain: domain, Pagination: &query.PageRequest{Offset: 10}})
	require.ErrorContains(t, err, "InvalidArgument")
}
