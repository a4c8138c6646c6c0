package types

import (
	"slices"

	sdk "github.com/cosmos/cosmos-sdk/types"

	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// Permissions lists which roles may send each of x/beckn's Msgs: a relay
// keeps its registry entries and anchors orders; ADMINs and regulators
// decide subscriptions.
func Permissions() []rbactypes.RolePermissions {
	return slices.Concat(
		rbactypes.Permit([]sdk.Msg{
			&MsgSubscribe{}, &MsgRotateKeys{}, &MsgUnsubscribe{}, &MsgAnchorOrders{}, &MsgUpdateOrderState{},
		}, rbactypes.Role_RELAY),
		rbactypes.Permit([]sdk.Msg{&MsgApproveSubscription{}, &MsgRejectSubscription{}},
			rbactypes.Role_ADMIN, rbactypes.Role_REGULATOR),
	)
}
