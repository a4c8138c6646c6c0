package app

import (
	"slices"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	distrtypes "github.com/cosmos/cosmos-sdk/x/distribution/types"
	"github.com/cosmos/cosmos-sdk/x/feegrant"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"
	slashingtypes "github.com/cosmos/cosmos-sdk/x/slashing/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	achievementstypes "github.com/powershare/powershare/x/achievements/types"
	assetstypes "github.com/powershare/powershare/x/assets/types"
	beckntypes "github.com/powershare/powershare/x/beckn/types"
	markettypes "github.com/powershare/powershare/x/market/types"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// sdkPermissions are the rows of the SDK modules' Msgs. Their MsgUpdateParams
// and the like are governance-only and have no row (see
// governanceOnlyMsgs in permissions_test.go).
func sdkPermissions() []rbactypes.RolePermissions {
	// What every role may do: move PowerCoin, stake, delegate through authz
	// and feegrant.
	everyone := []sdk.Msg{
		&banktypes.MsgSend{}, &banktypes.MsgMultiSend{},
		&authz.MsgGrant{}, &authz.MsgRevoke{}, &authz.MsgExec{},
		&feegrant.MsgGrantAllowance{}, &feegrant.MsgRevokeAllowance{},
		&stakingtypes.MsgDelegate{}, &stakingtypes.MsgUndelegate{}, &stakingtypes.MsgBeginRedelegate{},
		&stakingtypes.MsgCancelUnbondingDelegation{},
		&distrtypes.MsgWithdrawDelegatorReward{}, &distrtypes.MsgSetWithdrawAddress{},
		&distrtypes.MsgFundCommunityPool{},
	}
	// What running a validator takes: only OPERATORs run validators.
	validator := []sdk.Msg{
		&stakingtypes.MsgCreateValidator{}, &stakingtypes.MsgEditValidator{}, &stakingtypes.MsgRotateConsPubKey{},
		&slashingtypes.MsgUnjail{}, &distrtypes.MsgWithdrawValidatorCommission{},
	}
	// What governing takes (finding 9 of issue 11): an executed proposal acts
	// as the gov module account, which x/rbac does not check, so proposing,
	// funding a proposal into its vote and voting are kept to the chain's
	// ADMINs and the OPERATORs who run it. Voting power still comes from
	// stake: a delegator of another role is represented by the vote of the
	// validator it delegates to. The legacy gov v1beta1 Msgs have no row at all.
	governance := []sdk.Msg{
		&govv1.MsgSubmitProposal{}, &govv1.MsgDeposit{}, &govv1.MsgVote{}, &govv1.MsgVoteWeighted{},
		&govv1.MsgCancelProposal{},
	}
	return slices.Concat(
		rbactypes.Permit(everyone, rbactypes.AllRoles...),
		rbactypes.Permit(validator, rbactypes.Role_OPERATOR),
		rbactypes.Permit(governance, rbactypes.Role_ADMIN, rbactypes.Role_OPERATOR),
	)
}

// DefaultPermissions is the permission table of a new chain: the SDK
// modules' rows and those each PowerShare module declares for its own Msgs
// (x/<module>/types/permissions.go). A new module adds its Permissions here.
func DefaultPermissions() []rbactypes.RolePermissions {
	return rbactypes.PermissionTable(
		sdkPermissions(),
		rbactypes.Permissions(),
		assetstypes.Permissions(),
		markettypes.Permissions(),
		beckntypes.Permissions(),
		achievementstypes.Permissions(),
	)
}

// DefaultOpenMsgs are the Msgs anyone may send without a role, from every
// module that has such Msgs.
func DefaultOpenMsgs() []string {
	return slices.Concat(rbactypes.OpenMsgs(), markettypes.OpenMsgs())
}
