package keeper_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/mock/gomock"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/powershare/powershare/x/rbac/keeper"
	"github.com/powershare/powershare/x/rbac/types"
)

// jailEvents returns the EventValidatorJailed events emitted on ctx.
func jailEvents(t *testing.T, ctx sdk.Context) []*types.EventValidatorJailed {
	t.Helper()
	var out []*types.EventValidatorJailed
	for _, e := range ctx.EventManager().ABCIEvents() {
		msg, err := sdk.ParseTypedEvent(e)
		if err != nil {
			continue
		}
		if jailed, ok := msg.(*types.EventValidatorJailed); ok {
			out = append(out, jailed)
		}
	}
	return out
}

func TestRevokingOperatorJailsAtEndOfBlock(t *testing.T) {
	f := setup(t)
	// No staking expectation yet: the revoke itself must not touch staking.
	_, err := f.msg.RevokeRole(f.ctx, &types.MsgRevokeRole{Signer: f.admin, Address: f.operator, Role: types.Role_OPERATOR})
	require.NoError(t, err)

	f.expectJail(t, f.operator, nil)
	ctx := f.ctx.WithEventManager(sdk.NewEventManager())
	require.NoError(t, f.k.EndBlocker(ctx))
	events := jailEvents(t, ctx)
	require.Len(t, events, 1)
	require.Equal(t, f.operator, events[0].Operator)
	require.Equal(t, keeper.JailReasonRevoked, events[0].Reason)

	// The mock allows one jailing only: the pending set is consumed once.
	require.NoError(t, f.k.EndBlocker(f.ctx))
}

func TestRegrantingOperatorInTheSameBlockKeepsTheValidator(t *testing.T) {
	f := setup(t)
	_, err := f.msg.RevokeRole(f.ctx, &types.MsgRevokeRole{Signer: f.admin, Address: f.operator, Role: types.Role_OPERATOR})
	require.NoError(t, err)
	_, err = f.msg.GrantRole(f.ctx, &types.MsgGrantRole{Signer: f.admin, Address: f.operator, Role: types.Role_OPERATOR})
	require.NoError(t, err)

	// No expectation: any staking call fails the test.
	require.NoError(t, f.k.EndBlocker(f.ctx))
}

func TestOperatorExpiryJailsOnceDue(t *testing.T) {
	f := setup(t)
	expiry := genesisTime.Add(time.Hour)
	_, err := f.msg.GrantRole(f.ctx, &types.MsgGrantRole{Signer: f.admin, Address: f.operator, Role: types.Role_OPERATOR, ExpiresAt: &expiry})
	require.NoError(t, err)

	require.NoError(t, f.k.EndBlocker(f.at(expiry.Add(-time.Second))), "nothing is due before the expiry")

	f.expectJail(t, f.operator, nil)
	ctx := f.at(expiry).WithEventManager(sdk.NewEventManager())
	require.NoError(t, f.k.EndBlocker(ctx))
	events := jailEvents(t, ctx)
	require.Len(t, events, 1)
	require.Equal(t, keeper.JailReasonExpired, events[0].Reason)
}

func TestAJailedValidatorIsNotJailedAgain(t *testing.T) {
	f := setup(t)
	_, err := f.msg.RevokeRole(f.ctx, &types.MsgRevokeRole{Signer: f.admin, Address: f.operator, Role: types.Role_OPERATOR})
	require.NoError(t, err)
	v := f.validatorOf(t, f.operator)
	v.Jailed = true
	f.staking.EXPECT().GetValidator(gomock.Any(), sdk.ValAddress(f.addr(t, f.operator))).Return(v, nil)

	require.NoError(t, f.k.EndBlocker(f.ctx)) // and no Jail call
}

// Finding 7 of issue 11: a failed jailing of a revoked operator's validator
// does not halt the chain and is not dropped: it is retried with a doubling
// backoff, with an event for each failure, and after
// moduleutil.MaxItemAttempts recorded as stuck and queryable. A panic in
// staking counts as a failure like an error.
func TestAFailedJailingIsRetriedThenRecordedStuck(t *testing.T) {
	f := setup(t)
	_, err := f.msg.RevokeRole(f.ctx, &types.MsgRevokeRole{Signer: f.admin, Address: f.operator, Role: types.Role_OPERATOR})
	require.NoError(t, err)
	v := f.validatorOf(t, f.operator)
	consAddr, err := v.GetConsAddr()
	require.NoError(t, err)
	f.staking.EXPECT().GetValidator(gomock.Any(), sdk.ValAddress(f.addr(t, f.operator))).Return(v, nil).Times(5)
	f.staking.EXPECT().Jail(gomock.Any(), sdk.ConsAddress(consAddr)).Return(errors.New("staking refuses")).Times(4)
	f.staking.EXPECT().Jail(gomock.Any(), sdk.ConsAddress(consAddr)).Do(func(context.Context, sdk.ConsAddress) {
		panic("staking panics")
	})

	// ACT: the block of the revocation.
	ctx := f.ctx.WithEventManager(sdk.NewEventManager())
	require.NoError(t, f.k.EndBlocker(ctx), "logged and retried, not returned")

	// ASSERT: nothing jailed, the item queued again a minute later, an event.
	require.Empty(t, jailEvents(t, ctx), "no jailing to report")
	has, err := f.k.PendingJails.Has(ctx, collections.Join(genesisTime.Add(time.Minute).UnixNano(), f.addr(t, f.operator)))
	require.NoError(t, err)
	require.True(t, has, "the failed jailing stays queued, after a backoff")
	failed := typedEvents[*types.EventEndBlockItemFailed](t, ctx)
	require.Len(t, failed, 1)
	require.Equal(t, keeper.QueueOperatorRevoked, failed[0].Queue)
	require.Equal(t, f.operator, failed[0].Operator)
	require.Equal(t, "staking refuses", failed[0].Error)

	// Nothing runs again before the backoff; then retries at +1, +2, +4, +8 minutes.
	require.NoError(t, f.k.EndBlocker(f.at(genesisTime.Add(30*time.Second))))
	at := genesisTime
	for _, wait := range []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute} {
		at = at.Add(wait)
		ctx = f.at(at).WithEventManager(sdk.NewEventManager())
		require.NoError(t, f.k.EndBlocker(ctx))
	}
	stuck := typedEvents[*types.EventEndBlockItemStuck](t, ctx)
	require.Len(t, stuck, 1)
	require.Equal(t, "panic: staking panics", stuck[0].Item.Error)
	res, err := keeper.NewQueryServerImpl(f.k).StuckJails(ctx, &types.QueryStuckJailsRequest{})
	require.NoError(t, err)
	require.Equal(t, []types.StuckJail{stuck[0].Item}, res.Items)
	require.Equal(t, f.operator, res.Items[0].Operator)
	require.Equal(t, uint32(5), res.Items[0].Attempts)

	// Given up: later blocks call staking no more (the mock allows no more calls).
	require.NoError(t, f.k.EndBlocker(f.at(at.Add(time.Hour))))
}

// typedEvents returns the typed events of type T emitted on ctx.
func typedEvents[T any](t *testing.T, ctx sdk.Context) []T {
	t.Helper()
	var out []T
	for _, e := range ctx.EventManager().ABCIEvents() {
		msg, err := sdk.ParseTypedEvent(e)
		if err != nil {
			continue
		}
		if ev, ok := msg.(T); ok {
			out = append(out, ev)
		}
	}
	return out
}

func TestExpiriesPerBlockAreBounded(t *testing.T) {
	f := setup(t)
	params := types.DefaultParams()
	params.MaxExpiriesPerBlock = 2
	_, err := f.msg.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.admin, Params: params})
	require.NoError(t, err)
	expiry := genesisTime.Add(time.Minute)
	for _, name := range []string{"op1", "op2", "op3"} {
		addr, err := f.ac.BytesToString(newAddr(name))
		require.NoError(t, err)
		_, err = f.msg.GrantRole(f.ctx, &types.MsgGrantRole{Signer: f.admin, Address: addr, Role: types.Role_OPERATOR, ExpiresAt: &expiry})
		require.NoError(t, err)
	}

	// None of them created a validator; two are looked up in this block.
	f.staking.EXPECT().GetValidator(gomock.Any(), gomock.Any()).
		Return(stakingtypes.Validator{}, stakingtypes.ErrNoValidatorFound).Times(2)
	require.NoError(t, f.k.EndBlocker(f.at(expiry)))
	remaining, err := f.k.OperatorExpiries.Iterate(f.ctx, nil)
	require.NoError(t, err)
	keys, err := remaining.Keys()
	require.NoError(t, err)
	require.Len(t, keys, 1, "two processed, one left for the next block")
}

func TestPruningAnExpiredOperatorGrantStillJails(t *testing.T) {
	f := setup(t)
	expiry := genesisTime.Add(time.Hour)
	_, err := f.msg.GrantRole(f.ctx, &types.MsgGrantRole{Signer: f.admin, Address: f.operator, Role: types.Role_OPERATOR, ExpiresAt: &expiry})
	require.NoError(t, err)

	// In the block of the expiry, before the EndBlocker, a new grant to the
	// operator prunes its expired OPERATOR grant.
	due := f.at(expiry)
	_, err = f.msg.GrantRole(due, &types.MsgGrantRole{Signer: f.admin, Address: f.operator, Role: types.Role_RELAY})
	require.NoError(t, err)
	require.False(t, f.hasRole(t, due, f.operator, types.Role_OPERATOR, 0))

	// Losing OPERATOR by expiry jails, however the grant left the store.
	f.expectJail(t, f.operator, nil)
	require.NoError(t, f.k.EndBlocker(due))
}
