package types

import (
	"slices"

	sdk "github.com/cosmos/cosmos-sdk/types"

	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// Permissions lists which roles may send each of x/market's Msgs: the
// community members who trade place orders, the grid operator settles
// delivered trades, and grid operators and admins keep the zone registry
// (the msg server then checks a community-scoped operator's community).
func Permissions() []rbactypes.RolePermissions {
	return slices.Concat(
		rbactypes.Permit([]sdk.Msg{&MsgPlaceOrder{}}, rbactypes.Role_PROSUMER, rbactypes.Role_CONSUMER),
		rbactypes.Permit([]sdk.Msg{&MsgSettleTrades{}}, rbactypes.Role_GRID_OPERATOR),
		rbactypes.Permit([]sdk.Msg{&MsgRegisterZone{}, &MsgRetireZone{}}, rbactypes.Role_GRID_OPERATOR, rbactypes.Role_ADMIN),
	)
}

// OpenMsgs are x/market's Msgs anyone may send without a role: an account
// that lost its role can still take its escrow back.
func OpenMsgs() []string {
	return rbactypes.MsgTypeURLs(&MsgCancelOrder{})
}
