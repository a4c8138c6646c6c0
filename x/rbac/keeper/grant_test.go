package keeper_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/rbac/types"
)

func TestGrantRole(t *testing.T) {
	future := genesisTime.Add(time.Hour)
	past := genesisTime.Add(-time.Second)
	cases := []struct {
		name    string
		msg     func(f *fixture) *types.MsgGrantRole
		wantErr error
	}{
		{"admin grants a chain-wide role", func(f *fixture) *types.MsgGrantRole {
			return &types.MsgGrantRole{Signer: f.admin, Address: f.bob, Role: types.Role_GRID_OPERATOR}
		}, nil},
		{"admin grants with an expiry", func(f *fixture) *types.MsgGrantRole {
			return &types.MsgGrantRole{Signer: f.admin, Address: f.bob, Role: types.Role_RELAY, ExpiresAt: &future}
		}, nil},
		{"the governance account acts as an admin", func(f *fixture) *types.MsgGrantRole {
			return &types.MsgGrantRole{Signer: f.authority, Address: f.bob, Role: types.Role_REGULATOR}
		}, nil},
		{"manager grants CONSUMER in its community", func(f *fixture) *types.MsgGrantRole {
			return &types.MsgGrantRole{Signer: f.manager, Address: f.bob, Role: types.Role_CONSUMER, CommunityId: 1}
		}, nil},
		{"wrong role: a prosumer cannot grant", func(f *fixture) *types.MsgGrantRole {
			return &types.MsgGrantRole{Signer: f.alice, Address: f.bob, Role: types.Role_CONSUMER, CommunityId: 1}
		}, types.ErrUnauthorized},
		{"manager cannot grant chain-wide", func(f *fixture) *types.MsgGrantRole {
			return &types.MsgGrantRole{Signer: f.manager, Address: f.bob, Role: types.Role_CONSUMER}
		}, types.ErrUnauthorized},
		{"manager cannot grant a non-member role", func(f *fixture) *types.MsgGrantRole {
			return &types.MsgGrantRole{Signer: f.manager, Address: f.bob, Role: types.Role_GRID_OPERATOR, CommunityId: 1}
		}, types.ErrUnauthorized},
		{"unknown role", func(f *fixture) *types.MsgGrantRole {
			return &types.MsgGrantRole{Signer: f.admin, Address: f.bob, Role: unknownRole}
		}, types.ErrUnknownRole},
		{"unset role", func(f *fixture) *types.MsgGrantRole {
			return &types.MsgGrantRole{Signer: f.admin, Address: f.bob}
		}, types.ErrUnknownRole},
		{"unknown community", func(f *fixture) *types.MsgGrantRole {
			return &types.MsgGrantRole{Signer: f.admin, Address: f.bob, Role: types.Role_PROSUMER, CommunityId: 7}
		}, types.ErrUnknownCommunity},
		{"OPERATOR cannot be scoped to a community", func(f *fixture) *types.MsgGrantRole {
			return &types.MsgGrantRole{Signer: f.admin, Address: f.bob, Role: types.Role_OPERATOR, CommunityId: 1}
		}, types.ErrInvalidGrant},
		{"COMMUNITY_MANAGER needs a community", func(f *fixture) *types.MsgGrantRole {
			return &types.MsgGrantRole{Signer: f.admin, Address: f.bob, Role: types.Role_COMMUNITY_MANAGER}
		}, types.ErrInvalidGrant},
		{"expiry already past", func(f *fixture) *types.MsgGrantRole {
			return &types.MsgGrantRole{Signer: f.admin, Address: f.bob, Role: types.Role_RELAY, ExpiresAt: &past}
		}, types.ErrInvalidGrant},
		{"malformed address", func(f *fixture) *types.MsgGrantRole {
			return &types.MsgGrantRole{Signer: f.admin, Address: "power1notanaddress", Role: types.Role_RELAY}
		}, types.ErrInvalidAddress},
		{"wrong signer prefix", func(f *fixture) *types.MsgGrantRole {
			return &types.MsgGrantRole{Signer: "cosmos1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5lzv7xu", Address: f.bob, Role: types.Role_RELAY}
		}, types.ErrInvalidAddress},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			msg := tc.msg(f)
			_, err := f.msg.GrantRole(f.ctx, msg)
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				require.Empty(t, f.auditActions(t, f.bob), "a refused grant changes nothing")
				return
			}
			require.NoError(t, err)
			require.True(t, f.hasRole(t, f.ctx, msg.Address, msg.Role, msg.CommunityId))
			require.Equal(t, []types.AuditAction{types.AuditAction_GRANT}, f.auditActions(t, msg.Address))
			require.NotEmpty(t, f.ctx.EventManager().Events(), "the grant is evented")
		})
	}
}

func TestExpiredGrantStopsCountingAtItsExpiry(t *testing.T) {
	f := setup(t)
	expiry := genesisTime.Add(time.Hour)
	_, err := f.msg.GrantRole(f.ctx, &types.MsgGrantRole{Signer: f.admin, Address: f.bob, Role: types.Role_RELAY, ExpiresAt: &expiry})
	require.NoError(t, err)

	require.True(t, f.hasRole(t, f.at(expiry.Add(-time.Nanosecond)), f.bob, types.Role_RELAY, 0))
	require.False(t, f.hasRole(t, f.at(expiry), f.bob, types.Role_RELAY, 0), "the expiry itself no longer counts")
	require.ErrorIs(t, f.k.CheckPermission(f.at(expiry), f.addr(t, f.bob), "/cosmos.bank.v1beta1.MsgSend"),
		types.ErrMissingPermission)
}

func TestExpiredAdminCannotGrant(t *testing.T) {
	f := setup(t)
	expiry := genesisTime.Add(time.Minute)
	_, err := f.msg.GrantRole(f.ctx, &types.MsgGrantRole{Signer: f.admin, Address: f.bob, Role: types.Role_ADMIN, ExpiresAt: &expiry})
	require.NoError(t, err)

	_, err = f.msg.GrantRole(f.at(expiry), &types.MsgGrantRole{Signer: f.bob, Address: f.outsider, Role: types.Role_RELAY})
	require.ErrorIs(t, err, types.ErrUnauthorized)
}

func TestGrantsPerAddressAreBounded(t *testing.T) {
	f := setup(t)
	params := types.DefaultParams()
	params.MaxGrantsPerAddress = 2
	_, err := f.msg.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.admin, Params: params})
	require.NoError(t, err)

	_, err = f.msg.GrantRole(f.ctx, &types.MsgGrantRole{Signer: f.admin, Address: f.alice, Role: types.Role_RELAY})
	require.NoError(t, err, "alice held 1 grant")
	_, err = f.msg.GrantRole(f.ctx, &types.MsgGrantRole{Signer: f.admin, Address: f.alice, Role: types.Role_REGULATOR})
	require.ErrorIs(t, err, types.ErrTooManyGrants)
	_, err = f.msg.GrantRole(f.ctx, &types.MsgGrantRole{Signer: f.admin, Address: f.alice, Role: types.Role_RELAY,
		ExpiresAt: &[]time.Time{genesisTime.Add(time.Hour)}[0]})
	require.NoError(t, err, "replacing an existing grant is not a new one")
}

func TestRevokeRole(t *testing.T) {
	cases := []struct {
		name    string
		msg     func(f *fixture) *types.MsgRevokeRole
		wantErr error
	}{
		{"admin revokes", func(f *fixture) *types.MsgRevokeRole {
			return &types.MsgRevokeRole{Signer: f.admin, Address: f.alice, Role: types.Role_PROSUMER, CommunityId: 1}
		}, nil},
		{"manager revokes a member of its community", func(f *fixture) *types.MsgRevokeRole {
			return &types.MsgRevokeRole{Signer: f.manager, Address: f.alice, Role: types.Role_PROSUMER, CommunityId: 1}
		}, nil},
		{"wrong role: the member cannot revoke", func(f *fixture) *types.MsgRevokeRole {
			return &types.MsgRevokeRole{Signer: f.alice, Address: f.alice, Role: types.Role_PROSUMER, CommunityId: 1}
		}, types.ErrUnauthorized},
		{"manager cannot revoke OPERATOR", func(f *fixture) *types.MsgRevokeRole {
			return &types.MsgRevokeRole{Signer: f.manager, Address: f.operator, Role: types.Role_OPERATOR}
		}, types.ErrUnauthorized},
		{"no such grant", func(f *fixture) *types.MsgRevokeRole {
			return &types.MsgRevokeRole{Signer: f.admin, Address: f.bob, Role: types.Role_PROSUMER, CommunityId: 1}
		}, types.ErrGrantNotFound},
		{"grant in another community", func(f *fixture) *types.MsgRevokeRole {
			return &types.MsgRevokeRole{Signer: f.admin, Address: f.alice, Role: types.Role_PROSUMER}
		}, types.ErrGrantNotFound},
		{"the last admin", func(f *fixture) *types.MsgRevokeRole {
			return &types.MsgRevokeRole{Signer: f.admin, Address: f.admin, Role: types.Role_ADMIN}
		}, types.ErrLastAdmin},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			msg := tc.msg(f)
			_, err := f.msg.RevokeRole(f.ctx, msg)
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			require.False(t, f.hasRole(t, f.ctx, msg.Address, msg.Role, msg.CommunityId))
			require.Contains(t, f.auditActions(t, msg.Address), types.AuditAction_REVOKE)
		})
	}
}

func TestTheChainKeepsAPermanentAdmin(t *testing.T) {
	f := setup(t)
	expiry := genesisTime.Add(time.Minute)

	// An expiring ADMIN may be added while a permanent one remains...
	_, err := f.msg.GrantRole(f.ctx, &types.MsgGrantRole{Signer: f.admin, Address: f.bob, Role: types.Role_ADMIN, ExpiresAt: &expiry})
	require.NoError(t, err)
	// ...but it does not count as the one that must remain.
	_, err = f.msg.RevokeRole(f.ctx, &types.MsgRevokeRole{Signer: f.admin, Address: f.admin, Role: types.Role_ADMIN})
	require.ErrorIs(t, err, types.ErrLastAdmin)
	// Nor may the last permanent ADMIN turn itself into an expiring one.
	_, err = f.msg.GrantRole(f.ctx, &types.MsgGrantRole{Signer: f.admin, Address: f.admin, Role: types.Role_ADMIN, ExpiresAt: &expiry})
	require.ErrorIs(t, err, types.ErrLastAdmin)

	// With a second permanent ADMIN, the first may go.
	_, err = f.msg.GrantRole(f.ctx, &types.MsgGrantRole{Signer: f.admin, Address: f.outsider, Role: types.Role_ADMIN})
	require.NoError(t, err)
	_, err = f.msg.RevokeRole(f.ctx, &types.MsgRevokeRole{Signer: f.admin, Address: f.admin, Role: types.Role_ADMIN})
	require.NoError(t, err)
}

func TestExpiredGrantsArePrunedBeforeCounting(t *testing.T) {
	f := setup(t)
	params := types.DefaultParams()
	params.MaxGrantsPerAddress = 2
	_, err := f.msg.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.admin, Params: params})
	require.NoError(t, err)
	expiry := genesisTime.Add(time.Minute)
	_, err = f.msg.GrantRole(f.ctx, &types.MsgGrantRole{Signer: f.admin, Address: f.alice, Role: types.Role_RELAY, ExpiresAt: &expiry})
	require.NoError(t, err, "alice: PROSUMER + RELAY")

	later := f.at(expiry)
	_, err = f.msg.GrantRole(later, &types.MsgGrantRole{Signer: f.admin, Address: f.alice, Role: types.Role_REGULATOR})
	require.NoError(t, err, "the expired RELAY grant no longer takes a place")
	roles, err := f.query.Roles(later, &types.QueryRolesRequest{Address: f.alice})
	require.NoError(t, err)
	require.Len(t, roles.Grants, 2)
}

func TestGrantValidation(t *testing.T) {
	f := setup(t)
	far := time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC)
	_, err := f.msg.GrantRole(f.ctx, &types.MsgGrantRole{Signer: f.admin, Address: f.bob, Role: types.Role_RELAY, ExpiresAt: &far})
	require.ErrorIs(t, err, types.ErrInvalidGrant, "expiries past 2200 are refused")
	_, err = f.msg.GrantRole(f.ctx, &types.MsgGrantRole{Signer: f.admin, Address: strings.ToUpper(f.bob), Role: types.Role_RELAY})
	require.ErrorIs(t, err, types.ErrInvalidAddress, "addresses are stored in their canonical form")
}

func TestIsAdmin(t *testing.T) {
	f := setup(t)
	for name, tc := range map[string]struct {
		addr sdk.AccAddress
		want bool
	}{
		"an ADMIN":                    {f.addr(t, f.admin), true},
		"the governance account":      {f.addr(t, f.authority), true},
		"a COMMUNITY_MANAGER":         {f.addr(t, f.manager), false},
		"no address at all":           {sdk.AccAddress{}, false},
		"an address without any role": {f.addr(t, f.outsider), false},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := f.k.IsAdmin(f.ctx, tc.addr)
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
		})
	}
}

func TestManagerCannotRevokeInAnotherCommunity(t *testing.T) {
	f := setup(t)
	res, err := f.msg.CreateCommunity(f.ctx, &types.MsgCreateCommunity{Signer: f.admin, Name: "Other", Zone: "zone-b", Geohash: "u33d"})
	require.NoError(t, err)
	_, err = f.msg.GrantRole(f.ctx, &types.MsgGrantRole{Signer: f.admin, Address: f.bob, Role: types.Role_CONSUMER, CommunityId: res.Id})
	require.NoError(t, err)

	_, err = f.msg.RevokeRole(f.ctx, &types.MsgRevokeRole{Signer: f.manager, Address: f.bob, Role: types.Role_CONSUMER, CommunityId: res.Id})
	require.ErrorIs(t, err, types.ErrUnauthorized, "the manager of community 1 has no say in community %d", res.Id)
	require.True(t, f.hasRole(t, f.ctx, f.bob, types.Role_CONSUMER, res.Id))
}

func TestRevokeIsNotReplayable(t *testing.T) {
	f := setup(t)
	msg := &types.MsgRevokeRole{Signer: f.manager, Address: f.alice, Role: types.Role_PROSUMER, CommunityId: 1}
	_, err := f.msg.RevokeRole(f.ctx, msg)
	require.NoError(t, err)
	_, err = f.msg.RevokeRole(f.ctx, msg)
	require.ErrorIs(t, err, types.ErrGrantNotFound)
	require.Equal(t, []types.AuditAction{types.AuditAction_REVOKE}, f.auditActions(t, f.alice), "one revocation is recorded")
}
