package keeper_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/mock/gomock"

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

func TestAFailedJailingDoesNotHaltTheChain(t *testing.T) {
	f := setup(t)
	_, err := f.msg.RevokeRole(f.ctx, &types.MsgRevokeRole{Signer: f.admin, Address: f.operator, Role: types.Role_OPERATOR})
	require.NoError(t, err)
	f.expectJail(t, f.operator, errors.New("staking refuses"))

	ctx := f.ctx.WithEventManager(sdk.NewEventManager())
	require.NoError(t, f.k.EndBlocker(ctx), "logged, not returned")
	require.Empty(t, jailEvents(t, ctx), "no jailing to report")
	has, err := f.k.PendingJails.Has(ctx, f.addr(t, f.operator))
	require.NoError(t, err)
	require.False(t, has, "not retried every block")
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
