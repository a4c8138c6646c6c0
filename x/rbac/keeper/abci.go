package keeper

import (
	"context"
	"errors"
	"time"

	"cosmossdk.io/collections"

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

// The rbac end-block queues, as named in retry state, events and stuck
// records.
const (
	QueueOperatorRevoked = "operator_revoked"
	QueueOperatorExpired = "operator_expired"
)

// retryBackoff is the delay before a failed jailing's first retry; it
// doubles with every further attempt (moduleutil.MaxItemAttempts).
const retryBackoff = time.Minute

// EndBlocker keeps the validator set permissioned: it jails the validator of
// every operator whose OPERATOR role was revoked or expired by this block's
// time. Both come from time-ordered queues, at most max_expiries_per_block
// of each per block; the rest wait for the next block. A jailing that fails
// or panics changes nothing and is retried later, then recorded as stuck.
func (k Keeper) EndBlocker(ctx context.Context) error {
	if err := k.PruneAudit(ctx); err != nil { // prune.go
		return err
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	now := sdk.UnwrapSDKContext(ctx).BlockTime().UnixNano()
	if err := k.jailRunner(QueueOperatorRevoked, k.PendingJails, JailReasonRevoked).
		RunDue(ctx, now, params.MaxExpiriesPerBlock); err != nil {
		return err
	}
	return k.jailRunner(QueueOperatorExpired, k.OperatorExpiries, JailReasonExpired).
		RunDue(ctx, now, params.MaxExpiriesPerBlock)
}

func (k Keeper) jailRunner(name string, queue collections.KeySet[collections.Pair[int64, sdk.AccAddress]], reason string,
) moduleutil.QueueRunner[sdk.AccAddress] {
	return moduleutil.QueueRunner[sdk.AccAddress]{
		Name: name, Queue: queue, Attempts: k.JailAttempts, Backoff: int64(retryBackoff),
		Run: func(ctx context.Context, operator sdk.AccAddress) error {
			return k.jailIfNotOperator(ctx, operator, reason)
		},
		OnFailure: func(ctx context.Context, f moduleutil.QueueItemFailure[sdk.AccAddress]) error {
			return k.onJailFailure(ctx, name, f)
		},
	}
}

// jailIfNotOperator jails the validator of operator unless the operator holds
// an active OPERATOR grant (it may have been granted again in the meantime).
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
	if err := k.staking.Jail(ctx, consAddr); err != nil {
		return err
	}
	operatorStr, err := k.addressCodec.BytesToString(operator)
	if err != nil {
		return err
	}
	return sdkCtx.EventManager().EmitTypedEvent(&types.EventValidatorJailed{
		Operator: operatorStr, Validator: validator.OperatorAddress, Reason: reason, Time: sdkCtx.BlockTime(),
	})
}
