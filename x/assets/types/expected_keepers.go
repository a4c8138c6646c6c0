package types

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

//go:generate mockgen -source=expected_keepers.go -package=testutil -destination=../testutil/expected_keepers_mocks.go

// BankKeeper is what the module needs from x/bank: minting, burning and
// moving its tokens and paying out the PowerCoin treasury.
type BankKeeper interface {
	MintCoins(ctx context.Context, moduleName string, amt sdk.Coins) error
	BurnCoins(ctx context.Context, moduleName string, amt sdk.Coins) error
	SendCoinsFromModuleToAccount(ctx context.Context, senderModule string, recipient sdk.AccAddress, amt sdk.Coins) error
	SendCoinsFromModuleToModule(ctx context.Context, senderModule, recipientModule string, amt sdk.Coins) error
	SendCoinsFromAccountToModule(ctx context.Context, sender sdk.AccAddress, recipientModule string, amt sdk.Coins) error
	// HasDenomMetaData and SetDenomMetaData describe each community's
	// Community Token when it is first minted.
	HasDenomMetaData(ctx context.Context, denom string) bool
	SetDenomMetaData(ctx context.Context, denomMetaData banktypes.Metadata)
}

// AccountKeeper creates the module's accounts and tells its own apart.
type AccountKeeper interface {
	GetModuleAddress(moduleName string) sdk.AccAddress
	GetModuleAccount(ctx context.Context, moduleName string) sdk.ModuleAccountI
}

// RBACKeeper answers role questions.
type RBACKeeper interface {
	HasActiveRole(ctx context.Context, addr sdk.AccAddress, role rbactypes.Role, community uint64) (bool, error)
	// IsAdmin reports whether addr is an active ADMIN or the governance account.
	IsAdmin(ctx context.Context, addr sdk.AccAddress) (bool, error)
	CommunityZone(ctx context.Context, id uint64) (string, error)
}
