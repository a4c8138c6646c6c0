package types

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// BankKeeper is what the module needs from x/bank: minting, burning and
// moving its four tokens, and a place for the Community Token send restriction.
type BankKeeper interface {
	MintCoins(ctx context.Context, moduleName string, amt sdk.Coins) error
	BurnCoins(ctx context.Context, moduleName string, amt sdk.Coins) error
	SendCoinsFromModuleToAccount(ctx context.Context, senderModule string, recipient sdk.AccAddress, amt sdk.Coins) error
	SendCoinsFromModuleToModule(ctx context.Context, senderModule, recipientModule string, amt sdk.Coins) error
	SendCoinsFromAccountToModule(ctx context.Context, sender sdk.AccAddress, recipientModule string, amt sdk.Coins) error
	GetSupply(ctx context.Context, denom string) sdk.Coin
	AppendSendRestriction(restriction banktypes.SendRestrictionFn)
}

// AccountKeeper tells module accounts apart from user accounts.
type AccountKeeper interface {
	GetAccount(ctx context.Context, addr sdk.AccAddress) sdk.AccountI
	GetModuleAddress(moduleName string) sdk.AccAddress
	GetModuleAccount(ctx context.Context, moduleName string) sdk.ModuleAccountI
}

// RBACKeeper answers role questions.
type RBACKeeper interface {
	HasActiveRole(ctx context.Context, addr sdk.AccAddress, role rbactypes.Role, community uint64) (bool, error)
	// IsAdmin reports whether addr is an active ADMIN or the governance account.
	IsAdmin(ctx context.Context, addr sdk.AccAddress) (bool, error)
	GrantsOf(ctx context.Context, addr sdk.AccAddress) ([]rbactypes.Grant, error)
	CommunityZone(ctx context.Context, id uint64) (string, error)
}

// Hooks lets other modules (achievements, market statistics) follow token
// issuance. The keeper calls them in a cached context: a failing hook is
// logged and its writes dropped, never the caller's.
type Hooks interface {
	AfterProductionAttested(ctx context.Context, attestation Attestation, owner sdk.AccAddress) error
	AfterCarbonRetired(ctx context.Context, certificate Certificate) error
	AfterCommunityRewarded(ctx context.Context, communityID uint64, member sdk.AccAddress, amount sdk.Coin) error
}
