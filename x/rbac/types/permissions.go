package types

import (
	"slices"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// Permissions lists which roles may send each of x/rbac's Msgs: ADMINs and
// community managers manage members, ADMINs alone the table, communities
// and params.
func Permissions() []RolePermissions {
	membership := []sdk.Msg{
		&MsgGrantRole{}, &MsgRevokeRole{}, &MsgApproveMembership{}, &MsgRejectMembership{}, &MsgRemoveMember{},
	}
	return slices.Concat(
		Permit(membership, Role_ADMIN, Role_COMMUNITY_MANAGER),
		Permit([]sdk.Msg{&MsgSetRolePermissions{}, &MsgCreateCommunity{}, &MsgUpdateParams{}}, Role_ADMIN),
	)
}

// OpenMsgs are x/rbac's Msgs anyone may send without a role: asking to join
// a community is how an account without a role gets one.
func OpenMsgs() []string {
	return MsgTypeURLs(&MsgRequestMembership{})
}
