package keeper

import (
	"context"
	"encoding/binary"
	"math"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/powershare/powershare/x/internal/moduleutil"
	"github.com/powershare/powershare/x/rbac/types"
)

type queryServer struct{ Keeper }

var _ types.QueryServer = queryServer{}

// NewQueryServerImpl returns the rbac Query service.
func NewQueryServerImpl(k Keeper) types.QueryServer { return queryServer{k} }

func invalid(err error) error { return status.Error(codes.InvalidArgument, err.Error()) }

func (q queryServer) grantInfos(ctx context.Context, grants []types.Grant) []types.GrantInfo {
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	infos := make([]types.GrantInfo, len(grants))
	for i, g := range grants {
		infos[i] = types.GrantInfo{Grant: g, Active: isActive(g, now)}
	}
	return infos
}

// grantsByKeys reads the grants an index page points at.
func (q queryServer) grantsByKeys(ctx context.Context, keys []GrantKey) ([]types.GrantInfo, error) {
	grants := make([]types.Grant, len(keys))
	for i, key := range keys {
		g, err := q.Grants.Get(ctx, key)
		if err != nil {
			return nil, err
		}
		grants[i] = g
	}
	return q.grantInfos(ctx, grants), nil
}

func (q queryServer) Roles(ctx context.Context, req *types.QueryRolesRequest) (*types.QueryRolesResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	addr, err := moduleutil.ParseAddress(q.addressCodec, types.ErrInvalidAddress, "address", req.Address)
	if err != nil {
		return nil, invalid(err)
	}
	grants, err := q.GrantsOf(ctx, addr)
	if err != nil {
		return nil, err
	}
	return &types.QueryRolesResponse{Grants: q.grantInfos(ctx, grants)}, nil
}

func (q queryServer) Holders(ctx context.Context, req *types.QueryHoldersRequest) (*types.QueryHoldersResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	if err := req.Role.Validate(); err != nil {
		return nil, invalid(err)
	}
	keys, page, err := query.CollectionPaginate(ctx, q.Grants.Indexes.ByRole, req.Pagination,
		func(key collections.Pair[int32, GrantKey], _ collections.NoValue) (GrantKey, error) {
			return key.K2(), nil
		},
		query.WithCollectionPaginationPairPrefix[int32, GrantKey](int32(req.Role)))
	if err != nil {
		return nil, err
	}
	grants, err := q.grantsByKeys(ctx, keys)
	if err != nil {
		return nil, err
	}
	return &types.QueryHoldersResponse{Grants: grants, Pagination: page}, nil
}

func (q queryServer) Permissions(ctx context.Context, req *types.QueryPermissionsRequest) (*types.QueryPermissionsResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	if err := req.Role.Validate(); err != nil {
		return nil, invalid(err)
	}
	row, err := q.RolePermissionsOf(ctx, req.Role)
	if err != nil {
		return nil, err
	}
	params, err := q.Keeper.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	return &types.QueryPermissionsResponse{Permissions: row, OpenMsgTypeUrls: params.OpenMsgTypeUrls}, nil
}

func (q queryServer) community(ctx context.Context, id uint64) (types.Community, error) {
	c, err := q.GetCommunity(ctx, id)
	return c, moduleutil.NotFound(err, types.ErrUnknownCommunity)
}

func (q queryServer) Community(ctx context.Context, req *types.QueryCommunityRequest) (*types.QueryCommunityResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	c, err := q.community(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	// The managers are found among the community's grants, which grow with
	// its membership: one call reads one page of them (at most
	// maxCommunityPage) and returns the active managers in it.
	page := &query.PageRequest{}
	if req.Pagination != nil {
		if req.Pagination.Offset != 0 || req.Pagination.CountTotal {
			return nil, invalid(types.ErrInvalidCommunity.Wrap("community managers page by key: offset and count_total are not supported"))
		}
		*page = *req.Pagination
	}
	switch {
	case page.Limit == 0:
		page.Limit = query.DefaultLimit
	case page.Limit > maxCommunityPage:
		page.Limit = maxCommunityPage
	}
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	found, res, err := query.CollectionPaginate(ctx, q.Grants.Indexes.ByCommunity, page,
		func(key collections.Pair[uint64, GrantKey], _ collections.NoValue) (string, error) {
			if types.Role(key.K2().K2()) != types.Role_COMMUNITY_MANAGER {
				return "", nil
			}
			g, err := q.Grants.Get(ctx, key.K2())
			if err != nil || !isActive(g, now) {
				return "", err
			}
			return g.Address, nil
		},
		query.WithCollectionPaginationPairPrefix[uint64, GrantKey](req.Id))
	if err != nil {
		return nil, err
	}
	var managers []string
	for _, addr := range found {
		if addr != "" {
			managers = append(managers, addr)
		}
	}
	return &types.QueryCommunityResponse{Community: c, Managers: managers, Pagination: res}, nil
}

func (q queryServer) Communities(ctx context.Context, req *types.QueryCommunitiesRequest) (*types.QueryCommunitiesResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	communities, page, err := query.CollectionPaginate(ctx, q.Keeper.Communities, req.Pagination,
		func(_ uint64, c types.Community) (types.Community, error) { return c, nil })
	if err != nil {
		return nil, err
	}
	return &types.QueryCommunitiesResponse{Communities: communities, Pagination: page}, nil
}

func (q queryServer) Members(ctx context.Context, req *types.QueryMembersRequest) (*types.QueryMembersResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	if _, err := q.community(ctx, req.CommunityId); err != nil {
		return nil, err
	}
	keys, page, err := query.CollectionPaginate(ctx, q.Grants.Indexes.ByCommunity, req.Pagination,
		func(key collections.Pair[uint64, GrantKey], _ collections.NoValue) (GrantKey, error) {
			return key.K2(), nil
		},
		query.WithCollectionPaginationPairPrefix[uint64, GrantKey](req.CommunityId))
	if err != nil {
		return nil, err
	}
	members, err := q.grantsByKeys(ctx, keys)
	if err != nil {
		return nil, err
	}
	return &types.QueryMembersResponse{Members: members, Pagination: page}, nil
}

func (q queryServer) MembershipRequests(ctx context.Context, req *types.QueryMembershipRequestsRequest) (*types.QueryMembershipRequestsResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	if _, err := q.community(ctx, req.CommunityId); err != nil {
		return nil, err
	}
	requests, page, err := query.CollectionPaginate(ctx, q.Keeper.MembershipRequests, req.Pagination,
		func(_ collections.Pair[uint64, sdk.AccAddress], r types.MembershipRequest) (types.MembershipRequest, error) {
			return r, nil
		},
		query.WithCollectionPaginationPairPrefix[uint64, sdk.AccAddress](req.CommunityId))
	if err != nil {
		return nil, err
	}
	return &types.QueryMembershipRequestsResponse{Requests: requests, Pagination: page}, nil
}

func (q queryServer) Audit(ctx context.Context, req *types.QueryAuditRequest) (*types.QueryAuditResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	selectors := 0
	for _, set := range []bool{req.Address != "", req.Role != types.Role_ROLE_UNSPECIFIED, req.FromHeight != 0 || req.ToHeight != 0} {
		if set {
			selectors++
		}
	}
	if selectors != 1 {
		return nil, invalid(types.ErrInvalidAuditQuery.Wrap("give exactly one of address, role, or a height range"))
	}
	var (
		ids  []uint64
		page *query.PageResponse
		err  error
	)
	switch {
	case req.Address != "":
		addr, perr := moduleutil.ParseAddress(q.addressCodec, types.ErrInvalidAddress, "address", req.Address)
		if perr != nil {
			return nil, invalid(perr)
		}
		ids, page, err = query.CollectionPaginate(ctx, q.Keeper.Audit.Indexes.ByAddress, req.Pagination,
			func(key collections.Pair[sdk.AccAddress, uint64], _ collections.NoValue) (uint64, error) {
				return key.K2(), nil
			},
			query.WithCollectionPaginationPairPrefix[sdk.AccAddress, uint64](addr))
	case req.Role != types.Role_ROLE_UNSPECIFIED:
		if perr := req.Role.Validate(); perr != nil {
			return nil, invalid(perr)
		}
		ids, page, err = query.CollectionPaginate(ctx, q.Keeper.Audit.Indexes.ByRole, req.Pagination,
			func(key collections.Pair[int32, uint64], _ collections.NoValue) (uint64, error) { return key.K2(), nil },
			query.WithCollectionPaginationPairPrefix[int32, uint64](int32(req.Role)))
	default:
		return q.auditByHeight(ctx, req)
	}
	if err != nil {
		return nil, err
	}
	entries := make([]types.AuditEntry, len(ids))
	for i, id := range ids {
		if entries[i], err = q.Keeper.Audit.Get(ctx, id); err != nil {
			return nil, err
		}
	}
	return &types.QueryAuditResponse{Entries: entries, Pagination: page}, nil
}

// auditByHeight pages through the entries of a height range over the
// height index: it seeks to the first (height, id) of the range and stops
// at its end, so cost follows the page. The page key is the next entry's
// height and id (16 bytes, big endian).
func (q queryServer) auditByHeight(ctx context.Context, req *types.QueryAuditRequest) (*types.QueryAuditResponse, error) {
	to := req.ToHeight
	if to == 0 {
		to = sdk.UnwrapSDKContext(ctx).BlockHeight()
	}
	if req.FromHeight < 0 || to < req.FromHeight {
		return nil, invalid(types.ErrInvalidAuditQuery.Wrapf("height range [%d, %d] is empty", req.FromHeight, to))
	}
	if req.Pagination != nil && (req.Pagination.Offset != 0 || req.Pagination.Reverse) {
		return nil, invalid(types.ErrInvalidAuditQuery.Wrap("a height range pages by key, forward only"))
	}
	limit := uint64(query.DefaultLimit)
	start := collections.Join(req.FromHeight, uint64(0))
	if req.Pagination != nil {
		if req.Pagination.Limit > 0 {
			limit = min(req.Pagination.Limit, maxAuditPage)
		}
		if key := req.Pagination.Key; len(key) == 16 {
			start = collections.Join(int64(binary.BigEndian.Uint64(key[:8])), binary.BigEndian.Uint64(key[8:]))
		}
	}
	rng := new(collections.Range[collections.Pair[int64, uint64]]).
		StartInclusive(start).EndInclusive(collections.Join(to, uint64(math.MaxUint64)))
	iter, err := q.Keeper.Audit.Indexes.ByHeight.Iterate(ctx, rng)
	if err != nil {
		return nil, err
	}
	defer iter.Close()
	res := &types.QueryAuditResponse{Pagination: &query.PageResponse{}}
	for ; iter.Valid(); iter.Next() {
		key, err := iter.FullKey()
		if err != nil {
			return nil, err
		}
		if uint64(len(res.Entries)) == limit {
			next := binary.BigEndian.AppendUint64(nil, uint64(key.K1()))
			res.Pagination.NextKey = binary.BigEndian.AppendUint64(next, key.K2())
			break
		}
		entry, err := q.Keeper.Audit.Get(ctx, key.K2())
		if err != nil {
			return nil, err
		}
		res.Entries = append(res.Entries, entry)
	}
	return res, nil
}

func (q queryServer) Can(ctx context.Context, req *types.QueryCanRequest) (*types.QueryCanResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	addr, err := moduleutil.ParseAddress(q.addressCodec, types.ErrInvalidAddress, "address", req.Address)
	if err != nil {
		return nil, invalid(err)
	}
	if err := types.ValidateTypeURLs([]string{req.MsgTypeUrl}); err != nil {
		return nil, invalid(err)
	}
	return q.Explain(ctx, addr, req.MsgTypeUrl)
}

func (q queryServer) Params(ctx context.Context, req *types.QueryParamsRequest) (*types.QueryParamsResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	params, err := q.Keeper.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	return &types.QueryParamsResponse{Params: params}, nil
}

// maxAuditPage bounds one page of a height-range audit query.
const maxAuditPage = 1000

// maxCommunityPage bounds the grants one Community query reads.
const maxCommunityPage = 1000
