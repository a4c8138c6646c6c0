package keeper

import (
	"context"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/powershare/powershare/x/achievements/types"
	"github.com/powershare/powershare/x/internal/moduleutil"
)

type queryServer struct{ Keeper }

var _ types.QueryServer = queryServer{}

// NewQueryServerImpl returns the module's Query service.
func NewQueryServerImpl(k Keeper) types.QueryServer { return queryServer{k} }

// defaultLimit is the number of leaderboard entries a query without a limit returns.
const defaultLimit = 10

func (q queryServer) addr(field, s string) (sdk.AccAddress, error) {
	a, err := q.addressCodec.StringToBytes(s)
	if err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "%s %q: %v", field, s, err)
	}
	return a, nil
}

func (q queryServer) Params(ctx context.Context, req *types.QueryParamsRequest) (*types.QueryParamsResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	p, err := q.Keeper.Params.Get(ctx)
	return &types.QueryParamsResponse{Params: p}, err
}

func (q queryServer) Class(ctx context.Context, req *types.QueryClassRequest) (*types.QueryClassResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	c, err := q.GetClass(ctx, req.ClassId)
	if err != nil {
		return nil, moduleutil.NotFound(err, types.ErrUnknownClass)
	}
	return &types.QueryClassResponse{Class: c}, nil
}

func (q queryServer) Classes(ctx context.Context, req *types.QueryClassesRequest) (*types.QueryClassesResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	classes, page, err := query.CollectionPaginate(ctx, q.Keeper.Classes, req.Pagination,
		func(_ string, c types.Class) (types.Class, error) { return c, nil })
	return &types.QueryClassesResponse{Classes: classes, Pagination: page}, err
}

func (q queryServer) NFT(ctx context.Context, req *types.QueryNFTRequest) (*types.QueryNFTResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	n, err := q.GetNFT(ctx, req.ClassId, req.Id)
	if err != nil {
		return nil, moduleutil.NotFound(err, types.ErrUnknownNFT)
	}
	return &types.QueryNFTResponse{Nft: n}, nil
}

func (q queryServer) NFTs(ctx context.Context, req *types.QueryNFTsRequest) (*types.QueryNFTsResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	get := func(key TokenKey) (types.NFT, error) { return q.Keeper.NFTs.Get(ctx, key) }
	switch {
	case req.Owner != "":
		owner, err := q.addr("owner", req.Owner)
		if err != nil {
			return nil, err
		}
		nfts, page, err := query.CollectionFilteredPaginate(ctx, q.Keeper.NFTs.Indexes.ByOwner, req.Pagination,
			func(key collections.Pair[sdk.AccAddress, TokenKey], _ collections.NoValue) (bool, error) {
				return req.ClassId == "" || key.K2().K1() == req.ClassId, nil
			},
			func(key collections.Pair[sdk.AccAddress, TokenKey], _ collections.NoValue) (types.NFT, error) {
				return get(key.K2())
			}, query.WithCollectionPaginationPairPrefix[sdk.AccAddress, TokenKey](owner))
		return &types.QueryNFTsResponse{Nfts: nfts, Pagination: page}, err
	case req.ClassId != "":
		nfts, page, err := query.CollectionPaginate(ctx, q.Keeper.NFTs, req.Pagination,
			func(_ TokenKey, n types.NFT) (types.NFT, error) { return n, nil },
			query.WithCollectionPaginationPairPrefix[string, string](req.ClassId))
		return &types.QueryNFTsResponse{Nfts: nfts, Pagination: page}, err
	}
	return nil, status.Error(codes.InvalidArgument, "give --owner or --class-id (or both)")
}

func (q queryServer) Owner(ctx context.Context, req *types.QueryOwnerRequest) (*types.QueryOwnerResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	n, err := q.GetNFT(ctx, req.ClassId, req.Id)
	if err != nil {
		return nil, moduleutil.NotFound(err, types.ErrUnknownNFT)
	}
	return &types.QueryOwnerResponse{Owner: n.Owner}, nil
}

func (q queryServer) Supply(ctx context.Context, req *types.QuerySupplyRequest) (*types.QuerySupplyResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	if _, err := q.GetClass(ctx, req.ClassId); err != nil {
		return nil, moduleutil.NotFound(err, types.ErrUnknownClass)
	}
	n, err := q.supply(ctx, req.ClassId)
	return &types.QuerySupplyResponse{Amount: n}, err
}

func (q queryServer) Definitions(ctx context.Context, req *types.QueryDefinitionsRequest) (*types.QueryDefinitionsResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	defs, page, err := query.CollectionPaginate(ctx, q.Achievements, req.Pagination,
		func(_ string, a types.Achievement) (types.Achievement, error) { return a, nil })
	return &types.QueryDefinitionsResponse{Achievements: defs, Pagination: page}, err
}

func (q queryServer) Badges(ctx context.Context, req *types.QueryBadgesRequest) (*types.QueryBadgesResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	addr, err := q.addr("address", req.Address)
	if err != nil {
		return nil, err
	}
	earned, page, err := query.CollectionPaginate(ctx, q.Earned, req.Pagination,
		func(_ collections.Pair[sdk.AccAddress, string], e types.Earned) (types.Earned, error) { return e, nil },
		query.WithCollectionPaginationPairPrefix[sdk.AccAddress, string](addr))
	return &types.QueryBadgesResponse{Earned: earned, Pagination: page}, err
}

func (q queryServer) Progress(ctx context.Context, req *types.QueryProgressRequest) (*types.QueryProgressResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	addr, err := q.addr("address", req.Address)
	if err != nil {
		return nil, err
	}
	p, err := q.GetProgress(ctx, addr)
	if err != nil {
		return nil, err
	}
	params, err := q.Keeper.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	// The stored streak is as of the last active day; one missed day ends it.
	p.CurrentStreak = p.StreakAt(types.Day(sdk.UnwrapSDKContext(ctx).BlockTime()))
	tier := params.Tier(p.ActiveEpochs)
	resp := &types.QueryProgressResponse{Progress: p, EfficiencyBps: p.EfficiencyBps(), LoyaltyTier: params.LoyaltyTiers[tier]}
	if tier+1 < len(params.LoyaltyTiers) {
		next := params.LoyaltyTiers[tier+1]
		resp.NextTier = &next
	}
	return resp, nil
}

// board resolves a leaderboard request to its board key and period index.
func (q queryServer) board(ctx context.Context, m types.Metric, period types.Period, community uint64) ([]byte, uint64, error) {
	params, err := q.Keeper.Params.Get(ctx)
	if err != nil {
		return nil, 0, err
	}
	if !params.Ranked(m) {
		return nil, 0, status.Errorf(codes.InvalidArgument, "metric %v has no leaderboard; ranked metrics: %v", m, params.RankedMetrics)
	}
	if period == types.Period_PERIOD_UNSPECIFIED {
		period = types.Period_PERIOD_ALL
	}
	if _, ok := types.Period_name[int32(period)]; !ok {
		return nil, 0, status.Errorf(codes.InvalidArgument, "period %v is none of week, month, all", period)
	}
	if period != types.Period_PERIOD_ALL && !m.Additive() {
		return nil, 0, status.Errorf(codes.InvalidArgument, "metric %v is ranked over all time only", m)
	}
	idx := types.PeriodIndex(period, sdk.UnwrapSDKContext(ctx).BlockTime())
	return leaderboardKey(m, period, idx, community), idx, nil
}

func (q queryServer) limit(ctx context.Context, limit uint32) (uint32, error) {
	params, err := q.Keeper.Params.Get(ctx)
	if err != nil {
		return 0, err
	}
	if limit == 0 {
		limit = defaultLimit
	}
	if limit > params.MaxLeaderboardLimit {
		return 0, status.Errorf(codes.InvalidArgument, "limit %d is above max_leaderboard_limit %d", limit, params.MaxLeaderboardLimit)
	}
	return limit, nil
}

func (q queryServer) Leaderboard(ctx context.Context, req *types.QueryLeaderboardRequest) (*types.QueryLeaderboardResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	board, idx, err := q.board(ctx, req.Metric, req.Period, req.Community)
	if err != nil {
		return nil, err
	}
	limit, err := q.limit(ctx, req.Limit)
	if err != nil {
		return nil, err
	}
	entries, err := q.top(ctx, board, limit)
	if err != nil {
		return nil, err
	}
	total, err := q.boardSize(ctx, board)
	return &types.QueryLeaderboardResponse{Entries: entries, PeriodIndex: idx, Total: total}, err
}

func (q queryServer) Rank(ctx context.Context, req *types.QueryRankRequest) (*types.QueryRankResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	addr, err := q.addr("address", req.Address)
	if err != nil {
		return nil, err
	}
	board, _, err := q.board(ctx, req.Metric, req.Period, req.Community)
	if err != nil {
		return nil, err
	}
	rank, score, err := q.rank(ctx, board, addr)
	if err != nil {
		return nil, moduleutil.NotFound(err, types.ErrNotRanked)
	}
	total, err := q.boardSize(ctx, board)
	return &types.QueryRankResponse{Entry: types.LeaderboardEntry{Rank: rank, Address: req.Address, Score: score}, Total: total}, err
}

func (q queryServer) Challenges(ctx context.Context, req *types.QueryChallengesRequest) (*types.QueryChallengesResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	keep := func(c types.Challenge) bool {
		return (req.Community == 0 || c.Community == req.Community) && (!req.Active ||
			(c.Status == types.ChallengeStatus_CHALLENGE_STATUS_OPEN && !now.Before(c.Start) && now.Before(c.End)))
	}
	pagination := req.Pagination
	if pagination == nil {
		pagination = &query.PageRequest{Reverse: true}
	}
	if req.Community != 0 {
		cs, page, err := query.CollectionFilteredPaginate(ctx, q.Keeper.Challenges.Indexes.ByCommunity, pagination,
			func(key collections.Pair[uint64, uint64], _ collections.NoValue) (bool, error) {
				c, err := q.Keeper.Challenges.Get(ctx, key.K2())
				return err == nil && keep(c), err
			},
			func(key collections.Pair[uint64, uint64], _ collections.NoValue) (types.Challenge, error) {
				return q.Keeper.Challenges.Get(ctx, key.K2())
			}, query.WithCollectionPaginationPairPrefix[uint64, uint64](req.Community))
		return &types.QueryChallengesResponse{Challenges: cs, Pagination: page}, err
	}
	cs, page, err := query.CollectionFilteredPaginate(ctx, q.Keeper.Challenges, pagination,
		func(_ uint64, c types.Challenge) (bool, error) { return keep(c), nil },
		func(_ uint64, c types.Challenge) (types.Challenge, error) { return c, nil })
	return &types.QueryChallengesResponse{Challenges: cs, Pagination: page}, err
}

func (q queryServer) Challenge(ctx context.Context, req *types.QueryChallengeRequest) (*types.QueryChallengeResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	c, err := q.GetChallenge(ctx, req.Id)
	if err != nil {
		return nil, moduleutil.NotFound(err, types.ErrUnknownChallenge)
	}
	limit, err := q.limit(ctx, req.Limit)
	if err != nil {
		return nil, err
	}
	standings, err := q.top(ctx, challengeBoardKey(c.Id), limit)
	return &types.QueryChallengeResponse{Challenge: c, Standings: standings}, err
}

func (q queryServer) RewardPool(ctx context.Context, req *types.QueryRewardPoolRequest) (*types.QueryRewardPoolResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	pool, err := q.rewardPool(ctx)
	return &types.QueryRewardPoolResponse{Balance: q.coin(pool)}, err
}
