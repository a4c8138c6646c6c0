package keeper

import (
	"context"
	"errors"
	"time"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/assets/types"
)

// currentEpoch returns the issuance epoch the block time lies in, advancing
// the stored one when it has ended. Epochs are keyed by their start (finding
// 11 of issue 11): the running epoch keeps the length it began with, and a
// new epoch_seconds takes effect only when it ends, so a parameter change
// can neither reset nor extend the allowance already used. Epochs that
// passed without use are skipped arithmetically: constant work per call.
// The first epoch is aligned on the Unix epoch, as before state epochs.
func (k Keeper) currentEpoch(ctx context.Context, p types.Params) (types.Epoch, error) {
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	e, err := k.Epoch.Get(ctx)
	switch {
	case errors.Is(err, collections.ErrNotFound):
		e = firstEpoch(now, p.EpochSeconds)
	case err != nil:
		return e, err
	case !now.Before(e.Start.Add(seconds(e.Seconds))):
		end := e.Start.Add(seconds(e.Seconds))
		skipped := uint64(now.Sub(end) / seconds(p.EpochSeconds))
		e = types.Epoch{Number: e.Number + 1 + skipped, Start: end.Add(time.Duration(skipped) * seconds(p.EpochSeconds)), Seconds: p.EpochSeconds}
	default:
		return e, nil
	}
	return e, k.Epoch.Set(ctx, e)
}

// firstEpoch is the epoch of length secs, counted from the Unix epoch, that
// holds now.
func firstEpoch(now time.Time, secs uint64) types.Epoch {
	unix := now.Unix()
	if unix < 0 {
		unix = 0
	}
	number := uint64(unix) / secs
	return types.Epoch{Number: number, Start: time.Unix(int64(number*secs), 0).UTC(), Seconds: secs}
}

func seconds(s uint64) time.Duration { return time.Duration(s) * time.Second }
