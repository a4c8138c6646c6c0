package keeper

import (
	"context"
	"sort"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/powershare/powershare/x/internal/moduleutil"
	"github.com/powershare/powershare/x/market/types"
)

type queryServer struct{ Keeper }

var _ types.QueryServer = queryServer{}

// NewQueryServerImpl returns the market Query service.
func NewQueryServerImpl(k Keeper) types.QueryServer { return queryServer{k} }

const (
	defaultBookDepth = 20
	maxBookDepth     = 100
	// maxBookScan bounds the orders one Book query reads.
	maxBookScan = 10_000
	maxListed   = 1_000
)

// Book aggregates each side's books by price level, best first.
func (q queryServer) Book(ctx context.Context, req *types.QueryBookRequest) (*types.QueryBookResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	depth := defaultBookDepth
	if req.Depth > 0 {
		depth = min(int(req.Depth), maxBookDepth)
	}
	bids, err := q.levels(ctx, req, []bookKind{bidsAny, bidsRenewableOnly}, depth, func(a, b uint64) bool { return a > b })
	if err != nil {
		return nil, err
	}
	asks, err := q.levels(ctx, req, []bookKind{asksNonRenewable, asksRenewable}, depth, func(a, b uint64) bool { return a < b })
	if err != nil {
		return nil, err
	}
	return &types.QueryBookResponse{Bids: bids, Asks: asks}, nil
}

// levels reads the first depth price levels of each book and merges them.
func (q queryServer) levels(ctx context.Context, req *types.QueryBookRequest, kinds []bookKind, depth int,
	first func(a, b uint64) bool,
) ([]types.PriceLevel, error) {
	byPrice := map[uint64]*types.PriceLevel{}
	for _, kind := range kinds {
		scanned := 0 // each book has its own scan bound
		iter, err := q.Keeper.Book.Iterate(ctx, new(collections.Range[[]byte]).Prefix(bookPrefix(req.Zone, req.SlotStart, kind)))
		if err != nil {
			return nil, err
		}
		prices := 0
		var last uint64
		for ; iter.Valid() && scanned < maxBookScan; iter.Next() {
			key, err := iter.Key()
			if err != nil {
				iter.Close()
				return nil, err
			}
			o, err := q.Orders.Get(ctx, orderIDOf(key))
			if err != nil {
				iter.Close()
				return nil, err
			}
			if prices == 0 || o.Price != last {
				if prices == depth {
					break
				}
				prices, last = prices+1, o.Price
			}
			level, ok := byPrice[o.Price]
			if !ok {
				level = &types.PriceLevel{Price: o.Price}
				byPrice[o.Price] = level
			}
			level.QuantityWh += o.RemainingWh
			level.Orders++
			scanned++
		}
		iter.Close()
	}
	levels := make([]types.PriceLevel, 0, len(byPrice))
	for _, l := range byPrice {
		levels = append(levels, *l)
	}
	sort.Slice(levels, func(i, j int) bool { return first(levels[i].Price, levels[j].Price) })
	if len(levels) > depth {
		levels = levels[:depth]
	}
	return levels, nil
}

// Order returns a resting order.
func (q queryServer) Order(ctx context.Context, req *types.QueryOrderRequest) (*types.QueryOrderResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	o, err := q.GetOrder(ctx, req.Id)
	if err != nil {
		return nil, moduleutil.NotFound(err, types.ErrUnknownOrder)
	}
	return &types.QueryOrderResponse{Order: o}, nil
}

// OrdersByOwner lists an account's resting orders.
func (q queryServer) OrdersByOwner(ctx context.Context, req *types.QueryOrdersByOwnerRequest) (*types.QueryOrdersByOwnerResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	owner, err := moduleutil.ParseAddress(q.addressCodec, types.ErrInvalidAddress, "owner", req.Owner)
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	orders, page, err := query.CollectionPaginate(ctx, q.Orders.Indexes.ByOwner, req.Pagination,
		func(key collections.Pair[sdk.AccAddress, uint64], _ collections.NoValue) (types.Order, error) {
			return q.Orders.Get(ctx, key.K2())
		}, query.WithCollectionPaginationPairPrefix[sdk.AccAddress, uint64](owner))
	return &types.QueryOrdersByOwnerResponse{Orders: orders, Pagination: page}, err
}

// TradesByOwner lists the trades an account bought or sold in.
func (q queryServer) TradesByOwner(ctx context.Context, req *types.QueryTradesByOwnerRequest) (*types.QueryTradesByOwnerResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	owner, err := moduleutil.ParseAddress(q.addressCodec, types.ErrInvalidAddress, "owner", req.Owner)
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	trades, page, err := query.CollectionPaginate(ctx, q.TradesByParty, req.Pagination,
		func(key collections.Pair[sdk.AccAddress, uint64], _ collections.NoValue) (types.Trade, error) {
			return q.Trades.Get(ctx, key.K2())
		}, query.WithCollectionPaginationPairPrefix[sdk.AccAddress, uint64](owner))
	return &types.QueryTradesByOwnerResponse{Trades: trades, Pagination: page}, err
}

// TradesByMarket lists a market's trades.
func (q queryServer) TradesByMarket(ctx context.Context, req *types.QueryTradesByMarketRequest) (*types.QueryTradesByMarketResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	trades, page, err := query.CollectionPaginate(ctx, q.Trades.Indexes.ByMarket, req.Pagination,
		func(key collections.Pair[MarketKey, uint64], _ collections.NoValue) (types.Trade, error) {
			return q.Trades.Get(ctx, key.K2())
		}, query.WithCollectionPaginationPairPrefix[MarketKey, uint64](marketKey(req.Zone, req.SlotStart)))
	return &types.QueryTradesByMarketResponse{Trades: trades, Pagination: page}, err
}

// Stats returns a zone's per-slot statistics in [from, to].
func (q queryServer) Stats(ctx context.Context, req *types.QueryStatsRequest) (*types.QueryStatsResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	rng := collections.NewPrefixedPairRange[string, int64](req.Zone)
	if req.From != nil {
		rng = rng.StartInclusive(req.From.Unix())
	}
	if req.To != nil {
		rng = rng.EndInclusive(req.To.Unix())
	}
	iter, err := q.Keeper.Stats.Iterate(ctx, rng)
	if err != nil {
		return nil, err
	}
	defer iter.Close()
	res := &types.QueryStatsResponse{}
	for ; iter.Valid() && len(res.Stats) < maxListed; iter.Next() {
		s, err := iter.Value()
		if err != nil {
			return nil, err
		}
		res.Stats = append(res.Stats, s)
	}
	return res, nil
}

// Markets lists the zone's markets whose gate is still open.
func (q queryServer) Markets(ctx context.Context, req *types.QueryMarketsRequest) (*types.QueryMarketsResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	p, err := q.Keeper.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	firstOpen := now.Add(timeSeconds(p.GateClosureSeconds)).Unix() + 1
	iter, err := q.Keeper.Markets.Iterate(ctx, collections.NewPrefixedPairRange[string, int64](req.Zone).StartInclusive(firstOpen))
	if err != nil {
		return nil, err
	}
	defer iter.Close()
	res := &types.QueryMarketsResponse{}
	for ; iter.Valid() && len(res.SlotStarts) < maxListed; iter.Next() {
		key, err := iter.Key()
		if err != nil {
			return nil, err
		}
		res.SlotStarts = append(res.SlotStarts, unixTime(key.K2()))
	}
	return res, nil
}

// Params returns the parameters.
func (q queryServer) Params(ctx context.Context, req *types.QueryParamsRequest) (*types.QueryParamsResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	p, err := q.Keeper.Params.Get(ctx)
	return &types.QueryParamsResponse{Params: p}, err
}
