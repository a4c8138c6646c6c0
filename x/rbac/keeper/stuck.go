package keeper

import (
	"context"
	"time"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/powershare/powershare/x/internal/moduleutil"
	"github.com/powershare/powershare/x/rbac/types"
)

// onJailFailure reports a failed jailing: an event for every failure and,
// when the runner gives up, a stored StuckJail and its event.
func (k Keeper) onJailFailure(ctx context.Context, queue string, f moduleutil.QueueItemFailure[sdk.AccAddress]) error {
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	operator, err := k.addressCodec.BytesToString(f.Key)
	if err != nil {
		return err
	}
	if !f.GaveUp {
		return sdkCtx.EventManager().EmitTypedEvent(&types.EventEndBlockItemFailed{
			Queue: queue, Operator: operator, Attempt: f.Attempt, Error: f.ErrorText(), RetryAt: time.Unix(0, f.RetryAt).UTC(),
		})
	}
	item := types.StuckJail{
		Queue: queue, Operator: operator, Attempts: f.Attempt, Error: f.ErrorText(),
		Height: sdkCtx.BlockHeight(), Time: sdkCtx.BlockTime(),
	}
	if err := k.StuckJails.Set(ctx, collections.Join(queue, f.Key), item); err != nil {
		return err
	}
	return sdkCtx.EventManager().EmitTypedEvent(&types.EventEndBlockItemStuck{Item: item})
}

// StuckJails lists the jailings the EndBlocker gave up on.
func (q queryServer) StuckJails(ctx context.Context, req *types.QueryStuckJailsRequest) (*types.QueryStuckJailsResponse, error) {
	if req == nil {
		return nil, moduleutil.ErrEmptyRequest
	}
	items, page, err := query.CollectionPaginate(ctx, q.Keeper.StuckJails, req.Pagination,
		func(_ collections.Pair[string, sdk.AccAddress], item types.StuckJail) (types.StuckJail, error) {
			return item, nil
		})
	return &types.QueryStuckJailsResponse{Items: items, Pagination: page}, err
}
