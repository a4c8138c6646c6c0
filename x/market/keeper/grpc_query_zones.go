package keeper

import (
	"context"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/powershare/powershare/x/internal/moduleutil"
	"github.com/powershare/powershare/x/market/types"
)

// Zones lists the registered zones, retired ones included, by id.
func (q queryServer) Zones(ctx context.Context, req *types.QueryZonesRequest) (*types.QueryZonesResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	zones, page, err := query.CollectionPaginate(ctx, q.Keeper.Zones, req.Pagination,
		func(_ string, z types.Zone) (types.Zone, error) { return z, nil })
	return &types.QueryZonesResponse{Zones: zones, Pagination: page}, err
}

// Zone returns a registered zone.
func (q queryServer) Zone(ctx context.Context, req *types.QueryZoneRequest) (*types.QueryZoneResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	z, err := q.Keeper.Zones.Get(ctx, req.Id)
	if err != nil {
		return nil, moduleutil.NotFound(err)
	}
	return &types.QueryZoneResponse{Zone: z}, nil
}
