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

// Lookup scans the registry in subscriber-id order, one page at a time; a
// subscriber_id filter reads that participant alone.
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
	// The pagination calls the transform right after the predicate accepts
	// an entry: the entry the predicate built is kept, not read again.
	var matched types.Subscription
	subs, page, err := query.CollectionFilteredPaginate(ctx, q.Participants, req.Pagination,
		func(_ string, p types.Participant) (bool, error) {
			s, ok, err := q.entry(ctx, f, p)
			matched = s
			return ok, err
		},
		func(id string, p types.Participant) (types.Subscription, error) {
			if matched.SubscriberId == id {
				return matched, nil
			}
			s, _, err := q.entry(ctx, f, p)
			return s, err
		})
	return &types.QueryLookupResponse{Subscriptions: subs, Pagination: page}, err
}
