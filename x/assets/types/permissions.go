package types

import (
	"slices"

	sdk "github.com/cosmos/cosmos-sdk/types"

	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// Permissions lists which roles may send each of x/assets' Msgs.
func Permissions() []rbactypes.RolePermissions {
	return slices.Concat(
		// Holders retire Carbon Credits and burn their tokens; the batch Msgs
		// check the issuer approval themselves, so every role may send them.
		// Owners consent to meters registered or reassigned to or from them
		// (the msg server checks the signer is such an owner).
		rbactypes.Permit([]sdk.Msg{&MsgRetire{}, &MsgBurn{}, &MsgCreateBatch{}, &MsgIssueBatch{}, &MsgAcceptMeter{}},
			rbactypes.AllRoles...),
		// Meters and attested production are the grid operator's.
		rbactypes.Permit([]sdk.Msg{&MsgRegisterMeter{}, &MsgUpdateMeter{}, &MsgAttestProduction{}},
			rbactypes.Role_GRID_OPERATOR),
		rbactypes.Permit([]sdk.Msg{&MsgApproveIssuer{}, &MsgRevokeIssuer{}}, rbactypes.Role_REGULATOR),
		rbactypes.Permit([]sdk.Msg{&MsgRewardMembers{}}, rbactypes.Role_COMMUNITY_MANAGER),
		rbactypes.Permit([]sdk.Msg{&MsgTreasurySpend{}}, rbactypes.Role_ADMIN),
	)
}
