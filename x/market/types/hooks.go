package types

import (
	"context"
	"fmt"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/internal/moduleutil"
)

// Hooks lets other modules (achievements, statistics) follow settled trades.
type Hooks interface {
	AfterTradeSettled(ctx context.Context, trade Trade) error
}

var _ Hooks = MultiMarketHooks{}

// MultiMarketHooks runs several consumers of the market hooks in order, as
// x/staking's MultiStakingHooks does. Each consumer runs in its own cached
// context: its writes land only if it succeeds, and its failure is logged
// with its position and type, so one failing consumer neither stops the
// others nor undoes their writes, nor fails the settlement that called it.
type MultiMarketHooks []Hooks

// NewMultiMarketHooks combines hooks; they run in the order given.
func NewMultiMarketHooks(hooks ...Hooks) MultiMarketHooks { return hooks }

// AfterTradeSettled calls every consumer with the settled trade. It never
// returns an error: a consumer's failure is its own, logged here.
func (h MultiMarketHooks) AfterTradeSettled(ctx context.Context, trade Trade) error {
	for i, hook := range h {
		if err := moduleutil.RunCached(ctx, func(ctx context.Context) error {
			return hook.AfterTradeSettled(ctx, trade)
		}); err != nil {
			sdk.UnwrapSDKContext(ctx).Logger().Error("market hook failed", "hook", "AfterTradeSettled",
				"consumer", fmt.Sprintf("%d (%T)", i, hook), "trade", trade.Id, "err", err)
		}
	}
	return nil
}
