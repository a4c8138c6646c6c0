package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/powershare/powershare/x/rbac/types"
)

func TestHoldersPaginate(t *testing.T) {
	f := setup(t)
	for _, name := range []string{"r1", "r2", "r3"} {
		addr, err := f.ac.BytesToString(newAddr(name))
		require.NoError(t, err)
		_, err = f.msg.GrantRole(f.ctx, &types.MsgGrantRole{Signer: f.admin, Address: addr, Role: types.Role_RELAY})
		require.NoError(t, err)
	}
	page1, err := f.query.Holders(f.ctx, &types.QueryHoldersRequest{Role: types.Role_RELAY, Pagination: &query.PageRequest{Limit: 2}})
	require.NoError(t, err)
	require.Len(t, page1.Grants, 2)
	require.NotEmpty(t, page1.Pagination.NextKey)
	page2, err := f.query.Holders(f.ctx, &types.QueryHoldersRequest{Role: types.Role_RELAY, Pagination: &query.PageRequest{Key: page1.Pagination.NextKey}})
	require.NoError(t, err)
	require.Len(t, page2.Grants, 1)
	for _, g := range append(page1.Grants, page2.Grants...) {
		require.Equal(t, types.Role_RELAY, g.Grant.Role)
		require.True(t, g.Active)
	}
}

func TestAuditByHeightRangePaginates(t *testing.T) {
	f := setup(t)
	// One grant at each of heights 11..15.
	for h := int64(11); h <= 15; h++ {
		addr, err := f.ac.BytesToString(newAddr("h" + string(rune('a'+h-11))))
		require.NoError(t, err)
		_, err = f.msg.GrantRole(f.ctx.WithBlockHeight(h), &types.MsgGrantRole{Signer: f.admin, Address: addr, Role: types.Role_RELAY})
		require.NoError(t, err)
	}
	ctx := f.ctx.WithBlockHeight(20)

	page1, err := f.query.Audit(ctx, &types.QueryAuditRequest{FromHeight: 12, ToHeight: 14, Pagination: &query.PageRequest{Limit: 2}})
	require.NoError(t, err)
	require.Equal(t, []int64{12, 13}, heights(page1.Entries))
	page2, err := f.query.Audit(ctx, &types.QueryAuditRequest{FromHeight: 12, ToHeight: 14, Pagination: &query.PageRequest{Key: page1.Pagination.NextKey, Limit: 2}})
	require.NoError(t, err)
	require.Equal(t, []int64{14}, heights(page2.Entries))
	require.Empty(t, page2.Pagination.NextKey)

	all, err := f.query.Audit(ctx, &types.QueryAuditRequest{FromHeight: 11})
	require.NoError(t, err)
	require.Len(t, all.Entries, 5, "to-height defaults to the current height")

	byRole, err := f.query.Audit(ctx, &types.QueryAuditRequest{Role: types.Role_RELAY})
	require.NoError(t, err)
	require.Len(t, byRole.Entries, 5)
	for _, e := range byRole.Entries {
		require.Equal(t, types.AuditAction_GRANT, e.Action)
	}
}

func heights(entries []types.AuditEntry) []int64 {
	out := make([]int64, len(entries))
	for i, e := range entries {
		out[i] = e.Height
	}
	return out
}

func TestAuditNeedsExactlyOneSelector(t *testing.T) {
	f := setup(t)
	for name, req := range map[string]*types.QueryAuditRequest{
		"none":          {},
		"two":           {Address: f.alice, Role: types.Role_PROSUMER},
		"empty range":   {FromHeight: 9, ToHeight: 5},
		"unknown role":  {Role: unknownRole},
		"bad address":   {Address: "power1xyz"},
		"offset paging": {FromHeight: 1, Pagination: &query.PageRequest{Offset: 3}},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := f.query.Audit(f.ctx, req)
			require.Error(t, err)
		})
	}
	_, err := f.query.Audit(f.ctx, nil)
	require.Error(t, err)
}

func TestQueriesOfUnknownThings(t *testing.T) {
	f := setup(t)
	_, err := f.query.Community(f.ctx, &types.QueryCommunityRequest{Id: 42})
	require.ErrorContains(t, err, "NotFound")
	_, err = f.query.Members(f.ctx, &types.QueryMembersRequest{CommunityId: 42})
	require.ErrorContains(t, err, "NotFound")
	_, err = f.query.Holders(f.ctx, &types.QueryHoldersRequest{Role: unknownRole})
	require.ErrorContains(t, err, "InvalidArgument")
	communities, err := f.query.Communities(f.ctx, &types.QueryCommunitiesRequest{})
	require.NoError(t, err)
	require.Len(t, communities.Communities, 1)
	require.Equal(t, "zone-a", communities.Communities[0].Zone)
}

// Issue 11 (no unbounded query): Community reads one page of the
// community's grants, not all of them, and a next key leads to the managers
// of the following pages.
func TestCommunityManagersPaginate(t *testing.T) {
	f := setup(t)
	for _, name := range []string{"m1", "m2", "m3"} {
		addr, err := f.ac.BytesToString(newAddr(name))
		require.NoError(t, err)
		_, err = f.msg.GrantRole(f.ctx, &types.MsgGrantRole{Signer: f.admin, Address: addr, Role: types.Role_COMMUNITY_MANAGER, CommunityId: 1})
		require.NoError(t, err)
	}
	// The community holds five grants: alice's and four managers'.
	all, err := f.query.Community(f.ctx, &types.QueryCommunityRequest{Id: 1})
	require.NoError(t, err)
	require.Len(t, all.Managers, 4)
	require.Empty(t, all.Pagination.NextKey)

	var managers []string
	var key []byte
	pages := 0
	for {
		res, err := f.query.Community(f.ctx, &types.QueryCommunityRequest{Id: 1, Pagination: &query.PageRequest{Key: key, Limit: 2}})
		require.NoError(t, err)
		require.LessOrEqual(t, len(res.Managers), 2)
		require.Equal(t, "Sunny Street", res.Community.Name)
		managers = append(managers, res.Managers...)
		pages++
		if key = res.Pagination.NextKey; key == nil {
			break
		}
	}
	require.Equal(t, 3, pages, "five grants in pages of two")
	require.ElementsMatch(t, all.Managers, managers)

	_, err = f.query.Community(f.ctx, &types.QueryCommunityRequest{Id: 1, Pagination: &query.PageRequest{CountTotal: true}})
	require.ErrorContains(t, err, "InvalidArgument")
	require.ErrorContains(t, err, "count_total")
}
