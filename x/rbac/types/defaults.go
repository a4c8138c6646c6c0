package types

import "slices"

// everyoneMsgs are the Msgs every role may send: moving PowerCoin, taking part
// in governance and staking, delegating through authz and feegrant.
var everyoneMsgs = []string{
	"/cosmos.bank.v1beta1.MsgSend",
	"/cosmos.bank.v1beta1.MsgMultiSend",
	"/cosmos.gov.v1.MsgSubmitProposal",
	"/cosmos.gov.v1.MsgDeposit",
	"/cosmos.gov.v1.MsgVote",
	"/cosmos.gov.v1.MsgVoteWeighted",
	"/cosmos.gov.v1.MsgCancelProposal",
	"/cosmos.authz.v1beta1.MsgGrant",
	"/cosmos.authz.v1beta1.MsgRevoke",
	"/cosmos.authz.v1beta1.MsgExec",
	"/cosmos.feegrant.v1beta1.MsgGrantAllowance",
	"/cosmos.feegrant.v1beta1.MsgRevokeAllowance",
	"/cosmos.staking.v1beta1.MsgDelegate",
	"/cosmos.staking.v1beta1.MsgUndelegate",
	"/cosmos.staking.v1beta1.MsgBeginRedelegate",
	"/cosmos.staking.v1beta1.MsgCancelUnbondingDelegation",
	"/cosmos.distribution.v1beta1.MsgWithdrawDelegatorReward",
	"/cosmos.distribution.v1beta1.MsgSetWithdrawAddress",
	"/cosmos.distribution.v1beta1.MsgFundCommunityPool",
	// x/assets: holders retire Carbon Credits and burn their tokens; batch
	// Msgs check the issuer approval themselves.
	"/powershare.assets.v1.MsgRetire",
	"/powershare.assets.v1.MsgBurn",
	"/powershare.assets.v1.MsgCreateBatch",
	"/powershare.assets.v1.MsgIssueBatch",
}

// gridMsgs are the grid operator's: meters, attested production and delivery.
var gridMsgs = []string{
	"/powershare.assets.v1.MsgRegisterMeter",
	"/powershare.assets.v1.MsgUpdateMeter",
	"/powershare.assets.v1.MsgAttestProduction",
	"/powershare.market.v1.MsgSettleTrades",
}

// tradingMsgs are the energy market's, for the community members who trade.
var tradingMsgs = []string{
	"/powershare.market.v1.MsgPlaceOrder",
}

// validatorMsgs are what running a validator takes.
var validatorMsgs = []string{
	"/cosmos.staking.v1beta1.MsgCreateValidator",
	"/cosmos.staking.v1beta1.MsgEditValidator",
	"/cosmos.staking.v1beta1.MsgRotateConsPubKey",
	"/cosmos.slashing.v1beta1.MsgUnjail",
	"/cosmos.distribution.v1beta1.MsgWithdrawValidatorCommission",
}

// membershipMsgs are what managing a community's members takes.
var membershipMsgs = []string{
	"/powershare.rbac.v1.MsgGrantRole",
	"/powershare.rbac.v1.MsgRevokeRole",
	"/powershare.rbac.v1.MsgApproveMembership",
	"/powershare.rbac.v1.MsgRejectMembership",
	"/powershare.rbac.v1.MsgRemoveMember",
}

// adminMsgs are the ADMIN's own: the permission table, communities, params.
var adminMsgs = []string{
	"/powershare.rbac.v1.MsgSetRolePermissions",
	"/powershare.rbac.v1.MsgCreateCommunity",
	"/powershare.rbac.v1.MsgUpdateParams",
	"/powershare.assets.v1.MsgTreasurySpend",
}

// relayMsgs are a Beckn relay's: its registry entries and order anchors.
var relayMsgs = []string{
	"/powershare.beckn.v1.MsgSubscribe",
	"/powershare.beckn.v1.MsgRotateKeys",
	"/powershare.beckn.v1.MsgUnsubscribe",
	"/powershare.beckn.v1.MsgAnchorOrders",
	"/powershare.beckn.v1.MsgUpdateOrderState",
}

// registrarMsgs decide Beckn subscriptions.
var registrarMsgs = []string{
	"/powershare.beckn.v1.MsgApproveSubscription",
	"/powershare.beckn.v1.MsgRejectSubscription",
}

// DefaultOpenMsgs are the Msgs anyone may send without a role.
var DefaultOpenMsgs = []string{
	"/powershare.rbac.v1.MsgRequestMembership",
	// An account that lost its role can still take its escrow back.
	"/powershare.market.v1.MsgCancelOrder",
}

// DefaultPermissions is the permission table of a new chain. Later modules
// append their Msgs to the roles that send them.
func DefaultPermissions() []RolePermissions {
	table := map[Role][]string{
		Role_ADMIN: concat(everyoneMsgs, membershipMsgs, adminMsgs, registrarMsgs),
		Role_REGULATOR: concat(everyoneMsgs, registrarMsgs,
			[]string{"/powershare.assets.v1.MsgApproveIssuer", "/powershare.assets.v1.MsgRevokeIssuer"}),
		Role_GRID_OPERATOR:     concat(everyoneMsgs, gridMsgs),
		Role_COMMUNITY_MANAGER: concat(everyoneMsgs, membershipMsgs, []string{"/powershare.assets.v1.MsgRewardMembers"}),
		Role_OPERATOR:          concat(everyoneMsgs, validatorMsgs),
		Role_PROSUMER:          concat(everyoneMsgs, tradingMsgs),
		Role_CONSUMER:          concat(everyoneMsgs, tradingMsgs),
		Role_RELAY:             concat(everyoneMsgs, relayMsgs),
	}
	rows := make([]RolePermissions, 0, len(AllRoles))
	for _, role := range AllRoles { // AllRoles, not the map, fixes the order
		urls := slices.Clone(table[role])
		slices.Sort(urls)
		rows = append(rows, RolePermissions{Role: role, MsgTypeUrls: urls})
	}
	return rows
}

func concat(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// DefaultParams returns the parameters of a new chain.
func DefaultParams() Params {
	return Params{
		OpenMsgTypeUrls:     slices.Clone(DefaultOpenMsgs),
		MaxGrantsPerAddress: 16,
		MaxExpiriesPerBlock: 100,
	}
}

// Validate checks the parameters.
func (p Params) Validate() error {
	if err := ValidateTypeURLs(p.OpenMsgTypeUrls); err != nil {
		return ErrInvalidParams.Wrapf("open msgs: %v", err)
	}
	if p.MaxGrantsPerAddress == 0 || p.MaxGrantsPerAddress > 256 {
		return ErrInvalidParams.Wrapf("max_grants_per_address must be 1..256, got %d", p.MaxGrantsPerAddress)
	}
	if p.MaxExpiriesPerBlock == 0 || p.MaxExpiriesPerBlock > 10_000 {
		return ErrInvalidParams.Wrapf("max_expiries_per_block must be 1..10000, got %d", p.MaxExpiriesPerBlock)
	}
	return nil
}

// MaxPermissionsPerRole bounds a permission-table row.
const MaxPermissionsPerRole = 256

// ValidateTypeURLs checks that every entry looks like a Msg type URL and
// appears once.
func ValidateTypeURLs(urls []string) error {
	if len(urls) > MaxPermissionsPerRole {
		return ErrInvalidPermissions.Wrapf("%d type URLs, at most %d", len(urls), MaxPermissionsPerRole)
	}
	seen := make(map[string]struct{}, len(urls))
	for _, url := range urls {
		if len(url) < 2 || url[0] != '/' || len(url) > 256 {
			return ErrInvalidPermissions.Wrapf("%q is not a Msg type URL such as /cosmos.bank.v1beta1.MsgSend", url)
		}
		if _, dup := seen[url]; dup {
			return ErrInvalidPermissions.Wrapf("%s listed twice", url)
		}
		seen[url] = struct{}{}
	}
	return nil
}
