package keeper

import (
	"bytes"
	"context"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/powershare/powershare/x/beckn/types"
	"github.com/powershare/powershare/x/internal/moduleutil"
)

type queryServer struct{ Keeper }

var _ types.QueryServer = queryServer{}

// NewQueryServerImpl returns the beckn Query service.
func NewQueryServerImpl(k Keeper) types.QueryServer { return queryServer{k} }

// notFound maps the keeper's not-found errors to gRPC's NotFound.
func notFound(err error) error {
	return moduleutil.NotFound(err, types.ErrUnknownParticipant, types.ErrUnknownOrder)
}

func (q queryServer) Participant(ctx context.Context, req *types.QueryParticipantRequest) (*types.QueryParticipantResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	p, err := q.GetParticipant(ctx, req.SubscriberId)
	if err != nil {
		return nil, notFound(err)
	}
	current, err := q.CurrentKey(ctx, p)
	if err != nil {
		return nil, err
	}
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	inForce, err := q.KeyInForce(ctx, p, now)
	if err != nil {
		return nil, err
	}
	return &types.QueryParticipantResponse{Participant: p, CurrentKey: current, Status: types.EffectiveStatus(p, inForce, now)}, nil
}

func (q queryServer) ParticipantsByOwner(ctx context.Context, req *types.QueryParticipantsByOwnerRequest) (*types.QueryParticipantsByOwnerResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	owner, err := q.parseAddress("owner", req.Owner)
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	participants, page, err := query.CollectionPaginate(ctx, q.Participants.Indexes.ByOwner, req.Pagination,
		func(key collections.Pair[sdk.AccAddress, string], _ collections.NoValue) (types.Participant, error) {
			return q.Participants.Get(ctx, key.K2())
		}, query.WithCollectionPaginationPairPrefix[sdk.AccAddress, string](owner))
	return &types.QueryParticipantsByOwnerResponse{Participants: participants, Pagination: page}, err
}

func (q queryServer) ParticipantKeys(ctx context.Context, req *types.QueryParticipantKeysRequest) (*types.QueryParticipantKeysResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	keys, page, err := query.CollectionPaginate(ctx, q.Keys, req.Pagination,
		func(_ collections.Pair[string, string], key types.SubscriberKey) (types.SubscriberKey, error) {
			return key, nil
		},
		query.WithCollectionPaginationPairPrefix[string, string](req.SubscriberId))
	return &types.QueryParticipantKeysResponse{Keys: keys, Pagination: page}, err
}

func (q queryServer) Order(ctx context.Context, req *types.QueryOrderRequest) (*types.QueryOrderResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	o, err := q.GetOrder(ctx, req.BppId, req.OrderId)
	if err != nil {
		return nil, notFound(err)
	}
	return &types.QueryOrderResponse{Order: o}, nil
}

func (q queryServer) OrdersByTransaction(ctx context.Context, req *types.QueryOrdersByTransactionRequest) (*types.QueryOrdersByTransactionResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	orders, page, err := query.CollectionPaginate(ctx, q.Orders.Indexes.ByTransaction, req.Pagination,
		func(key collections.Pair[string, OrderKey], _ collections.NoValue) (types.AnchoredOrder, error) {
			return q.Orders.Get(ctx, key.K2())
		}, query.WithCollectionPaginationPairPrefix[string, OrderKey](req.TransactionId))
	return &types.QueryOrdersByTransactionResponse{Orders: orders, Pagination: page}, err
}

func (q queryServer) OrdersByParticipant(ctx context.Context, req *types.QueryOrdersByParticipantRequest) (*types.QueryOrdersByParticipantResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	orders, page, err := query.CollectionPaginate(ctx, q.Keeper.OrdersByParticipant, req.Pagination,
		func(key collections.Pair[string, uint64], _ collections.NoValue) (types.AnchoredOrder, error) {
			order, err := q.Orders.Indexes.BySeq.MatchExact(ctx, newestFirst(key.K2()))
			if err != nil {
				return types.AnchoredOrder{}, err
			}
			return q.Orders.Get(ctx, order)
		}, query.WithCollectionPaginationPairPrefix[string, uint64](req.SubscriberId))
	return &types.QueryOrdersByParticipantResponse{Orders: orders, Pagination: page}, err
}

func (q queryServer) OrderHistory(ctx context.Context, req *types.QueryOrderHistoryRequest) (*types.QueryOrderHistoryResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	o, err := q.GetOrder(ctx, req.BppId, req.OrderId)
	if err != nil {
		return nil, notFound(err)
	}
	changes, page, err := query.CollectionPaginate(ctx, q.History, req.Pagination,
		func(_ collections.Pair[OrderKey, uint32], c types.StateChange) (types.StateChange, error) {
			return c, nil
		},
		query.WithCollectionPaginationPairPrefix[OrderKey, uint32](orderKey(o.Anchor)))
	return &types.QueryOrderHistoryResponse{Changes: changes, Pagination: page}, err
}

func (q queryServer) VerifyOrder(ctx context.Context, req *types.QueryVerifyOrderRequest) (*types.QueryVerifyOrderResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	if err := types.ValidateDigest(req.Digest); err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	o, err := q.GetOrder(ctx, req.BppId, req.OrderId)
	if err != nil {
		return nil, notFound(err)
	}
	return &types.QueryVerifyOrderResponse{
		Match: bytes.Equal(o.Anchor.Digest, req.Digest), AnchoredDigest: o.Anchor.Digest, State: o.State,
	}, nil
}

func (q queryServer) Params(ctx context.Context, req *types.QueryParamsRequest) (*types.QueryParamsResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	p, err := q.Keeper.Params.Get(ctx)
	return &types.QueryParamsResponse{Params: p}, err
}
