package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/market/types"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// requireOpenZone checks that a zone is registered and not retired: an
// order or trade in a zone nobody registered would open a market nobody
// administers, and free-form zones let markets pile up without bound.
func (k Keeper) requireOpenZone(ctx context.Context, zone string) error {
	if err := rbactypes.ValidateZone(zone); err != nil {
		return types.ErrInvalidOrder.Wrap(err.Error())
	}
	z, err := k.Zones.Get(ctx, zone)
	if errors.Is(err, collections.ErrNotFound) {
		return types.UnknownZone(zone)
	}
	if err != nil {
		return err
	}
	if z.Retired {
		return types.ErrZoneRetired.Wrapf("zone %s was retired and takes no new orders or trades; "+
			"a GRID_OPERATOR or ADMIN may register it again with `powershared tx market register-zone %s`", zone, zone)
	}
	return nil
}

// authorizeZone lets an ADMIN, a chain-wide GRID_OPERATOR or, for a zone of
// a community, a GRID_OPERATOR of that community administer the zone. The
// ante handler has already checked that the signer holds one of the roles
// somewhere; this checks the scope, as x/rbac scopes roles to communities.
func (k Keeper) authorizeZone(ctx context.Context, signer sdk.AccAddress, zone string, community uint64) error {
	if ok, err := k.rbac.IsAdmin(ctx, signer); err != nil || ok {
		return err
	}
	if ok, err := k.rbac.HasActiveRole(ctx, signer, rbactypes.Role_GRID_OPERATOR, 0); err != nil || ok {
		return err
	}
	if community != 0 {
		if ok, err := k.rbac.HasActiveRole(ctx, signer, rbactypes.Role_GRID_OPERATOR, community); err != nil || ok {
			return err
		}
		return types.ErrUnauthorized.Wrapf("zone %s belongs to community %d: only an ADMIN, a chain-wide GRID_OPERATOR "+
			"or a GRID_OPERATOR of community %d administers it; %s is none of them", zone, community, community, signer)
	}
	return types.ErrUnauthorized.Wrapf("zone %s belongs to no community: only an ADMIN or a chain-wide GRID_OPERATOR "+
		"administers it; %s is neither", zone, signer)
}

// registerZone registers a zone, or a retired one again (then the signer
// must administer both its old and its new community).
func (k Keeper) registerZone(ctx context.Context, signer sdk.AccAddress, z types.Zone) error {
	if err := z.Validate(); err != nil {
		return err
	}
	if z.CommunityId != 0 {
		if _, err := k.rbac.CommunityZone(ctx, z.CommunityId); err != nil {
			return types.ErrInvalidZone.Wrapf("zone %s: community %d: %v (0 for a zone of no community)", z.Id, z.CommunityId, err)
		}
	}
	old, err := k.Zones.Get(ctx, z.Id)
	switch {
	case err == nil && !old.Retired:
		return types.ErrInvalidZone.Wrapf("zone %s is already registered (community %d)", z.Id, old.CommunityId)
	case err == nil:
		if err := k.authorizeZone(ctx, signer, z.Id, old.CommunityId); err != nil {
			return err
		}
	case !errors.Is(err, collections.ErrNotFound):
		return err
	}
	if err := k.authorizeZone(ctx, signer, z.Id, z.CommunityId); err != nil {
		return err
	}
	return k.Zones.Set(ctx, z.Id, z)
}

// retireZone retires a registered zone: no new orders or trades in it; what
// is already open runs to its end.
func (k Keeper) retireZone(ctx context.Context, signer sdk.AccAddress, id string) (types.Zone, error) {
	z, err := k.Zones.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return z, types.UnknownZone(id)
	}
	if err != nil {
		return z, err
	}
	if z.Retired {
		return z, types.ErrZoneRetired.Wrapf("zone %s is already retired", id)
	}
	if err := k.authorizeZone(ctx, signer, id, z.CommunityId); err != nil {
		return z, err
	}
	z.Retired = true
	return z, k.Zones.Set(ctx, id, z)
}
