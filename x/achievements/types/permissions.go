package types

import (
	"slices"

	sdk "github.com/cosmos/cosmos-sdk/types"

	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// Permissions lists which roles may send each of x/achievements' Msgs.
// ADMINs define classes and achievements; community managers (for their
// community, checked by the msg server) and ADMINs run challenges; members
// join them; anyone with a role may fund the reward pool or send a
// transferable token.
func Permissions() []rbactypes.RolePermissions {
	return slices.Concat(
		rbactypes.Permit([]sdk.Msg{&MsgCreateClass{}, &MsgDefineAchievement{}}, rbactypes.Role_ADMIN),
		rbactypes.Permit([]sdk.Msg{&MsgCreateChallenge{}, &MsgCancelChallenge{}},
			rbactypes.Role_ADMIN, rbactypes.Role_COMMUNITY_MANAGER),
		rbactypes.Permit([]sdk.Msg{&MsgJoinChallenge{}},
			rbactypes.Role_PROSUMER, rbactypes.Role_CONSUMER, rbactypes.Role_COMMUNITY_MANAGER),
		rbactypes.Permit([]sdk.Msg{&MsgFundRewardPool{}, &MsgSendNFT{}}, rbactypes.AllRoles...),
	)
}
