package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/assets/types"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// requireRole fails unless signer holds role chain-wide or, when community
// is not 0, within that community.
func (k Keeper) requireRole(ctx context.Context, signer sdk.AccAddress, role rbactypes.Role, community uint64, what string) error {
	ok, err := k.rbac.HasActiveRole(ctx, signer, role, 0)
	if err != nil || ok {
		return err
	}
	if community != 0 {
		if ok, err = k.rbac.HasActiveRole(ctx, signer, role, community); err != nil || ok {
			return err
		}
	}
	return types.ErrUnauthorized.Wrapf("only a %s may %s; %s is not one", role, what, signer)
}
