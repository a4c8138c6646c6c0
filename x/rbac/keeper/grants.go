package keeper

import (
	"context"
	"errors"
	"time"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/rbac/types"
)

func grantKey(addr sdk.AccAddress, role types.Role, community uint64) GrantKey {
	return collections.Join3(addr, int32(role), community)
}

// isActive reports whether a grant counts at the block time: it counts until
// its expiry, exclusive. No EndBlocker needs to run for that to hold.
func isActive(g types.Grant, blockTime time.Time) bool {
	return g.ExpiresAt == nil || blockTime.Before(*g.ExpiresAt)
}

// HasActiveRole reports whether addr holds role in the community (0 for a
// chain-wide grant) at the current block time. One store read.
func (k Keeper) HasActiveRole(ctx context.Context, addr sdk.AccAddress, role types.Role, community uint64) (bool, error) {
	g, err := k.Grants.Get(ctx, grantKey(addr, role, community))
	if errors.Is(err, collections.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return isActive(g, sdk.UnwrapSDKContext(ctx).BlockTime()), nil
}

// GrantsOf returns every grant of addr, active or not, in key order. At most
// max_grants_per_address reads.
func (k Keeper) GrantsOf(ctx context.Context, addr sdk.AccAddress) ([]types.Grant, error) {
	iter, err := k.Grants.Iterate(ctx, collections.NewPrefixedTripleRange[sdk.AccAddress, int32, uint64](addr))
	if err != nil {
		return nil, err
	}
	return iter.Values()
}

// ActiveRoles returns the distinct roles addr holds now, in enum order.
func (k Keeper) ActiveRoles(ctx context.Context, addr sdk.AccAddress) ([]types.Role, error) {
	grants, err := k.GrantsOf(ctx, addr)
	if err != nil {
		return nil, err
	}
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	var roles []types.Role
	for _, g := range grants { // keys are ordered by role, so duplicates are adjacent
		if isActive(g, now) && (len(roles) == 0 || roles[len(roles)-1] != g.Role) {
			roles = append(roles, g.Role)
		}
	}
	return roles, nil
}

// SetGrant stores a grant (new or replacing the same address/role/community),
// keeping the OPERATOR expiry queue, the per-address bound, the audit trail
// and the events in step. actor is empty for genesis grants.
func (k Keeper) SetGrant(ctx context.Context, actor string, g types.Grant) error {
	addrBz, err := k.addressCodec.StringToBytes(g.Address)
	if err != nil {
		return types.ErrInvalidAddress.Wrapf("%s: %v", g.Address, err)
	}
	addr := sdk.AccAddress(addrBz)
	key := grantKey(addr, g.Role, g.CommunityId)
	if g.Role == types.Role_ADMIN && g.ExpiresAt != nil {
		// An expiring ADMIN grant never replaces the last permanent one.
		if err := k.checkAnotherAdmin(ctx, key); err != nil {
			return err
		}
	}
	old, err := k.Grants.Get(ctx, key)
	switch {
	case errors.Is(err, collections.ErrNotFound):
		if err := k.checkGrantBound(ctx, addr); err != nil {
			return err
		}
	case err != nil:
		return err
	default:
		if err := k.unqueueExpiry(ctx, addr, old); err != nil {
			return err
		}
	}
	if err := k.Grants.Set(ctx, key, g); err != nil {
		return err
	}
	if g.Role == types.Role_OPERATOR && g.ExpiresAt != nil {
		if err := k.OperatorExpiries.Set(ctx, collections.Join(g.ExpiresAt.UnixNano(), addr)); err != nil {
			return err
		}
	}
	if err := k.recordAudit(ctx, types.AuditEntry{
		Action: types.AuditAction_GRANT, Actor: actor, Subject: g.Address, Role: g.Role, CommunityId: g.CommunityId,
		Detail: expiryDetail(g),
	}); err != nil {
		return err
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventRoleGranted{Grant: g})
}

func expiryDetail(g types.Grant) string {
	if g.ExpiresAt == nil {
		return ""
	}
	return "expires " + g.ExpiresAt.UTC().Format(time.RFC3339)
}

// checkGrantBound makes room for one more grant of addr: it deletes the
// expired ones, so that they stop counting towards max_grants_per_address
// (and the ante check's reads), then counts the rest. Their GRANT entries
// stay in the audit trail. An expired OPERATOR grant stays in the expiry
// queue: the EndBlocker still has to jail its validator.
func (k Keeper) checkGrantBound(ctx context.Context, addr sdk.AccAddress) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	grants, err := k.GrantsOf(ctx, addr)
	if err != nil {
		return err
	}
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	held := 0
	for _, g := range grants {
		if isActive(g, now) {
			held++
			continue
		}
		if err := k.Grants.Remove(ctx, grantKey(addr, g.Role, g.CommunityId)); err != nil {
			return err
		}
	}
	if held >= int(params.MaxGrantsPerAddress) {
		return types.ErrTooManyGrants.Wrapf("%s already holds %d grants (max_grants_per_address)", addr, held)
	}
	return nil
}

func (k Keeper) unqueueExpiry(ctx context.Context, addr sdk.AccAddress, g types.Grant) error {
	if g.Role != types.Role_OPERATOR || g.ExpiresAt == nil {
		return nil
	}
	return k.OperatorExpiries.Remove(ctx, collections.Join(g.ExpiresAt.UnixNano(), addr))
}

// RemoveGrant deletes a grant. The last active ADMIN cannot be removed, and
// removing OPERATOR schedules the jailing of the address's validator at the
// end of the block. action is REVOKE or REMOVE_MEMBER for the audit trail.
func (k Keeper) RemoveGrant(ctx context.Context, actor string, addr sdk.AccAddress, role types.Role,
	community uint64, action types.AuditAction,
) error {
	key := grantKey(addr, role, community)
	g, err := k.Grants.Get(ctx, key)
	if errors.Is(err, collections.ErrNotFound) {
		return types.ErrGrantNotFound.Wrapf("%s does not hold %s in community %d", addr, role, community)
	}
	if err != nil {
		return err
	}
	if role == types.Role_ADMIN {
		if err := k.checkAnotherAdmin(ctx, key); err != nil {
			return err
		}
	}
	if err := k.unqueueExpiry(ctx, addr, g); err != nil {
		return err
	}
	if err := k.Grants.Remove(ctx, key); err != nil {
		return err
	}
	if role == types.Role_OPERATOR {
		revokedAt := sdk.UnwrapSDKContext(ctx).BlockTime().UnixNano()
		if err := k.PendingJails.Set(ctx, collections.Join(revokedAt, addr)); err != nil {
			return err
		}
	}
	addrStr := g.Address
	if err := k.recordAudit(ctx, types.AuditEntry{
		Action: action, Actor: actor, Subject: addrStr, Role: role, CommunityId: community,
	}); err != nil {
		return err
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventRoleRevoked{
		Address: addrStr, Role: role, CommunityId: community, RevokedBy: actor,
	})
}

// checkAnotherAdmin fails unless an ADMIN grant other than except exists
// that is active and never expires: the chain always keeps one permanent
// ADMIN, so that neither a revoke nor an expiry can leave it without one.
func (k Keeper) checkAnotherAdmin(ctx context.Context, except GrantKey) error {
	iter, err := k.Grants.Indexes.ByRole.MatchExact(ctx, int32(types.Role_ADMIN))
	if err != nil {
		return err
	}
	defer iter.Close()
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	for ; iter.Valid(); iter.Next() {
		pk, err := iter.PrimaryKey()
		if err != nil {
			return err
		}
		if sameGrantKey(pk, except) {
			continue
		}
		g, err := k.Grants.Get(ctx, pk)
		if err != nil {
			return err
		}
		if g.ExpiresAt == nil && isActive(g, now) {
			return nil
		}
	}
	return types.ErrLastAdmin.Wrap("grant ADMIN without an expiry to another account first")
}

func sameGrantKey(a, b GrantKey) bool {
	return a.K1().Equals(b.K1()) && a.K2() == b.K2() && a.K3() == b.K3()
}
