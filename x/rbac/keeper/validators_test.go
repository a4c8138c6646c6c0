package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/rbac/types"
)

func (f *fixture) validatorJailed(t *testing.T) bool {
	t.Helper()
	v, err := f.staking.GetValidator(f.ctx, sdk.ValAddress(f.addr(t, f.operator)))
	require.NoError(t, err)
	return v.IsJailed()
}

func TestRevokingOperatorJailsAtEndOfBlock(t *testing.T) {
	f := setup(t)
	_, err := f.msg.RevokeRole(f.ctx, &types.MsgRevokeRole{Signer: f.admin, Address: f.operator, Role: "OPERATOR"})
	require.NoError(t, err)
	require.False(t, f.validatorJailed(t), "not before the end of the block")

	require.NoError(t, f.k.EndBlocker(f.ctx))
	require.True(t, f.validatorJailed(t))
	require.Len(t, f.staking.jailed, 1)

	require.NoError(t, f.k.EndBlocker(f.ctx))
	require.Len(t, f.staking.jailed, 1, "the pending set is consumed once")
}

func TestRegrantingOperatorInTheSameBlockKeepsTheValidator(t *testing.T) {
	f := setup(t)
	_, err := f.msg.RevokeRole(f.ctx, &types.MsgRevokeRole{Signer: f.admin, Address: f.operator, Role: "OPERATOR"})
	require.NoError(t, err)
	_, err = f.msg.GrantRole(f.ctx, &types.MsgGrantRole{Signer: f.admin, Address: f.operator, Role: "OPERATOR"})
	require.NoError(t, err)

	require.NoError(t, f.k.EndBlocker(f.ctx))
	require.False(t, f.validatorJailed(t))
}

func TestOperatorExpiryJailsOnceDue(t *testing.T) {
	f := setup(t)
	expiry := genesisTime.Add(time.Hour)
	_, err := f.msg.GrantRole(f.ctx, &types.MsgGrantRole{Signer: f.admin, Address: f.operator, Role: "OPERATOR", ExpiresAt: &expiry})
	require.NoError(t, err)

	require.NoError(t, f.k.EndBlocker(f.at(expiry.Add(-time.Second))))
	require.False(t, f.validatorJailed(t), "not before the expiry")

	require.NoError(t, f.k.EndBlocker(f.at(expiry)))
	require.True(t, f.validatorJailed(t))
}

func TestExpiriesPerBlockAreBounded(t *testing.T) {
	f := setup(t)
	params := types.DefaultParams()
	params.MaxExpiriesPerBlock = 2
	_, err := f.msg.UpdateParams(f.ctx, &types.MsgUpdateParams{Signer: f.admin, Params: params})
	require.NoError(t, err)
	expiry := genesisTime.Add(time.Minute)
	for _, name := range []string{"op1", "op2", "op3"} {
		addr, err := f.ac.BytesToString(newAddr(name))
		require.NoError(t, err)
		_, err = f.msg.GrantRole(f.ctx, &types.MsgGrantRole{Signer: f.admin, Address: addr, Role: "OPERATOR", ExpiresAt: &expiry})
		require.NoError(t, err)
	}

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
	_, err := f.msg.GrantRole(f.ctx, &types.MsgGrantRole{Signer: f.admin, Address: f.operator, Role: "OPERATOR", ExpiresAt: &expiry})
	require.NoError(t, err)

	// In the block of the expiry, before the EndBlocker, a new grant to the
	// operator prunes its expired OPERATOR grant.
	due := f.at(expiry)
	_, err = f.msg.GrantRole(due, &types.MsgGrantRole{Signer: f.admin, Address: f.operator, Role: "RELAY"})
	require.NoError(t, err)
	require.False(t, f.hasRole(t, due, f.operator, types.Role_OPERATOR, 0))

	require.NoError(t, f.k.EndBlocker(due))
	require.True(t, f.validatorJailed(t), "losing OPERATOR by expiry jails, however the grant left the store")
}
