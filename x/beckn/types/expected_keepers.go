package types

import (
	"context"
	"time"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/authz"

	markettypes "github.com/powershare/powershare/x/market/types"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// RBACKeeper answers role and permission questions.
type RBACKeeper interface {
	HasActiveRole(ctx context.Context, addr sdk.AccAddress, role rbactypes.Role, community uint64) (bool, error)
	IsAdmin(ctx context.Context, addr sdk.AccAddress) (bool, error)
	CheckPermission(ctx context.Context, signer sdk.AccAddress, typeURL string) error
}

// MarketKeeper opens the trades of anchors settled on chain.
type MarketKeeper interface {
	OpenBilateralTrade(ctx context.Context, bt markettypes.BilateralTrade) (uint64, error)
}

// AuthzKeeper holds the grants by which buyers and sellers let a relay settle for them.
type AuthzKeeper interface {
	GetAuthorization(ctx context.Context, grantee, granter sdk.AccAddress, msgType string) (authz.Authorization, *time.Time)
	SaveGrant(ctx context.Context, grantee, granter sdk.AccAddress, authorization authz.Authorization, expiration *time.Time) error
	DeleteGrant(ctx context.Context, grantee, granter sdk.AccAddress, msgType string) error
}
