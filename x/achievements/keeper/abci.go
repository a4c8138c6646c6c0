package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/internal/moduleutil"
)

// EndBlocker pays out the challenges that have ended and lets go of the
// participants of cancelled ones, oldest first, at most
// max_payouts_per_block steps per block (a step is one participant taken
// off the standings, paid if a winner, or one challenge closed), so a big
// challenge finishes over several blocks. Each challenge's share runs in a
// cached context: one that fails is logged, changes nothing and is tried
// again next block, and it never stops the others.
func (k Keeper) EndBlocker(ctx context.Context) error {
	p, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	budget := p.MaxPayoutsPerBlock
	due, err := moduleutil.DueKeys(ctx, k.ChallengeQueue, sdkCtx.BlockTime().Unix(), budget)
	if err != nil {
		return err
	}
	for _, key := range due {
		if budget == 0 {
			break
		}
		var used uint32
		err := moduleutil.RunCached(ctx, func(ctx context.Context) error {
			var err error
			used, err = k.processChallenge(ctx, key, budget)
			return err
		})
		if err != nil {
			sdkCtx.Logger().Error("challenge payout failed; retried next block", "challenge", key.K2(), "err", err)
			used = 1 // a failing challenge still costs the block a step
		}
		budget -= min(used, budget)
	}
	return nil
}
