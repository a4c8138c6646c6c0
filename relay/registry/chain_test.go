package registry_test

import (
	"context"
	"net"
	"sort"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/powershare/powershare/relay/registry"
	"github.com/powershare/powershare/x/beckn/types"
)

// fakeQueryServer answers Lookup as x/beckn does, over a fixed registry:
// subscriber_id reads one entry; other filters scan in id order, at most
// scanBound entries per request, up to the page limit, with next_key the
// first entry not read. stuck makes it answer every page with the same
// next_key.
type fakeQueryServer struct {
	types.UnimplementedQueryServer
	subs      []types.Subscription
	scanBound int
	stuck     bool
	requests  []*types.QueryLookupRequest
}

func (s *fakeQueryServer) Lookup(_ context.Context, req *types.QueryLookupRequest) (*types.QueryLookupResponse, error) {
	s.requests = append(s.requests, req)
	match := func(sub types.Subscription) bool {
		return (req.Type == types.SubscriberType_SUBSCRIBER_TYPE_UNSPECIFIED || sub.Type == req.Type) &&
			(req.Domain == "" || sub.Domain == req.Domain) && (req.KeyId == "" || sub.KeyId == req.KeyId)
	}
	res := &types.QueryLookupResponse{Subscriptions: []types.Subscription{}, Pagination: &query.PageResponse{}}
	if req.SubscriberId != "" {
		for _, sub := range s.subs {
			if sub.SubscriberId == req.SubscriberId && match(sub) {
				res.Subscriptions = append(res.Subscriptions, sub)
			}
		}
		return res, nil
	}
	start := string(req.Pagination.GetKey())
	scanned := 0
	for _, sub := range s.subs {
		if sub.SubscriberId < start {
			continue
		}
		if uint64(len(res.Subscriptions)) == req.Pagination.GetLimit() || scanned == s.scanBound {
			res.Pagination.NextKey = []byte(sub.SubscriberId)
			if s.stuck {
				res.Pagination.NextKey = []byte(s.subs[0].SubscriberId)
			}
			break
		}
		scanned++
		if match(sub) {
			res.Subscriptions = append(res.Subscriptions, sub)
		}
	}
	return res, nil
}

// serveFake serves srv on a loopback port the way a node serves gRPC (the
// SDK's gogoproto codec) and returns a client connection with grpc's
// default codec, as a relay dials it.
func serveFake(t *testing.T, srv *fakeQueryServer) *grpc.ClientConn {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	s := grpc.NewServer(grpc.ForceServerCodec(codec.NewProtoCodec(codectypes.NewInterfaceRegistry()).GRPCCodec()))
	types.RegisterQueryServer(s, srv)
	go func() { _ = s.Serve(lis) }()
	t.Cleanup(s.Stop)
	conn, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	t.Cleanup(func() { _ = conn.Close() })
	return conn
}

func chainSubscription(id string, typ types.SubscriberType) types.Subscription {
	return types.Subscription{
		SubscriberId: id, Url: "https://" + id + "/beckn", Type: typ, Domain: "deg:p2p-trading",
		Location: &types.Location{Country: &types.Code{Code: "IND"}, City: &types.Code{Code: "std:080"}},
		KeyId:    "key-1", SigningPublicKey: []byte{1, 2, 3}, EncrPublicKey: []byte{4, 5, 6}, MldsaPublicKey: []byte{7},
		ValidFrom: t0.Add(-time.Hour), ValidUntil: t0.Add(time.Hour), Status: types.SubscriptionStatus_SUBSCRIBED,
		Created: t0.Add(-2 * time.Hour), Updated: t0.Add(-time.Hour),
	}
}

func TestChainResolveKey(t *testing.T) {
	bpp := chainSubscription("bpp.example.org", types.SubscriberType_BPP)
	srv := &fakeQueryServer{subs: []types.Subscription{bpp}}
	chain := registry.NewChain(serveFake(t, srv))
	ctx := context.Background()

	k, err := chain.ResolveKey(ctx, "bpp.example.org", "key-1")

	require.NoError(t, err)
	require.Equal(t, registry.Key{
		SubscriberID: "bpp.example.org", KeyID: "key-1", URL: "https://bpp.example.org/beckn", Type: "BPP", Domain: "deg:p2p-trading",
		Country: "IND", City: "std:080", Status: "SUBSCRIBED",
		SigningPublicKey: []byte{1, 2, 3}, EncrPublicKey: []byte{4, 5, 6}, MLDSAPublicKey: []byte{7},
		ValidFrom: t0.Add(-time.Hour), ValidUntil: t0.Add(time.Hour), Created: t0.Add(-2 * time.Hour), Updated: t0.Add(-time.Hour),
	}, k)
	require.Equal(t, &types.QueryLookupRequest{SubscriberId: "bpp.example.org", KeyId: "key-1"}, srv.requests[0])

	_, err = chain.ResolveKey(ctx, "bpp.example.org", "key-2")
	require.ErrorIs(t, err, registry.ErrNotFound)
	_, err = chain.ResolveKey(ctx, "bap.unknown.example", "")
	require.ErrorIs(t, err, registry.ErrNotFound)
	_, err = chain.ResolveKey(ctx, "", "key-1")
	require.ErrorIs(t, err, registry.ErrInvalidFilter)
}

// TestChainLookupReadsEveryPage: the chain scans a bounded stretch per
// request, so pages may be short or empty with more to come; Lookup
// follows next_key to the end.
func TestChainLookupReadsEveryPage(t *testing.T) {
	var subs []types.Subscription
	for _, id := range []string{"a.example", "b.example", "c.example", "d.example", "e.example", "f.example", "g.example"} {
		typ := types.SubscriberType_BAP
		if id[0] < 'c' || id[0] > 'e' { // c, d and e are BAPs
			typ = types.SubscriberType_BPP
		}
		subs = append(subs, chainSubscription(id, typ))
	}
	srv := &fakeQueryServer{subs: subs, scanBound: 2}
	chain := registry.NewChain(serveFake(t, srv))

	keys, err := chain.Lookup(context.Background(), registry.Filter{Type: "bpp", Domain: "deg:p2p-trading"})

	require.NoError(t, err)
	var ids []string
	for _, k := range keys {
		ids = append(ids, k.SubscriberID)
	}
	require.Equal(t, []string{"a.example", "b.example", "f.example", "g.example"}, ids)
	require.True(t, sort.StringsAreSorted(ids))
	require.Len(t, srv.requests, 4, "7 entries, 2 scanned per request")
	require.Equal(t, types.SubscriberType_BPP, srv.requests[0].Type)
	require.Equal(t, "deg:p2p-trading", srv.requests[0].Domain)
	require.Equal(t, []byte("c.example"), srv.requests[1].Pagination.Key)
}

func TestChainLookupRefusesWhatNeverEnds(t *testing.T) {
	srv := &fakeQueryServer{subs: []types.Subscription{
		chainSubscription("a.example", types.SubscriberType_BPP), chainSubscription("b.example", types.SubscriberType_BPP),
	}, scanBound: 1, stuck: true}
	chain := registry.NewChain(serveFake(t, srv))

	_, err := chain.Lookup(context.Background(), registry.Filter{})

	require.ErrorContains(t, err, "does not advance")
	_, err = chain.Lookup(context.Background(), registry.Filter{Status: "gone"})
	require.ErrorIs(t, err, registry.ErrInvalidFilter)
}

func TestChainAnswersWithinTheCallersDeadline(t *testing.T) {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer lis.Close() // accepts connections, never speaks gRPC
	conn, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()

	_, err = registry.NewChain(conn).ResolveKey(ctx, "bpp.example.org", "")

	require.Error(t, err)
	require.NotErrorIs(t, err, registry.ErrNotFound)
}
