package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"

	"github.com/powershare/powershare/x/rbac/types"
)

// GetCommunity returns a community, or ErrUnknownCommunity.
func (k Keeper) GetCommunity(ctx context.Context, id uint64) (types.Community, error) {
	c, err := k.Communities.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return c, types.ErrUnknownCommunity.Wrapf("community %d", id)
	}
	return c, err
}

// CommunityZone returns the grid zone of a community, or ErrUnknownCommunity.
func (k Keeper) CommunityZone(ctx context.Context, id uint64) (string, error) {
	c, err := k.GetCommunity(ctx, id)
	return c.Zone, err
}
