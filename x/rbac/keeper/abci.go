package keeper

import (
	"context"
	"errors"

	sdk "github.com/cosmos/cosmos-sdk/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/powershare/powershare/x/internal/moduleutil"
	"github.com/powershare/powershare/x/rbac/types"
)

// Reasons recorded when a validator is jailed for losing OPERATOR.
const (
	JailReasonRevoked = "OPERATOR role revoked"
	JailReasonExpired = "OPERATOR role expired"
)

// EndBlocker keeps the validator set permissioned: it jails the validator of
// every operator whose OPERATOR role was revoked in this block or expired by
// this block's time. Expiries are taken from a time-ordered queue, at most
// max_expiries_per_block per block; the rest wait for the next block.
func (k Keeper) EndBlocker(ctx context.Context) error {
	if err := k.PruneAudit(ctx); err != nil { // prune.go
		return err
	}
	if err := k.jailRevokedOperators(ctx); err != nil {
		return err
	}
	return k.jailExpiredOperators(ctx)
}

func (k Keeper) jailRevokedOperators(ctx context.Context) error {
	iter, err := k.PendingJails.Iterate(ctx, nil)
	if err != nil {
		return err
	}
	operators, err := iter.Keys()
	if err != nil {
		return err
	}
	for _, operator := range operators {
		if err := k.PendingJails.Remove(ctx, operator); err != nil {
			return err
		}
		if err := k.jailIfNotOperator(ctx, operator, JailReasonRevoked); err != nil {
			return err
		}
	}
	return nil
}

func (k Keeper) jailExpiredOperators(ctx context.Context) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	now := sdk.UnwrapSDKContext(ctx).BlockTime().UnixNano()
	due, err := moduleutil.DueKeys(ctx, k.OperatorExpiries, now, params.MaxExpiriesPerBlock)
	if err != nil {
		return err
	}
	for _, key := range due {
		if err := k.OperatorExpiries.Remove(ctx, key); err != nil {
			return err
		}
		if err := k.jailIfNotOperator(ctx, key.K2(), JailReasonExpired); err != nil {
			return err
		}
	}
	return nil
}

// jailIfNotOperator jails the validator of operator unless the operator holds
// an active OPERATOR grant (it may have been granted again in the meantime).
// Jailing runs in a cached context: a staking failure is logged and leaves
// state untouched instead of halting the chain.
func (k Keeper) jailIfNotOperator(ctx context.Context, operator sdk.AccAddress, reason string) error {
	active, err := k.HasActiveRole(ctx, operator, types.Role_OPERATOR, 0)
	if err != nil || active {
		return err
	}
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	valAddr := sdk.ValAddress(operator)
	validator, err := k.staking.GetValidator(ctx, valAddr)
	if errors.Is(err, stakingtypes.ErrNoValidatorFound) {
		return nil // the operator never created a validator
	}
	if err != nil {
		return err
	}
	if validator.IsJailed() {
		return nil
	}
	consAddr, err := validator.GetConsAddr()
	if err != nil {
		return err
	}
	if err := moduleutil.RunCached(ctx, func(ctx context.Context) error { return k.staking.Jail(ctx, consAddr) }); err != nil {
		sdkCtx.Logger().Error("jailing validator of former operator", "validator", validator.OperatorAddress, "err", err)
		return nil
	}
	operatorStr, err := k.addressCodec.BytesToString(operator)
	if err != nil {
		return err
	}
	return sdkCtx.EventManager().EmitTypedEvent(&types.EventValidatorJailed{
		Operator: operatorStr, Validator: validator.OperatorAddress, Reason: reason, Time: sdkCtx.BlockTime(),
	})
}
