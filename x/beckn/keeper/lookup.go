package keeper

import (
	"context"
	"errors"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/powershare/powershare/x/beckn/types"
	"github.com/powershare/powershare/x/internal/moduleutil"
)

// lookupFilter is a parsed /lookup request.
type lookupFilter struct {
	req *types.QueryLookupRequest
	now time.Time
}

// newLookupFilter refuses type and status numbers that name nothing;
// unspecified ones match every participant.
func newLookupFilter(ctx context.Context, req *types.QueryLookupRequest) (lookupFilter, error) {
	if req.Type != types.SubscriberType_SUBSCRIBER_TYPE_UNSPECIFIED {
		if err := req.Type.Validate(); err != nil {
			return lookupFilter{}, status.Error(codes.InvalidArgument, err.Error())
		}
	}
	if !req.Status.IsKnown() {
		return lookupFilter{}, status.Error(codes.InvalidArgument, types.ErrInvalidParticipant.Wrapf("status %s", req.Status).Error())
	}
	return lookupFilter{req: req, now: sdk.UnwrapSDKContext(ctx).BlockTime()}, nil
}

// matchesRecord applies the filters a participant's record answers alone.
func (f lookupFilter) matchesRecord(p types.Participant) bool {
	return (f.req.Type == types.SubscriberType_SUBSCRIBER_TYPE_UNSPECIFIED || p.Type == f.req.Type) &&
		(f.req.Domain == "" || p.Domain == f.req.Domain) &&
		(f.req.Country == "" || p.Country == f.req.Country) &&
		(f.req.City == "" || p.City == f.req.City)
}

// entry returns the participant's subscription for the requested key (the
// one in force unless key_id names another) if it passes every filter.
func (q queryServer) entry(ctx context.Context, f lookupFilter, p types.Participant) (types.Subscription, bool, error) {
	if !f.matchesRecord(p) {
		return types.Subscription{}, false, nil
	}
	var key types.SubscriberKey
	var err error
	if f.req.KeyId == "" {
		key, err = q.KeyInForce(ctx, p, f.now)
	} else {
		key, err = q.Keys.Get(ctx, collections.Join(p.SubscriberId, f.req.KeyId))
	}
	if err != nil {
		if errors.Is(err, collections.ErrNotFound) {
			return types.Subscription{}, false, nil
		}
		return types.Subscription{}, false, err
	}
	effective := types.EffectiveStatus(p, key, f.now)
	if f.req.Status != types.SubscriptionStatus_SUBSCRIPTION_STATUS_UNSPECIFIED && effective != f.req.Status {
		return types.Subscription{}, false, nil
	}
	return subscriptionOf(p, key, effective), true, nil
}

func subscriptionOf(p types.Participant, key types.SubscriberKey, status types.SubscriptionStatus) types.Subscription {
	s := types.Subscription{
		SubscriberId: p.SubscriberId, Url: p.Url, Type: p.Type, Domain: p.Domain, KeyId: key.KeyId,
		SigningPublicKey: key.SigningPublicKey, EncrPublicKey: key.EncrPublicKey, MldsaPublicKey: key.MldsaPublicKey,
		ValidFrom: key.ValidFrom, ValidUntil: key.ValidUntil, Status: status, Created: p.Created, Updated: p.Updated,
	}
	if p.Country != "" || p.City != "" {
		s.Location = &types.Location{}
		if p.Country != "" {
			s.Location.Country = &types.Code{Code: p.Country}
		}
		if p.City != "" {
			s.Location.City = &types.Code{Code: p.City}
		}
	}
	return s
}

// Lookup reads the participant a subscriber_id filter names, or else scans
// the registry a bounded stretch at a time (scan).
func (q queryServer) Lookup(ctx context.Context, req *types.QueryLookupRequest) (*types.QueryLookupResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	f, err := newLookupFilter(ctx, req)
	if err != nil {
		return nil, err
	}
	if req.SubscriberId != "" {
		res := &types.QueryLookupResponse{Subscriptions: []types.Subscription{}}
		p, err := q.Participants.Get(ctx, req.SubscriberId)
		if errors.Is(err, collections.ErrNotFound) {
			return res, nil
		}
		if err != nil {
			return nil, err
		}
		s, ok, err := q.entry(ctx, f, p)
		if ok {
			res.Subscriptions = append(res.Subscriptions, s)
		}
		return res, err
	}
	return q.scan(ctx, f, req.Pagination)
}

// maxLookupScan bounds the participants one Lookup with filters reads: a
// filter may match few of them, and a query must not walk the whole
// registry. The client continues from next_key.
const maxLookupScan = 1_000

// scan reads the registry in subscriber-id order from the page key, until
// it has limit matches or has read maxLookupScan participants; next_key is
// the first participant not read (empty at the end of the registry). Pages
// go by key only: an offset or a total would need the whole scan.
func (q queryServer) scan(ctx context.Context, f lookupFilter, page *query.PageRequest) (*types.QueryLookupResponse, error) {
	if page == nil {
		page = &query.PageRequest{}
	}
	if page.Offset != 0 || page.Reverse || page.CountTotal {
		return nil, status.Error(codes.InvalidArgument, "lookup pages by key and limit only (no offset, reverse or count_total): "+
			"continue from the previous answer's next_key")
	}
	limit := page.Limit
	if limit == 0 {
		limit = query.DefaultLimit
	}
	limit = min(limit, maxLookupScan)
	var rng collections.Range[string]
	if len(page.Key) > 0 {
		rng.StartInclusive(string(page.Key))
	}
	iter, err := q.Participants.Iterate(ctx, &rng)
	if err != nil {
		return nil, err
	}
	defer iter.Close()
	res := &types.QueryLookupResponse{Subscriptions: []types.Subscription{}, Pagination: &query.PageResponse{}}
	for scanned := 0; iter.Valid(); iter.Next() {
		kv, err := iter.KeyValue()
		if err != nil {
			return nil, err
		}
		if uint64(len(res.Subscriptions)) == limit || scanned == maxLookupScan {
			res.Pagination.NextKey = []byte(kv.Key)
			break
		}
		scanned++
		s, ok, err := q.entry(ctx, f, kv.Value)
		if err != nil {
			return nil, err
		}
		if ok {
			res.Subscriptions = append(res.Subscriptions, s)
		}
	}
	return res, nil
}
