package keeper

import (
	"context"
	"time"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/powershare/powershare/x/internal/moduleutil"
	"github.com/powershare/powershare/x/market/types"
)

// onItemFailure reports a failed end-block item: an event for every failure
// and, when the runner gives up, a stored StuckItem and its event.
func (k Keeper) onItemFailure(ctx context.Context, queue string, f moduleutil.QueueItemFailure[uint64]) error {
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	if !f.GaveUp {
		return sdkCtx.EventManager().EmitTypedEvent(&types.EventEndBlockItemFailed{
			Queue: queue, Id: f.Key, Attempt: f.Attempt, Error: f.ErrorText(), RetryAt: time.Unix(f.RetryAt, 0).UTC(),
		})
	}
	item := types.StuckItem{
		Queue: queue, Id: f.Key, Attempts: f.Attempt, Error: f.ErrorText(),
		Height: sdkCtx.BlockHeight(), Time: sdkCtx.BlockTime(),
	}
	if err := k.StuckItems.Set(ctx, collections.Join(queue, f.Key), item); err != nil {
		return err
	}
	return sdkCtx.EventManager().EmitTypedEvent(&types.EventEndBlockItemStuck{Item: item})
}

// StuckItems lists the end-block items the market gave up on.
func (q queryServer) StuckItems(ctx context.Context, req *types.QueryStuckItemsRequest) (*types.QueryStuckItemsResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	items, page, err := query.CollectionPaginate(ctx, q.Keeper.StuckItems, req.Pagination,
		func(_ collections.Pair[string, uint64], item types.StuckItem) (types.StuckItem, error) {
			return item, nil
		})
	return &types.QueryStuckItemsResponse{Items: items, Pagination: page}, err
}
