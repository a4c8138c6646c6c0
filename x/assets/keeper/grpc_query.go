package keeper

import (
	"context"
	"encoding/binary"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/powershare/powershare/x/assets/types"
	"github.com/powershare/powershare/x/internal/moduleutil"
)

type queryServer struct{ Keeper }

var _ types.QueryServer = queryServer{}

// NewQueryServerImpl returns the assets Query service.
func NewQueryServerImpl(k Keeper) types.QueryServer { return queryServer{k} }

func (q queryServer) Meter(ctx context.Context, req *types.QueryMeterRequest) (*types.QueryMeterResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	m, err := q.GetMeter(ctx, req.Id)
	if err != nil {
		return nil, moduleutil.NotFound(err, types.ErrUnknownMeter, types.ErrUnknownBatch)
	}
	return &types.QueryMeterResponse{Meter: m}, nil
}

// metersByKeys reads the meters an index page points at.
func (q queryServer) metersByKeys(ctx context.Context, ids []string) ([]types.Meter, error) {
	meters := make([]types.Meter, len(ids))
	for i, id := range ids {
		m, err := q.Meters.Get(ctx, id)
		if err != nil {
			return nil, err
		}
		meters[i] = m
	}
	return meters, nil
}

func (q queryServer) MetersByOwner(ctx context.Context, req *types.QueryMetersByOwnerRequest) (*types.QueryMetersByOwnerResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	owner, err := moduleutil.ParseAddress(q.addressCodec, types.ErrInvalidAddress, "owner", req.Owner)
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	ids, page, err := query.CollectionPaginate(ctx, q.Meters.Indexes.ByOwner, req.Pagination,
		func(key collections.Pair[sdk.AccAddress, string], _ collections.NoValue) (string, error) {
			return key.K2(), nil
		},
		query.WithCollectionPaginationPairPrefix[sdk.AccAddress, string](owner))
	if err != nil {
		return nil, err
	}
	meters, err := q.metersByKeys(ctx, ids)
	return &types.QueryMetersByOwnerResponse{Meters: meters, Pagination: page}, err
}

func (q queryServer) MetersByCommunity(ctx context.Context, req *types.QueryMetersByCommunityRequest) (*types.QueryMetersByCommunityResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	ids, page, err := query.CollectionPaginate(ctx, q.Meters.Indexes.ByCommunity, req.Pagination,
		func(key collections.Pair[uint64, string], _ collections.NoValue) (string, error) {
			return key.K2(), nil
		},
		query.WithCollectionPaginationPairPrefix[uint64, string](req.CommunityId))
	if err != nil {
		return nil, err
	}
	meters, err := q.metersByKeys(ctx, ids)
	return &types.QueryMetersByCommunityResponse{Meters: meters, Pagination: page}, err
}

func (q queryServer) MetersByZone(ctx context.Context, req *types.QueryMetersByZoneRequest) (*types.QueryMetersByZoneResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	ids, page, err := query.CollectionPaginate(ctx, q.Meters.Indexes.ByZone, req.Pagination,
		func(key collections.Pair[string, string], _ collections.NoValue) (string, error) {
			return key.K2(), nil
		},
		query.WithCollectionPaginationPairPrefix[string, string](req.Zone))
	if err != nil {
		return nil, err
	}
	meters, err := q.metersByKeys(ctx, ids)
	return &types.QueryMetersByZoneResponse{Meters: meters, Pagination: page}, err
}

// MeterProposal returns a meter's pending registration or transfer.
func (q queryServer) MeterProposal(ctx context.Context, req *types.QueryMeterProposalRequest) (*types.QueryMeterProposalResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	p, err := q.GetMeterProposal(ctx, req.MeterId)
	if err != nil {
		return nil, moduleutil.NotFound(err, types.ErrNoMeterProposal)
	}
	return &types.QueryMeterProposalResponse{Proposal: p}, nil
}

// Attestations pages through a meter's attestations whose start lies in
// [from, to). It seeks straight to from (or to the page key) and stops at
// to, so its cost follows the page, not the meter's history. The page key is
// the next period start in unix nanoseconds (8 bytes, big endian).
func (q queryServer) Attestations(ctx context.Context, req *types.QueryAttestationsRequest) (*types.QueryAttestationsResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	if _, err := q.GetMeter(ctx, req.MeterId); err != nil {
		return nil, moduleutil.NotFound(err, types.ErrUnknownMeter, types.ErrUnknownBatch)
	}
	if req.From != nil && req.To != nil && !req.To.After(*req.From) {
		return nil, status.Error(codes.InvalidArgument, "to must be after from")
	}
	if req.Pagination != nil && (req.Pagination.Offset != 0 || req.Pagination.Reverse) {
		return nil, status.Error(codes.InvalidArgument, "attestations page by key, forward only")
	}
	limit := uint64(query.DefaultLimit)
	rng := collections.NewPrefixedPairRange[string, int64](req.MeterId)
	// The page key resumes inside [from, to), never before from: a key
	// below from starts at from (issue 11: a key must not widen the range).
	start, hasStart := int64(0), false
	if req.From != nil {
		start, hasStart = req.From.UnixNano(), true
	}
	if req.Pagination != nil && len(req.Pagination.Key) > 0 {
		if len(req.Pagination.Key) != 8 {
			return nil, status.Error(codes.InvalidArgument, "pagination key must be the 8-byte next_key of a previous page")
		}
		key := int64(binary.BigEndian.Uint64(req.Pagination.Key))
		if !hasStart || key > start {
			start, hasStart = key, true
		}
	}
	if hasStart {
		rng = rng.StartInclusive(start)
	}
	if req.Pagination != nil && req.Pagination.Limit > 0 {
		limit = min(req.Pagination.Limit, maxAttestationPage)
	}
	if req.To != nil {
		rng = rng.EndExclusive(req.To.UnixNano())
	}
	iter, err := q.Keeper.Attestations.Iterate(ctx, rng)
	if err != nil {
		return nil, err
	}
	defer iter.Close()
	res := &types.QueryAttestationsResponse{Pagination: &query.PageResponse{}}
	for ; iter.Valid(); iter.Next() {
		kv, err := iter.KeyValue()
		if err != nil {
			return nil, err
		}
		if uint64(len(res.Attestations)) == limit {
			res.Pagination.NextKey = binary.BigEndian.AppendUint64(nil, uint64(kv.Key.K2()))
			break
		}
		res.Attestations = append(res.Attestations, kv.Value)
	}
	return res, nil
}

// maxAttestationPage bounds one page of attestations.
const maxAttestationPage = 1000

func (q queryServer) Totals(ctx context.Context, req *types.QueryTotalsRequest) (*types.QueryTotalsResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	totals, err := q.Keeper.Totals.Get(ctx)
	return &types.QueryTotalsResponse{Totals: totals}, err
}

func (q queryServer) Batch(ctx context.Context, req *types.QueryBatchRequest) (*types.QueryBatchResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	b, err := q.GetBatch(ctx, req.Id)
	if err != nil {
		return nil, moduleutil.NotFound(err, types.ErrUnknownMeter, types.ErrUnknownBatch)
	}
	return &types.QueryBatchResponse{Batch: b}, nil
}

func (q queryServer) Batches(ctx context.Context, req *types.QueryBatchesRequest) (*types.QueryBatchesResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	batches, page, err := query.CollectionPaginate(ctx, q.Keeper.Batches, req.Pagination,
		func(_ uint64, b types.Batch) (types.Batch, error) { return b, nil })
	return &types.QueryBatchesResponse{Batches: batches, Pagination: page}, err
}

func (q queryServer) Issuers(ctx context.Context, req *types.QueryIssuersRequest) (*types.QueryIssuersResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	issuers, page, err := query.CollectionPaginate(ctx, q.Keeper.Issuers, req.Pagination,
		func(addr sdk.AccAddress, _ collections.NoValue) (string, error) {
			return q.addressCodec.BytesToString(addr)
		})
	return &types.QueryIssuersResponse{Issuers: issuers, Pagination: page}, err
}

func (q queryServer) Certificate(ctx context.Context, req *types.QueryCertificateRequest) (*types.QueryCertificateResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	c, err := q.Certificates.Get(ctx, req.Id)
	if err != nil {
		return nil, moduleutil.NotFound(err, types.ErrUnknownMeter, types.ErrUnknownBatch)
	}
	return &types.QueryCertificateResponse{Certificate: c}, nil
}

func (q queryServer) certificatesByIDs(ctx context.Context, ids []uint64) ([]types.Certificate, error) {
	certs := make([]types.Certificate, len(ids))
	for i, id := range ids {
		c, err := q.Certificates.Get(ctx, id)
		if err != nil {
			return nil, err
		}
		certs[i] = c
	}
	return certs, nil
}

func (q queryServer) CertificatesByOwner(ctx context.Context, req *types.QueryCertificatesByOwnerRequest) (*types.QueryCertificatesByOwnerResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	owner, err := moduleutil.ParseAddress(q.addressCodec, types.ErrInvalidAddress, "owner", req.Owner)
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	ids, page, err := query.CollectionPaginate(ctx, q.Certificates.Indexes.ByOwner, req.Pagination,
		func(key collections.Pair[sdk.AccAddress, uint64], _ collections.NoValue) (uint64, error) {
			return key.K2(), nil
		},
		query.WithCollectionPaginationPairPrefix[sdk.AccAddress, uint64](owner))
	if err != nil {
		return nil, err
	}
	certs, err := q.certificatesByIDs(ctx, ids)
	return &types.QueryCertificatesByOwnerResponse{Certificates: certs, Pagination: page}, err
}

func (q queryServer) CertificatesByBeneficiary(ctx context.Context, req *types.QueryCertificatesByBeneficiaryRequest) (*types.QueryCertificatesByBeneficiaryResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	ids, page, err := query.CollectionPaginate(ctx, q.Certificates.Indexes.ByBeneficiary, req.Pagination,
		func(key collections.Pair[string, uint64], _ collections.NoValue) (uint64, error) {
			return key.K2(), nil
		},
		query.WithCollectionPaginationPairPrefix[string, uint64](req.Beneficiary))
	if err != nil {
		return nil, err
	}
	certs, err := q.certificatesByIDs(ctx, ids)
	return &types.QueryCertificatesByBeneficiaryResponse{Certificates: certs, Pagination: page}, err
}

func (q queryServer) Params(ctx context.Context, req *types.QueryParamsRequest) (*types.QueryParamsResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	p, err := q.Keeper.Params.Get(ctx)
	return &types.QueryParamsResponse{Params: p}, err
}
