package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/powershare/powershare/x/rbac/types"
)

func TestCreateCommunity(t *testing.T) {
	cases := []struct {
		name    string
		msg     func(f *fixture) *types.MsgCreateCommunity
		wantErr error
	}{
		{"admin creates with a manager", func(f *fixture) *types.MsgCreateCommunity {
			return &types.MsgCreateCommunity{Signer: f.admin, Name: "Hill Road", Zone: "zone-b", Geohash: "u33d", Managers: []string{f.bob}}
		}, nil},
		{"wrong role", func(f *fixture) *types.MsgCreateCommunity {
			return &types.MsgCreateCommunity{Signer: f.manager, Name: "Hill Road", Zone: "zone-b", Geohash: "u33d"}
		}, types.ErrUnauthorized},
		{"a precise location is refused", func(f *fixture) *types.MsgCreateCommunity {
			return &types.MsgCreateCommunity{Signer: f.admin, Name: "Hill Road", Zone: "zone-b", Geohash: "u33dbfc"}
		}, types.ErrInvalidCommunity},
		{"not a geohash", func(f *fixture) *types.MsgCreateCommunity {
			return &types.MsgCreateCommunity{Signer: f.admin, Name: "Hill Road", Zone: "zone-b", Geohash: "u33a"}
		}, types.ErrInvalidCommunity},
		{"empty name", func(f *fixture) *types.MsgCreateCommunity {
			return &types.MsgCreateCommunity{Signer: f.admin, Name: " ", Zone: "zone-b", Geohash: "u33d"}
		}, types.ErrInvalidCommunity},
		{"bad zone", func(f *fixture) *types.MsgCreateCommunity {
			return &types.MsgCreateCommunity{Signer: f.admin, Name: "Hill Road", Zone: "zone b", Geohash: "u33d"}
		}, types.ErrInvalidCommunity},
		{"duplicate manager", func(f *fixture) *types.MsgCreateCommunity {
			return &types.MsgCreateCommunity{Signer: f.admin, Name: "Hill Road", Zone: "zone-b", Geohash: "u33d", Managers: []string{f.bob, f.bob}}
		}, types.ErrInvalidCommunity},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			res, err := f.msg.CreateCommunity(f.ctx, tc.msg(f))
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				_, qerr := f.query.Community(f.ctx, &types.QueryCommunityRequest{Id: 2})
				require.Error(t, qerr, "no community was created")
				return
			}
			require.NoError(t, err)
			require.Equal(t, uint64(2), res.Id)
			got, err := f.query.Community(f.ctx, &types.QueryCommunityRequest{Id: 2})
			require.NoError(t, err)
			require.Equal(t, "zone-b", got.Community.Zone)
			require.Equal(t, []string{f.bob}, got.Managers)
			require.True(t, f.hasRole(t, f.ctx, f.bob, types.Role_COMMUNITY_MANAGER, 2))
		})
	}
}

func TestMembershipLifecycle(t *testing.T) {
	f := setup(t)

	// ACT: bob asks, the manager approves.
	_, err := f.msg.RequestMembership(f.ctx, &types.MsgRequestMembership{Signer: f.bob, CommunityId: 1, Role: types.Role_CONSUMER})
	require.NoError(t, err)
	pending, err := f.query.MembershipRequests(f.ctx, &types.QueryMembershipRequestsRequest{CommunityId: 1})
	require.NoError(t, err)
	require.Len(t, pending.Requests, 1)
	_, err = f.msg.ApproveMembership(f.ctx, &types.MsgApproveMembership{Signer: f.manager, CommunityId: 1, Address: f.bob})
	require.NoError(t, err)

	// ASSERT: bob is a CONSUMER of community 1 and the request is gone.
	require.True(t, f.hasRole(t, f.ctx, f.bob, types.Role_CONSUMER, 1))
	pending, err = f.query.MembershipRequests(f.ctx, &types.QueryMembershipRequestsRequest{CommunityId: 1})
	require.NoError(t, err)
	require.Empty(t, pending.Requests)
	members, err := f.query.Members(f.ctx, &types.QueryMembersRequest{CommunityId: 1})
	require.NoError(t, err)
	require.Len(t, members.Members, 3, "manager, alice and bob")

	// ACT: the manager removes bob.
	_, err = f.msg.RemoveMember(f.ctx, &types.MsgRemoveMember{Signer: f.manager, CommunityId: 1, Address: f.bob})
	require.NoError(t, err)
	require.False(t, f.hasRole(t, f.ctx, f.bob, types.Role_CONSUMER, 1))
	require.Equal(t, []types.AuditAction{
		types.AuditAction_REQUEST_MEMBERSHIP, types.AuditAction_GRANT, types.AuditAction_APPROVE_MEMBERSHIP,
		types.AuditAction_REMOVE_MEMBER,
	}, f.auditActions(t, f.bob))
}

func TestMembershipUnhappyPaths(t *testing.T) {
	t.Run("duplicate request", func(t *testing.T) {
		f := setup(t)
		msg := &types.MsgRequestMembership{Signer: f.bob, CommunityId: 1, Role: types.Role_PROSUMER}
		_, err := f.msg.RequestMembership(f.ctx, msg)
		require.NoError(t, err)
		_, err = f.msg.RequestMembership(f.ctx, msg)
		require.ErrorIs(t, err, types.ErrDuplicateRequest)
	})
	t.Run("unknown community", func(t *testing.T) {
		f := setup(t)
		_, err := f.msg.RequestMembership(f.ctx, &types.MsgRequestMembership{Signer: f.bob, CommunityId: 9, Role: types.Role_PROSUMER})
		require.ErrorIs(t, err, types.ErrUnknownCommunity)
	})
	t.Run("only member roles may be requested", func(t *testing.T) {
		f := setup(t)
		_, err := f.msg.RequestMembership(f.ctx, &types.MsgRequestMembership{Signer: f.bob, CommunityId: 1, Role: types.Role_ADMIN})
		require.ErrorIs(t, err, types.ErrInvalidGrant)
	})
	t.Run("already a member", func(t *testing.T) {
		f := setup(t)
		_, err := f.msg.RequestMembership(f.ctx, &types.MsgRequestMembership{Signer: f.alice, CommunityId: 1, Role: types.Role_CONSUMER})
		require.ErrorIs(t, err, types.ErrAlreadyMember)
	})
	t.Run("approve without a request", func(t *testing.T) {
		f := setup(t)
		_, err := f.msg.ApproveMembership(f.ctx, &types.MsgApproveMembership{Signer: f.manager, CommunityId: 1, Address: f.bob})
		require.ErrorIs(t, err, types.ErrRequestNotFound)
	})
	t.Run("wrong community: a manager of another community cannot decide", func(t *testing.T) {
		f := setup(t)
		_, err := f.msg.CreateCommunity(f.ctx, &types.MsgCreateCommunity{Signer: f.admin, Name: "Other", Zone: "zone-b", Geohash: "u33d", Managers: []string{f.outsider}})
		require.NoError(t, err)
		_, err = f.msg.RequestMembership(f.ctx, &types.MsgRequestMembership{Signer: f.bob, CommunityId: 1, Role: types.Role_PROSUMER})
		require.NoError(t, err)
		_, err = f.msg.ApproveMembership(f.ctx, &types.MsgApproveMembership{Signer: f.alice, CommunityId: 1, Address: f.bob})
		require.ErrorIs(t, err, types.ErrUnauthorized, "a member is not a manager")
		_, err = f.msg.ApproveMembership(f.ctx, &types.MsgApproveMembership{Signer: f.outsider, CommunityId: 1, Address: f.bob})
		require.ErrorIs(t, err, types.ErrUnauthorized)
		_, err = f.msg.RejectMembership(f.ctx, &types.MsgRejectMembership{Signer: f.outsider, CommunityId: 1, Address: f.bob})
		require.ErrorIs(t, err, types.ErrUnauthorized)
		_, err = f.msg.RemoveMember(f.ctx, &types.MsgRemoveMember{Signer: f.outsider, CommunityId: 1, Address: f.alice})
		require.ErrorIs(t, err, types.ErrUnauthorized)
	})
	t.Run("reject records the reason and grants nothing", func(t *testing.T) {
		f := setup(t)
		_, err := f.msg.RequestMembership(f.ctx, &types.MsgRequestMembership{Signer: f.bob, CommunityId: 1, Role: types.Role_PROSUMER})
		require.NoError(t, err)
		_, err = f.msg.RejectMembership(f.ctx, &types.MsgRejectMembership{Signer: f.manager, CommunityId: 1, Address: f.bob, Reason: "outside the zone"})
		require.NoError(t, err)
		require.False(t, f.hasRole(t, f.ctx, f.bob, types.Role_PROSUMER, 1))
		res, err := f.query.Audit(f.ctx, &types.QueryAuditRequest{Address: f.bob})
		require.NoError(t, err)
		last := res.Entries[len(res.Entries)-1]
		require.Equal(t, types.AuditAction_REJECT_MEMBERSHIP, last.Action)
		require.Equal(t, "outside the zone", last.Detail)
		_, err = f.msg.RejectMembership(f.ctx, &types.MsgRejectMembership{Signer: f.manager, CommunityId: 1, Address: f.bob})
		require.ErrorIs(t, err, types.ErrRequestNotFound, "a request is decided once")
	})
	t.Run("remove a non-member", func(t *testing.T) {
		f := setup(t)
		_, err := f.msg.RemoveMember(f.ctx, &types.MsgRemoveMember{Signer: f.manager, CommunityId: 1, Address: f.bob})
		require.ErrorIs(t, err, types.ErrNotAMember)
	})
}

func TestExpiredManagerCannotDecide(t *testing.T) {
	f := setup(t)
	expiry := genesisTime.Add(time.Hour)
	_, err := f.msg.GrantRole(f.ctx, &types.MsgGrantRole{Signer: f.admin, Address: f.outsider, Role: types.Role_COMMUNITY_MANAGER, CommunityId: 1, ExpiresAt: &expiry})
	require.NoError(t, err)
	_, err = f.msg.RequestMembership(f.ctx, &types.MsgRequestMembership{Signer: f.bob, CommunityId: 1, Role: types.Role_PROSUMER})
	require.NoError(t, err)

	later := f.at(expiry)
	_, err = f.msg.ApproveMembership(later, &types.MsgApproveMembership{Signer: f.outsider, CommunityId: 1, Address: f.bob})
	require.ErrorIs(t, err, types.ErrUnauthorized)
	_, err = f.msg.RemoveMember(later, &types.MsgRemoveMember{Signer: f.outsider, CommunityId: 1, Address: f.alice})
	require.ErrorIs(t, err, types.ErrUnauthorized)
	_, err = f.msg.GrantRole(later, &types.MsgGrantRole{Signer: f.outsider, Address: f.bob, Role: types.Role_CONSUMER, CommunityId: 1})
	require.ErrorIs(t, err, types.ErrUnauthorized)
	require.False(t, f.hasRole(t, later, f.bob, types.Role_PROSUMER, 1))
}

func TestRemoveMemberRemovesBothMemberRoles(t *testing.T) {
	f := setup(t)
	_, err := f.msg.GrantRole(f.ctx, &types.MsgGrantRole{Signer: f.manager, Address: f.alice, Role: types.Role_CONSUMER, CommunityId: 1})
	require.NoError(t, err)

	_, err = f.msg.RemoveMember(f.ctx, &types.MsgRemoveMember{Signer: f.manager, CommunityId: 1, Address: f.alice})
	require.NoError(t, err)
	require.False(t, f.hasRole(t, f.ctx, f.alice, types.Role_PROSUMER, 1))
	require.False(t, f.hasRole(t, f.ctx, f.alice, types.Role_CONSUMER, 1))
	require.Equal(t, []types.AuditAction{
		types.AuditAction_GRANT, types.AuditAction_REMOVE_MEMBER, types.AuditAction_REMOVE_MEMBER,
	}, f.auditActions(t, f.alice))

	_, err = f.msg.RemoveMember(f.ctx, &types.MsgRemoveMember{Signer: f.manager, CommunityId: 1, Address: f.alice})
	require.ErrorIs(t, err, types.ErrNotAMember, "a removal is not replayed")
}
