package registry

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"google.golang.org/grpc"

	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/powershare/powershare/x/beckn/types"
)

const (
	// chainCallTimeout bounds one Lookup call whose context has no
	// earlier deadline: a node that stops answering must not hang a
	// signature check.
	chainCallTimeout = 10 * time.Second
	// lookupPageLimit is the matches asked for per page. The chain scans
	// at most 1,000 participants per request whatever the limit, so a
	// page may hold fewer, and more may follow.
	lookupPageLimit = 1000
	// maxLookupPages bounds the pages one Lookup reads (a million
	// participants scanned): it ends a scan that a misbehaving node keeps
	// going.
	maxLookupPages = 1000
	// maxLookupResults bounds the entries one Lookup returns: a gateway's
	// fan-out and an outsider's /lookup never need more.
	maxLookupResults = 10_000
)

// chain is the Registry of x/beckn, read through its gRPC Lookup query.
type chain struct {
	query types.QueryClient
	// codec decodes the chain's gogoproto messages (timestamps as
	// time.Time) whatever default codec the connection was dialled with.
	codec grpc.CallOption
}

// NewChain returns the registry x/beckn keeps, read through the node's gRPC
// endpoint (a *grpc.ClientConn). Every call has a deadline: the caller's, or
// 10 s.
func NewChain(conn grpc.ClientConnInterface) Registry {
	cdc := codec.NewProtoCodec(codectypes.NewInterfaceRegistry())
	return &chain{query: types.NewQueryClient(conn), codec: grpc.ForceCodec(cdc.GRPCCodec())}
}

func (c *chain) ResolveKey(ctx context.Context, subscriberID, keyID string) (Key, error) {
	if subscriberID == "" {
		return Key{}, fmt.Errorf("%w: no subscriber id", ErrInvalidFilter)
	}
	res, err := c.lookup(ctx, &types.QueryLookupRequest{SubscriberId: subscriberID, KeyId: keyID})
	if err != nil {
		return Key{}, err
	}
	switch len(res.Subscriptions) {
	case 0:
		if keyID == "" {
			return Key{}, fmt.Errorf("%w: %q has no key in force", ErrNotFound, subscriberID)
		}
		return Key{}, fmt.Errorf("%w: %q has no key %q", ErrNotFound, subscriberID, keyID)
	case 1:
		k := keyOf(res.Subscriptions[0])
		if k.SubscriberID != subscriberID || (keyID != "" && k.KeyID != keyID) {
			return Key{}, fmt.Errorf("registry answered %q key %q for %q key %q", k.SubscriberID, k.KeyID, subscriberID, keyID)
		}
		return k, nil
	default:
		return Key{}, fmt.Errorf("registry answered %d entries for subscriber id %q", len(res.Subscriptions), subscriberID)
	}
}

func (c *chain) Lookup(ctx context.Context, f Filter) ([]Key, error) {
	f, err := f.Normalize()
	if err != nil {
		return nil, err
	}
	req := &types.QueryLookupRequest{
		SubscriberId: f.SubscriberID, KeyId: f.KeyID, Domain: f.Domain, Country: f.Country, City: f.City,
		Type:   types.SubscriberType(types.SubscriberType_value[f.Type]),
		Status: types.SubscriptionStatus(types.SubscriptionStatus_value[f.Status]),
	}
	keys := []Key{}
	for page := 0; ; page++ {
		if page == maxLookupPages {
			return nil, fmt.Errorf("%w: more than %d pages of the registry; narrow the filter", ErrTooManyResults, maxLookupPages)
		}
		res, err := c.lookup(ctx, req)
		if err != nil {
			return nil, err
		}
		for _, s := range res.Subscriptions {
			keys = append(keys, keyOf(s))
		}
		if len(keys) > maxLookupResults {
			return nil, fmt.Errorf("%w: more than %d entries; narrow the filter", ErrTooManyResults, maxLookupResults)
		}
		var next []byte
		if res.Pagination != nil {
			next = res.Pagination.NextKey
		}
		if len(next) == 0 {
			return keys, nil
		}
		if req.Pagination != nil && bytes.Compare(next, req.Pagination.Key) <= 0 {
			return nil, fmt.Errorf("registry lookup: the next page key %q does not advance past %q", next, req.Pagination.Key)
		}
		req.Pagination = &query.PageRequest{Key: next, Limit: lookupPageLimit}
	}
}

// lookup makes one Lookup call with a deadline; the first page asks for
// lookupPageLimit matches too.
func (c *chain) lookup(ctx context.Context, req *types.QueryLookupRequest) (*types.QueryLookupResponse, error) {
	if req.SubscriberId == "" && req.Pagination == nil {
		req.Pagination = &query.PageRequest{Limit: lookupPageLimit}
	}
	ctx, cancel := context.WithTimeout(ctx, chainCallTimeout)
	defer cancel()
	res, err := c.query.Lookup(ctx, req, c.codec)
	if err != nil {
		return nil, fmt.Errorf("registry lookup on chain: %w", err)
	}
	return res, nil
}

// keyOf converts a chain Subscription into a Key.
func keyOf(s types.Subscription) Key {
	k := Key{
		SubscriberID: s.SubscriberId, KeyID: s.KeyId, URL: s.Url, Domain: s.Domain,
		Type: s.Type.String(), Status: s.Status.String(),
		SigningPublicKey: s.SigningPublicKey, EncrPublicKey: s.EncrPublicKey, MLDSAPublicKey: s.MldsaPublicKey,
		ValidFrom: s.ValidFrom.UTC(), ValidUntil: s.ValidUntil.UTC(), Created: s.Created.UTC(), Updated: s.Updated.UTC(),
	}
	if s.Location != nil {
		if s.Location.Country != nil {
			k.Country = s.Location.Country.Code
		}
		if s.Location.City != nil {
			k.City = s.Location.City.Code
		}
	}
	return k
}
