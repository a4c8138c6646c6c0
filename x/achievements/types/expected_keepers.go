package types

import (
	"context"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// BankKeeper moves the reward pool and challenge escrow in and out of the
// module account.
type BankKeeper interface {
	SendCoinsFromAccountToModule(ctx context.Context, sender sdk.AccAddress, recipientModule string, amt sdk.Coins) error
	SendCoinsFromModuleToAccount(ctx context.Context, senderModule string, recipient sdk.AccAddress, amt sdk.Coins) error
}

// RBACKeeper answers role questions.
type RBACKeeper interface {
	HasActiveRole(ctx context.Context, addr sdk.AccAddress, role rbactypes.Role, community uint64) (bool, error)
	// IsAdmin reports whether addr is an active ADMIN or the governance account.
	IsAdmin(ctx context.Context, addr sdk.AccAddress) (bool, error)
	// GrantsOf returns every grant of addr, active or not, in key order.
	GrantsOf(ctx context.Context, addr sdk.AccAddress) ([]rbactypes.Grant, error)
	// CommunityZone returns a community's zone, or an error for an unknown community.
	CommunityZone(ctx context.Context, id uint64) (string, error)
}

// AssetsKeeper mints Community Token rewards within the community's cap.
type AssetsKeeper interface {
	RewardMember(ctx context.Context, community uint64, member sdk.AccAddress, amount sdkmath.Int, reason string) error
}
