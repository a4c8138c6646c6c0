package types

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"
)

// StakingKeeper is what rbac needs from x/staking to keep the validator set
// permissioned: find an operator's validator and jail it.
type StakingKeeper interface {
	GetValidator(ctx context.Context, addr sdk.ValAddress) (stakingtypes.Validator, error)
	Jail(ctx context.Context, consAddr sdk.ConsAddress) error
}
