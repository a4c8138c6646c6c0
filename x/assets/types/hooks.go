package types

import (
	"context"
	"fmt"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/internal/moduleutil"
)

// Hooks lets other modules (achievements, market statistics) follow token
// issuance. A consumer that returns an error has its writes dropped and the
// failure logged; the Msg that issued the tokens still succeeds.
type Hooks interface {
	AfterProductionAttested(ctx context.Context, attestation Attestation, owner sdk.AccAddress) error
	AfterCarbonRetired(ctx context.Context, certificate Certificate) error
	AfterCommunityRewarded(ctx context.Context, communityID uint64, member sdk.AccAddress, amount sdk.Coin) error
}

var _ Hooks = MultiAssetsHooks{}

// MultiAssetsHooks are the consumers of the module's hooks, called in the
// order given. Each runs in its own cached context: its writes land only if
// it succeeds, and a failure is logged with the consumer that failed, so
// one consumer neither stops the others nor loses their writes.
type MultiAssetsHooks []Hooks

// NewMultiAssetsHooks combines the consumers of the module's hooks.
func NewMultiAssetsHooks(hooks ...Hooks) MultiAssetsHooks { return hooks }

// AfterProductionAttested calls every consumer's AfterProductionAttested.
func (h MultiAssetsHooks) AfterProductionAttested(ctx context.Context, attestation Attestation, owner sdk.AccAddress) error {
	h.each(ctx, "AfterProductionAttested", func(ctx context.Context, c Hooks) error {
		return c.AfterProductionAttested(ctx, attestation, owner)
	})
	return nil
}

// AfterCarbonRetired calls every consumer's AfterCarbonRetired.
func (h MultiAssetsHooks) AfterCarbonRetired(ctx context.Context, certificate Certificate) error {
	h.each(ctx, "AfterCarbonRetired", func(ctx context.Context, c Hooks) error {
		return c.AfterCarbonRetired(ctx, certificate)
	})
	return nil
}

// AfterCommunityRewarded calls every consumer's AfterCommunityRewarded.
func (h MultiAssetsHooks) AfterCommunityRewarded(ctx context.Context, communityID uint64, member sdk.AccAddress, amount sdk.Coin) error {
	h.each(ctx, "AfterCommunityRewarded", func(ctx context.Context, c Hooks) error {
		return c.AfterCommunityRewarded(ctx, communityID, member, amount)
	})
	return nil
}

// each runs call for every consumer in its own cached context and logs a
// failure with the hook and the consumer (its position and type).
func (h MultiAssetsHooks) each(ctx context.Context, hook string, call func(ctx context.Context, c Hooks) error) {
	for i, c := range h {
		if err := moduleutil.RunCached(ctx, func(ctx context.Context) error { return call(ctx, c) }); err != nil {
			sdk.UnwrapSDKContext(ctx).Logger().Error("assets hook consumer failed",
				"hook", hook, "consumer", i, "type", fmt.Sprintf("%T", c), "err", err)
		}
	}
}
