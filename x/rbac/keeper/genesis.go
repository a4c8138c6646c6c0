package keeper

import (
	"context"

	"cosmossdk.io/collections"

	"github.com/powershare/powershare/x/internal/moduleutil"
	"github.com/powershare/powershare/x/rbac/types"
)

// InitGenesis loads a validated genesis state. Grants are stored as they are,
// without new audit entries: the genesis file is their record.
func (k Keeper) InitGenesis(ctx context.Context, gs types.GenesisState) error {
	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return err
	}
	for _, row := range gs.Permissions {
		if err := k.SetRolePermissions(ctx, row.Role, row.MsgTypeUrls); err != nil {
			return err
		}
	}
	for _, c := range gs.Communities {
		if err := k.Communities.Set(ctx, c.Id, c); err != nil {
			return err
		}
	}
	if err := k.CommunitySeq.Set(ctx, gs.NextCommunityId); err != nil {
		return err
	}
	for _, g := range gs.Grants {
		addr, err := moduleutil.ParseAddress(k.addressCodec, types.ErrInvalidAddress, "grant", g.Address)
		if err != nil {
			return err
		}
		if err := k.Grants.Set(ctx, grantKey(addr, g.Role, g.CommunityId), g); err != nil {
			return err
		}
		if g.Role == types.Role_OPERATOR && g.ExpiresAt != nil {
			if err := k.OperatorExpiries.Set(ctx, collections.Join(g.ExpiresAt.UnixNano(), addr)); err != nil {
				return err
			}
		}
	}
	for _, r := range gs.MembershipRequests {
		addr, err := moduleutil.ParseAddress(k.addressCodec, types.ErrInvalidAddress, "request", r.Address)
		if err != nil {
			return err
		}
		if err := k.MembershipRequests.Set(ctx, collections.Join(r.CommunityId, addr), r); err != nil {
			return err
		}
	}
	for _, e := range gs.AuditEntries {
		if err := k.Audit.Set(ctx, e.Id, e); err != nil {
			return err
		}
	}
	return k.AuditSeq.Set(ctx, gs.NextAuditId)
}

// ExportGenesis writes the whole state, every list in key order.
func (k Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	gs := &types.GenesisState{Params: params}
	for _, role := range types.AllRoles {
		row, err := k.RolePermissionsOf(ctx, role)
		if err != nil {
			return nil, err
		}
		if len(row.MsgTypeUrls) > 0 {
			gs.Permissions = append(gs.Permissions, row)
		}
	}
	if gs.Grants, err = moduleutil.Values(ctx, k.Grants); err != nil {
		return nil, err
	}
	if gs.Communities, err = moduleutil.Values(ctx, k.Communities); err != nil {
		return nil, err
	}
	if gs.MembershipRequests, err = moduleutil.Values(ctx, k.MembershipRequests); err != nil {
		return nil, err
	}
	if gs.AuditEntries, err = moduleutil.Values(ctx, k.Audit); err != nil {
		return nil, err
	}
	if gs.NextCommunityId, err = k.CommunitySeq.Peek(ctx); err != nil {
		return nil, err
	}
	if gs.NextAuditId, err = k.AuditSeq.Peek(ctx); err != nil {
		return nil, err
	}
	return gs, nil
}
