package keeper

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/rbac/types"
)

// RolePermits reports whether role may send the Msg with typeURL. One store read.
func (k Keeper) RolePermits(ctx context.Context, role types.Role, typeURL string) (bool, error) {
	return k.Permissions.Has(ctx, collections.Join(int32(role), typeURL))
}

// CheckPermission returns nil when signer may send the Msg with typeURL: the
// Msg is open to anyone, or one of the signer's active roles permits it.
// Cost: one params read, at most max_grants_per_address grant reads and one
// permission read per distinct role held.
func (k Keeper) CheckPermission(ctx context.Context, signer sdk.AccAddress, typeURL string) error {
	allowed, _, held, err := k.check(ctx, signer, typeURL)
	if err != nil || allowed {
		return err
	}
	permitting, err := k.PermittingRoles(ctx, typeURL)
	if err != nil {
		return err
	}
	return k.missingPermission(signer, typeURL, held, permitting)
}

// check answers whether signer may send typeURL and, if so, by which role
// (ROLE_UNSPECIFIED for an open Msg). On a refusal it also returns the roles
// signer holds, for the explanation.
func (k Keeper) check(ctx context.Context, signer sdk.AccAddress, typeURL string) (bool, types.Role, []types.Role, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return false, types.Role_ROLE_UNSPECIFIED, nil, err
	}
	if slices.Contains(params.OpenMsgTypeUrls, typeURL) {
		return true, types.Role_ROLE_UNSPECIFIED, nil, nil
	}
	roles, err := k.ActiveRoles(ctx, signer)
	if err != nil {
		return false, types.Role_ROLE_UNSPECIFIED, nil, err
	}
	for _, role := range roles {
		ok, err := k.RolePermits(ctx, role, typeURL)
		if err != nil || ok {
			return ok, role, nil, err
		}
	}
	return false, types.Role_ROLE_UNSPECIFIED, roles, nil
}

// PermittingRoles lists the roles whose permissions include typeURL. It reads
// one key per role, so it is only used to explain a refusal.
func (k Keeper) PermittingRoles(ctx context.Context, typeURL string) ([]types.Role, error) {
	var roles []types.Role
	for _, role := range types.AllRoles {
		ok, err := k.RolePermits(ctx, role, typeURL)
		if err != nil {
			return nil, err
		}
		if ok {
			roles = append(roles, role)
		}
	}
	return roles, nil
}

// missingPermission builds the refusal: who, which Msg, what they hold and
// which roles would allow it.
func (k Keeper) missingPermission(signer sdk.AccAddress, typeURL string, held, permitting []types.Role) error {
	signerStr, err := k.addressCodec.BytesToString(signer)
	if err != nil {
		return err
	}
	return types.ErrMissingPermission.Wrapf("%s may not send %s: it holds %s; roles that may send it: %s",
		signerStr, typeURL, roleList(held), roleList(permitting))
}

func roleList(roles []types.Role) string {
	if len(roles) == 0 {
		return "none"
	}
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = r.String()
	}
	return "[" + strings.Join(names, ", ") + "]"
}

// Explain answers the Can query: whether signer may send typeURL now and why.
func (k Keeper) Explain(ctx context.Context, signer sdk.AccAddress, typeURL string) (*types.QueryCanResponse, error) {
	allowed, role, held, err := k.check(ctx, signer, typeURL)
	if err != nil {
		return nil, err
	}
	permitting, err := k.PermittingRoles(ctx, typeURL)
	if err != nil {
		return nil, err
	}
	res := &types.QueryCanResponse{Allowed: allowed, PermittingRoles: permitting}
	switch {
	case allowed && role == types.Role_ROLE_UNSPECIFIED:
		res.Reason = fmt.Sprintf("%s is open to anyone", typeURL)
	case allowed:
		res.Reason = fmt.Sprintf("the %s role permits %s", role, typeURL)
	default:
		res.Reason = k.missingPermission(signer, typeURL, held, permitting).Error()
	}
	return res, nil
}

// SetRolePermissions replaces the permission-table row of role.
func (k Keeper) SetRolePermissions(ctx context.Context, role types.Role, typeURLs []string) error {
	old, err := k.RolePermissionsOf(ctx, role)
	if err != nil {
		return err
	}
	for _, url := range old.MsgTypeUrls {
		if err := k.Permissions.Remove(ctx, collections.Join(int32(role), url)); err != nil {
			return err
		}
	}
	for _, url := range typeURLs {
		if err := k.Permissions.Set(ctx, collections.Join(int32(role), url)); err != nil {
			return err
		}
	}
	return nil
}

// RolePermissionsOf returns the permission-table row of role, sorted.
func (k Keeper) RolePermissionsOf(ctx context.Context, role types.Role) (types.RolePermissions, error) {
	iter, err := k.Permissions.Iterate(ctx, collections.NewPrefixedPairRange[int32, string](int32(role)))
	if err != nil {
		return types.RolePermissions{}, err
	}
	keys, err := iter.Keys()
	if err != nil {
		return types.RolePermissions{}, err
	}
	row := types.RolePermissions{Role: role, MsgTypeUrls: make([]string, len(keys))}
	for i, key := range keys {
		row.MsgTypeUrls[i] = key.K2()
	}
	return row, nil
}
