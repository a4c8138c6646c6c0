package types

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	assetstypes "github.com/powershare/powershare/x/assets/types"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// EnergyCreditDenom is the denom of the Energy Credits a renewable sell
// escrows and a settlement pays out; x/assets mints it.
const EnergyCreditDenom = assetstypes.EnergyCreditDenom

// BankKeeper moves escrow between accounts and the module account.
type BankKeeper interface {
	SendCoinsFromAccountToModule(ctx context.Context, sender sdk.AccAddress, recipientModule string, amt sdk.Coins) error
	SendCoinsFromModuleToAccount(ctx context.Context, senderModule string, recipient sdk.AccAddress, amt sdk.Coins) error
}

// AssetsKeeper tells which meters a seller may sell from.
type AssetsKeeper interface {
	GetMeter(ctx context.Context, id string) (assetstypes.Meter, error)
}

// RBACKeeper answers role questions.
type RBACKeeper interface {
	HasActiveRole(ctx context.Context, addr sdk.AccAddress, role rbactypes.Role, community uint64) (bool, error)
	// IsAdmin reports whether addr is an active ADMIN or the governance account.
	IsAdmin(ctx context.Context, addr sdk.AccAddress) (bool, error)
	// CommunityZone returns a community's zone, or ErrUnknownCommunity.
	CommunityZone(ctx context.Context, id uint64) (string, error)
}
