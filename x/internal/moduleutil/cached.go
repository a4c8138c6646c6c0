package moduleutil

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// RunCached runs f in a cached context: its writes and events land only if
// it succeeds. The error is returned for the caller to log with its own
// detail; this is how a hook or one item of an EndBlocker fails without
// failing the caller or halting the chain.
func RunCached(ctx context.Context, f func(ctx context.Context) error) error {
	cacheCtx, write := sdk.UnwrapSDKContext(ctx).CacheContext()
	if err := f(cacheCtx); err != nil {
		return err
	}
	write()
	return nil
}
