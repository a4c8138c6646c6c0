package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"

	"github.com/powershare/powershare/x/rbac/types"
)

// CommunityZone returns the grid zone of a community, or ErrUnknownCommunity.
func (k Keeper) CommunityZone(ctx context.Context, id uint64) (string, error) {
	c, err := k.Communities.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return "", types.ErrUnknownCommunity.Wrapf("community %d", id)
	}
	return c.Zone, err
}
