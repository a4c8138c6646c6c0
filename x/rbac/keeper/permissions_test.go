package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/powershare/powershare/x/rbac/types"
)

const msgSend = "/cosmos.bank.v1beta1.MsgSend"

func TestCheckPermission(t *testing.T) {
	f := setup(t)
	require.NoError(t, f.k.CheckPermission(f.ctx, f.addr(t, f.alice), msgSend), "PROSUMER may send PWC")
	require.NoError(t, f.k.CheckPermission(f.ctx, f.addr(t, f.outsider), "/powershare.rbac.v1.MsgRequestMembership"),
		"open to anyone")

	err := f.k.CheckPermission(f.ctx, f.addr(t, f.outsider), msgSend)
	require.ErrorIs(t, err, types.ErrMissingPermission)
	require.Contains(t, err.Error(), f.outsider, "the error names the signer")
	require.Contains(t, err.Error(), msgSend, "the error names the Msg")
	require.Contains(t, err.Error(), "PROSUMER", "the error names the roles that would allow it")

	err = f.k.CheckPermission(f.ctx, f.addr(t, f.alice), "/cosmos.staking.v1beta1.MsgCreateValidator")
	require.ErrorIs(t, err, types.ErrMissingPermission)
	require.Contains(t, err.Error(), "[OPERATOR]")
}

func TestSetRolePermissions(t *testing.T) {
	f := setup(t)
	_, err := f.msg.SetRolePermissions(f.ctx, &types.MsgSetRolePermissions{
		Signer: f.admin, Role: "PROSUMER", MsgTypeUrls: []string{"/cosmos.gov.v1.MsgVote"},
	})
	require.NoError(t, err)
	require.ErrorIs(t, f.k.CheckPermission(f.ctx, f.addr(t, f.alice), msgSend), types.ErrMissingPermission,
		"the row was replaced, not extended")
	require.NoError(t, f.k.CheckPermission(f.ctx, f.addr(t, f.alice), "/cosmos.gov.v1.MsgVote"))

	perms, err := f.query.Permissions(f.ctx, &types.QueryPermissionsRequest{Role: "prosumer"})
	require.NoError(t, err)
	require.Equal(t, []string{"/cosmos.gov.v1.MsgVote"}, perms.Permissions.MsgTypeUrls)
	require.Contains(t, f.auditActions(t, f.admin), types.AuditAction_SET_PERMISSIONS)

	for name, msg := range map[string]*types.MsgSetRolePermissions{
		"wrong role":     {Signer: f.manager, Role: "PROSUMER", MsgTypeUrls: []string{msgSend}},
		"not a type URL": {Signer: f.admin, Role: "PROSUMER", MsgTypeUrls: []string{"cosmos.bank.v1beta1.MsgSend"}},
		"listed twice":   {Signer: f.admin, Role: "PROSUMER", MsgTypeUrls: []string{msgSend, msgSend}},
		"unknown role":   {Signer: f.admin, Role: "KING", MsgTypeUrls: []string{msgSend}},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := f.msg.SetRolePermissions(f.ctx, msg)
			require.Error(t, err)
		})
	}
}

func TestCanExplains(t *testing.T) {
	f := setup(t)
	res, err := f.query.Can(f.ctx, &types.QueryCanRequest{Address: f.alice, MsgTypeUrl: msgSend})
	require.NoError(t, err)
	require.True(t, res.Allowed)
	require.Contains(t, res.Reason, "PROSUMER")

	res, err = f.query.Can(f.ctx, &types.QueryCanRequest{Address: f.outsider, MsgTypeUrl: msgSend})
	require.NoError(t, err)
	require.False(t, res.Allowed)
	require.Contains(t, res.PermittingRoles, types.Role_CONSUMER)

	_, err = f.query.Can(f.ctx, &types.QueryCanRequest{Address: f.outsider, MsgTypeUrl: "MsgSend"})
	require.Error(t, err)
}

func TestUpdateParams(t *testing.T) {
	f := setup(t)
	bad := types.DefaultParams()
	bad.MaxGrantsPerAddress = 0
	_, err := f.msg.UpdateParams(f.ctx, &types.MsgUpdateParams{Signer: f.admin, Params: bad})
	require.ErrorIs(t, err, types.ErrInvalidParams)
	_, err = f.msg.UpdateParams(f.ctx, &types.MsgUpdateParams{Signer: f.alice, Params: types.DefaultParams()})
	require.ErrorIs(t, err, types.ErrUnauthorized)
	_, err = f.msg.UpdateParams(f.ctx, &types.MsgUpdateParams{Signer: f.authority, Params: types.DefaultParams()})
	require.NoError(t, err, "governance may update params")
}
