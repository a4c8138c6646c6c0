package keeper

import (
	"context"
	"errors"
	"slices"
	"strings"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/internal/moduleutil"
	"github.com/powershare/powershare/x/rbac/types"
)

type msgServer struct{ Keeper }

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the rbac Msg service.
func NewMsgServerImpl(k Keeper) types.MsgServer { return msgServer{k} }

// maxManagersPerCommunity bounds the grants one MsgCreateCommunity writes.
const maxManagersPerCommunity = 16

// IsAdmin reports whether signer is an active ADMIN or the governance account.
func (k Keeper) IsAdmin(ctx context.Context, signer sdk.AccAddress) (bool, error) {
	if len(k.authority) > 0 && signer.Equals(k.authority) {
		return true, nil
	}
	return k.HasActiveRole(ctx, signer, types.Role_ADMIN, 0)
}

func (k Keeper) requireAdmin(ctx context.Context, signer sdk.AccAddress, what string) error {
	ok, err := k.IsAdmin(ctx, signer)
	if err != nil || ok {
		return err
	}
	return types.ErrUnauthorized.Wrapf("only an ADMIN may %s; %s is not one", what, signer)
}

// requireManager: a COMMUNITY_MANAGER of the community, or an ADMIN.
func (k Keeper) requireManager(ctx context.Context, signer sdk.AccAddress, community uint64, what string) error {
	if err := k.requireCommunity(ctx, community); err != nil {
		return err
	}
	if admin, err := k.IsAdmin(ctx, signer); err != nil || admin {
		return err
	}
	ok, err := k.HasActiveRole(ctx, signer, types.Role_COMMUNITY_MANAGER, community)
	if err != nil || ok {
		return err
	}
	return types.ErrUnauthorized.Wrapf("only a COMMUNITY_MANAGER of community %d may %s; %s is not one", community, what, signer)
}

func (k Keeper) requireCommunity(ctx context.Context, id uint64) error {
	has, err := k.Communities.Has(ctx, id)
	if err != nil || has {
		return err
	}
	return types.ErrUnknownCommunity.Wrapf("community %d", id)
}

// checkScope enforces types.ValidateScope and that the community exists.
func (k Keeper) checkScope(ctx context.Context, role types.Role, community uint64) error {
	if err := types.ValidateScope(role, community); err != nil {
		return err
	}
	if community != 0 {
		return k.requireCommunity(ctx, community)
	}
	return nil
}

// authorizeGrant: an ADMIN may grant or revoke any role; a COMMUNITY_MANAGER
// only PROSUMER or CONSUMER within its own community.
func (k Keeper) authorizeGrant(ctx context.Context, signer sdk.AccAddress, role types.Role, community uint64) error {
	admin, err := k.IsAdmin(ctx, signer)
	if err != nil || admin {
		return err
	}
	if role.IsMemberRole() && community != 0 {
		manager, err := k.HasActiveRole(ctx, signer, types.Role_COMMUNITY_MANAGER, community)
		if err != nil || manager {
			return err
		}
	}
	return types.ErrUnauthorized.Wrapf(
		"%s may not grant or revoke %s in community %d: an ADMIN may grant any role, a COMMUNITY_MANAGER only PROSUMER or CONSUMER in its own community",
		signer, role, community)
}

func (m msgServer) GrantRole(ctx context.Context, msg *types.MsgGrantRole) (*types.MsgGrantRoleResponse, error) {
	signer, err := moduleutil.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "signer", msg.Signer)
	if err != nil {
		return nil, err
	}
	if _, err := moduleutil.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "address", msg.Address); err != nil {
		return nil, err
	}
	if err := msg.Role.Validate(); err != nil {
		return nil, err
	}
	if err := m.checkScope(ctx, msg.Role, msg.CommunityId); err != nil {
		return nil, err
	}
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	if msg.ExpiresAt != nil && msg.ExpiresAt.After(types.MaxExpiry) {
		return nil, types.ErrInvalidGrant.Wrapf("expiry after %s; leave it unset for a grant that never expires", types.MaxExpiry.Format("2006"))
	}
	if msg.ExpiresAt != nil && !msg.ExpiresAt.After(sdkCtx.BlockTime()) {
		return nil, types.ErrInvalidGrant.Wrapf("expiry %s is not after the block time %s",
			msg.ExpiresAt.UTC().Format("2006-01-02T15:04:05Z"), sdkCtx.BlockTime().UTC().Format("2006-01-02T15:04:05Z"))
	}
	if err := m.authorizeGrant(ctx, signer, msg.Role, msg.CommunityId); err != nil {
		return nil, err
	}
	grant := types.Grant{
		Address: msg.Address, Role: msg.Role, CommunityId: msg.CommunityId, ExpiresAt: msg.ExpiresAt,
		GrantedBy: msg.Signer, GrantedAt: sdkCtx.BlockTime(), GrantedHeight: sdkCtx.BlockHeight(),
	}
	if err := m.SetGrant(ctx, msg.Signer, grant); err != nil {
		return nil, err
	}
	return &types.MsgGrantRoleResponse{}, nil
}

func (m msgServer) RevokeRole(ctx context.Context, msg *types.MsgRevokeRole) (*types.MsgRevokeRoleResponse, error) {
	signer, err := moduleutil.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "signer", msg.Signer)
	if err != nil {
		return nil, err
	}
	addr, err := moduleutil.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "address", msg.Address)
	if err != nil {
		return nil, err
	}
	if err := msg.Role.Validate(); err != nil {
		return nil, err
	}
	if err := m.authorizeGrant(ctx, signer, msg.Role, msg.CommunityId); err != nil {
		return nil, err
	}
	if err := m.RemoveGrant(ctx, msg.Signer, addr, msg.Role, msg.CommunityId, types.AuditAction_REVOKE); err != nil {
		return nil, err
	}
	return &types.MsgRevokeRoleResponse{}, nil
}

func (m msgServer) SetRolePermissions(ctx context.Context, msg *types.MsgSetRolePermissions) (*types.MsgSetRolePermissionsResponse, error) {
	signer, err := moduleutil.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "signer", msg.Signer)
	if err != nil {
		return nil, err
	}
	if err := msg.Role.Validate(); err != nil {
		return nil, err
	}
	if err := m.requireAdmin(ctx, signer, "change permissions"); err != nil {
		return nil, err
	}
	if err := m.validateMsgTypeURLs(msg.MsgTypeUrls); err != nil {
		return nil, err
	}
	urls := slices.Clone(msg.MsgTypeUrls)
	slices.Sort(urls)
	if err := m.Keeper.SetRolePermissions(ctx, msg.Role, urls); err != nil {
		return nil, err
	}
	if err := m.recordAudit(ctx, types.AuditEntry{
		Action: types.AuditAction_SET_PERMISSIONS, Actor: msg.Signer, Role: msg.Role, Detail: strings.Join(urls, ","),
	}); err != nil {
		return nil, err
	}
	return &types.MsgSetRolePermissionsResponse{}, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(
		&types.EventRolePermissionsSet{Role: msg.Role, MsgTypeUrls: urls, SetBy: msg.Signer})
}

// validateMsgTypeURLs checks the form of each URL and, when the keeper knows
// the Msg router, that the chain has a handler for it.
func (k Keeper) validateMsgTypeURLs(urls []string) error {
	if err := types.ValidateTypeURLs(urls); err != nil {
		return err
	}
	if k.msgRouter == nil {
		return nil
	}
	for _, url := range urls {
		if k.msgRouter.HandlerByTypeURL(url) == nil {
			return types.ErrInvalidPermissions.Wrapf("%s is not a Msg of this chain", url)
		}
	}
	return nil
}

func (m msgServer) CreateCommunity(ctx context.Context, msg *types.MsgCreateCommunity) (*types.MsgCreateCommunityResponse, error) {
	signer, err := moduleutil.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "signer", msg.Signer)
	if err != nil {
		return nil, err
	}
	if err := types.ValidateCommunityFields(msg.Name, msg.Zone, msg.Geohash); err != nil {
		return nil, err
	}
	if len(msg.Managers) > maxManagersPerCommunity {
		return nil, types.ErrInvalidCommunity.Wrapf("%d managers, at most %d", len(msg.Managers), maxManagersPerCommunity)
	}
	for i, manager := range msg.Managers {
		if _, err := moduleutil.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "manager", manager); err != nil {
			return nil, err
		}
		if slices.Contains(msg.Managers[:i], manager) {
			return nil, types.ErrInvalidCommunity.Wrapf("manager %s listed twice", manager)
		}
	}
	if err := m.requireAdmin(ctx, signer, "create communities"); err != nil {
		return nil, err
	}
	id, err := m.CommunitySeq.Next(ctx)
	if err != nil {
		return nil, err
	}
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	community := types.Community{
		Id: id, Name: msg.Name, Zone: msg.Zone, Geohash: msg.Geohash, CreatedBy: msg.Signer, CreatedHeight: sdkCtx.BlockHeight(),
	}
	if err := m.Communities.Set(ctx, id, community); err != nil {
		return nil, err
	}
	if err := m.recordAudit(ctx, types.AuditEntry{
		Action: types.AuditAction_CREATE_COMMUNITY, Actor: msg.Signer, CommunityId: id, Detail: msg.Name,
	}); err != nil {
		return nil, err
	}
	for _, manager := range msg.Managers {
		grant := types.Grant{
			Address: manager, Role: types.Role_COMMUNITY_MANAGER, CommunityId: id,
			GrantedBy: msg.Signer, GrantedAt: sdkCtx.BlockTime(), GrantedHeight: sdkCtx.BlockHeight(),
		}
		if err := m.SetGrant(ctx, msg.Signer, grant); err != nil {
			return nil, err
		}
	}
	return &types.MsgCreateCommunityResponse{Id: id}, sdkCtx.EventManager().EmitTypedEvent(
		&types.EventCommunityCreated{Community: community, Managers: msg.Managers})
}

func (m msgServer) RequestMembership(ctx context.Context, msg *types.MsgRequestMembership) (*types.MsgRequestMembershipResponse, error) {
	signer, err := moduleutil.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "signer", msg.Signer)
	if err != nil {
		return nil, err
	}
	if err := msg.Role.Validate(); err != nil {
		return nil, err
	}
	if !msg.Role.IsMemberRole() {
		return nil, types.ErrInvalidGrant.Wrapf("membership is requested as PROSUMER or CONSUMER, not %s", msg.Role)
	}
	if err := m.requireCommunity(ctx, msg.CommunityId); err != nil {
		return nil, err
	}
	if err := m.requireNotMember(ctx, signer, msg.CommunityId); err != nil {
		return nil, err
	}
	key := collections.Join(msg.CommunityId, signer)
	if has, err := m.MembershipRequests.Has(ctx, key); err != nil {
		return nil, err
	} else if has {
		return nil, types.ErrDuplicateRequest.Wrapf("%s already asked to join community %d", msg.Signer, msg.CommunityId)
	}
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	request := types.MembershipRequest{
		CommunityId: msg.CommunityId, Address: msg.Signer, Role: msg.Role, RequestedHeight: sdkCtx.BlockHeight(),
	}
	if err := m.MembershipRequests.Set(ctx, key, request); err != nil {
		return nil, err
	}
	if err := m.recordAudit(ctx, types.AuditEntry{
		Action: types.AuditAction_REQUEST_MEMBERSHIP, Actor: msg.Signer, Subject: msg.Signer, Role: msg.Role, CommunityId: msg.CommunityId,
	}); err != nil {
		return nil, err
	}
	return &types.MsgRequestMembershipResponse{}, sdkCtx.EventManager().EmitTypedEvent(
		&types.EventMembershipRequested{Request: request})
}

func (k Keeper) requireNotMember(ctx context.Context, addr sdk.AccAddress, community uint64) error {
	for _, role := range []types.Role{types.Role_PROSUMER, types.Role_CONSUMER} {
		member, err := k.HasActiveRole(ctx, addr, role, community)
		if err != nil {
			return err
		}
		if member {
			return types.ErrAlreadyMember.Wrapf("%s is already a %s of community %d", addr, role, community)
		}
	}
	return nil
}

// takeRequest removes and returns the pending request of addr to community.
func (k Keeper) takeRequest(ctx context.Context, community uint64, addr sdk.AccAddress) (types.MembershipRequest, error) {
	key := collections.Join(community, addr)
	request, err := k.MembershipRequests.Get(ctx, key)
	if errors.Is(err, collections.ErrNotFound) {
		return request, types.ErrRequestNotFound.Wrapf("%s has no pending request to join community %d", addr, community)
	}
	if err != nil {
		return request, err
	}
	return request, k.MembershipRequests.Remove(ctx, key)
}

func (m msgServer) ApproveMembership(ctx context.Context, msg *types.MsgApproveMembership) (*types.MsgApproveMembershipResponse, error) {
	signer, err := moduleutil.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "signer", msg.Signer)
	if err != nil {
		return nil, err
	}
	addr, err := moduleutil.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "address", msg.Address)
	if err != nil {
		return nil, err
	}
	if err := m.requireManager(ctx, signer, msg.CommunityId, "approve members"); err != nil {
		return nil, err
	}
	request, err := m.takeRequest(ctx, msg.CommunityId, addr)
	if err != nil {
		return nil, err
	}
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	grant := types.Grant{
		Address: msg.Address, Role: request.Role, CommunityId: msg.CommunityId,
		GrantedBy: msg.Signer, GrantedAt: sdkCtx.BlockTime(), GrantedHeight: sdkCtx.BlockHeight(),
	}
	if err := m.SetGrant(ctx, msg.Signer, grant); err != nil {
		return nil, err
	}
	if err := m.recordAudit(ctx, types.AuditEntry{
		Action: types.AuditAction_APPROVE_MEMBERSHIP, Actor: msg.Signer, Subject: msg.Address, Role: request.Role,
		CommunityId: msg.CommunityId,
	}); err != nil {
		return nil, err
	}
	return &types.MsgApproveMembershipResponse{}, sdkCtx.EventManager().EmitTypedEvent(
		&types.EventMembershipDecided{Request: request, Approved: true, DecidedBy: msg.Signer})
}

func (m msgServer) RejectMembership(ctx context.Context, msg *types.MsgRejectMembership) (*types.MsgRejectMembershipResponse, error) {
	signer, err := moduleutil.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "signer", msg.Signer)
	if err != nil {
		return nil, err
	}
	addr, err := moduleutil.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "address", msg.Address)
	if err != nil {
		return nil, err
	}
	if len(msg.Reason) > 256 {
		return nil, types.ErrInvalidText.Wrapf("reason is %d characters, at most 256", len(msg.Reason))
	}
	if err := m.requireManager(ctx, signer, msg.CommunityId, "reject members"); err != nil {
		return nil, err
	}
	request, err := m.takeRequest(ctx, msg.CommunityId, addr)
	if err != nil {
		return nil, err
	}
	if err := m.recordAudit(ctx, types.AuditEntry{
		Action: types.AuditAction_REJECT_MEMBERSHIP, Actor: msg.Signer, Subject: msg.Address, Role: request.Role,
		CommunityId: msg.CommunityId, Detail: msg.Reason,
	}); err != nil {
		return nil, err
	}
	return &types.MsgRejectMembershipResponse{}, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(
		&types.EventMembershipDecided{Request: request, Approved: false, DecidedBy: msg.Signer, Reason: msg.Reason})
}

func (m msgServer) RemoveMember(ctx context.Context, msg *types.MsgRemoveMember) (*types.MsgRemoveMemberResponse, error) {
	signer, err := moduleutil.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "signer", msg.Signer)
	if err != nil {
		return nil, err
	}
	addr, err := moduleutil.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "address", msg.Address)
	if err != nil {
		return nil, err
	}
	if err := m.requireManager(ctx, signer, msg.CommunityId, "remove members"); err != nil {
		return nil, err
	}
	removed := 0
	for _, role := range []types.Role{types.Role_PROSUMER, types.Role_CONSUMER} {
		err := m.RemoveGrant(ctx, msg.Signer, addr, role, msg.CommunityId, types.AuditAction_REMOVE_MEMBER)
		if errors.Is(err, types.ErrGrantNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		removed++
	}
	if removed == 0 {
		return nil, types.ErrNotAMember.Wrapf("%s is not a member of community %d", msg.Address, msg.CommunityId)
	}
	return &types.MsgRemoveMemberResponse{}, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(
		&types.EventMemberRemoved{CommunityId: msg.CommunityId, Address: msg.Address, RemovedBy: msg.Signer})
}

// UpdateParams lets the governance account or an active ADMIN replace the
// params (rbac's ADMIN governs the chain's roles day to day, so it need not
// wait for a proposal). The change is recorded in the audit trail.
func (m msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	authority, err := moduleutil.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "authority", msg.Authority)
	if err != nil {
		return nil, err
	}
	// Validated before the router check, so a malformed list is reported
	// as invalid params rather than as an unknown Msg.
	if err := msg.Params.Validate(); err != nil {
		return nil, err
	}
	if err := m.validateMsgTypeURLs(msg.Params.OpenMsgTypeUrls); err != nil {
		return nil, err
	}
	if err := m.requireAdmin(ctx, authority, "update params"); err != nil {
		return nil, err
	}
	if err := moduleutil.SetParams(ctx, msg.Params, m.Params,
		&types.EventParamsUpdated{Authority: msg.Authority, Params: msg.Params}); err != nil {
		return nil, err
	}
	if err := m.recordAudit(ctx, types.AuditEntry{
		Action: types.AuditAction_UPDATE_PARAMS, Actor: msg.Authority, Detail: msg.Params.String(),
	}); err != nil {
		return nil, err
	}
	return &types.MsgUpdateParamsResponse{}, nil
}
