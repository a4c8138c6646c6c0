package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/baseapp"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/rbac/keeper"
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
		Signer: f.admin, Role: types.Role_PROSUMER, MsgTypeUrls: []string{"/cosmos.gov.v1.MsgVote"},
	})
	require.NoError(t, err)
	require.ErrorIs(t, f.k.CheckPermission(f.ctx, f.addr(t, f.alice), msgSend), types.ErrMissingPermission,
		"the row was replaced, not extended")
	require.NoError(t, f.k.CheckPermission(f.ctx, f.addr(t, f.alice), "/cosmos.gov.v1.MsgVote"))

	perms, err := f.query.Permissions(f.ctx, &types.QueryPermissionsRequest{Role: types.Role_PROSUMER})
	require.NoError(t, err)
	require.Equal(t, []string{"/cosmos.gov.v1.MsgVote"}, perms.Permissions.MsgTypeUrls)
	require.Contains(t, f.auditActions(t, f.admin), types.AuditAction_SET_PERMISSIONS)

	for name, msg := range map[string]*types.MsgSetRolePermissions{
		"wrong role":     {Signer: f.manager, Role: types.Role_PROSUMER, MsgTypeUrls: []string{msgSend}},
		"not a type URL": {Signer: f.admin, Role: types.Role_PROSUMER, MsgTypeUrls: []string{"cosmos.bank.v1beta1.MsgSend"}},
		"listed twice":   {Signer: f.admin, Role: types.Role_PROSUMER, MsgTypeUrls: []string{msgSend, msgSend}},
		"unknown role":   {Signer: f.admin, Role: unknownRole, MsgTypeUrls: []string{msgSend}},
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
	_, err := f.msg.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.admin, Params: bad})
	require.ErrorIs(t, err, types.ErrInvalidParams)
	_, err = f.msg.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.alice, Params: types.DefaultParams()})
	require.ErrorIs(t, err, types.ErrUnauthorized)
	_, err = f.msg.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.authority, Params: types.DefaultParams()})
	require.NoError(t, err, "governance may update params")
}

func TestRefusalNamesTheRolesHeld(t *testing.T) {
	f := setup(t)
	err := f.k.CheckPermission(f.ctx, f.addr(t, f.alice), "/cosmos.staking.v1beta1.MsgCreateValidator")
	require.ErrorIs(t, err, types.ErrMissingPermission)
	require.ErrorContains(t, err, "it holds [PROSUMER]")

	res, err := f.query.Can(f.ctx, &types.QueryCanRequest{Address: f.alice, MsgTypeUrl: "/cosmos.staking.v1beta1.MsgCreateValidator"})
	require.NoError(t, err)
	require.False(t, res.Allowed)
	require.Equal(t, []types.Role{types.Role_OPERATOR}, res.PermittingRoles)
	require.Contains(t, res.Reason, "it holds [PROSUMER]")
}

// routes is a Msg router that knows only some type URLs.
type routes map[string]bool

func (r routes) HandlerByTypeURL(typeURL string) baseapp.MsgServiceHandler {
	if !r[typeURL] {
		return nil
	}
	return func(sdk.Context, sdk.Msg) (*sdk.Result, error) { return &sdk.Result{}, nil }
}

func TestTypeURLsMustNameMsgsOfTheChain(t *testing.T) {
	f := setup(t)
	msgs := keeper.NewMsgServerImpl(f.k.WithMsgRouter(routes{msgSend: true}))
	const unknown = "/cosmos.bank.v1beta1.MsgSendTypo"

	_, err := msgs.SetRolePermissions(f.ctx, &types.MsgSetRolePermissions{
		Signer: f.admin, Role: types.Role_PROSUMER, MsgTypeUrls: []string{msgSend, unknown},
	})
	require.ErrorIs(t, err, types.ErrInvalidPermissions)
	require.NoError(t, f.k.CheckPermission(f.ctx, f.addr(t, f.alice), msgSend), "the refused change left the row as it was")

	params := types.DefaultParams()
	params.OpenMsgTypeUrls = []string{unknown}
	_, err = msgs.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.admin, Params: params})
	require.ErrorIs(t, err, types.ErrInvalidPermissions)

	_, err = msgs.SetRolePermissions(f.ctx, &types.MsgSetRolePermissions{Signer: f.admin, Role: types.Role_PROSUMER, MsgTypeUrls: []string{msgSend}})
	require.NoError(t, err)
}
