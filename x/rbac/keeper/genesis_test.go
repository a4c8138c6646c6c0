package keeper_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/powershare/powershare/x/rbac/types"
)

func TestGenesisRoundTrip(t *testing.T) {
	f := setup(t)
	expiry := genesisTime.Add(time.Hour)
	// ARRANGE: state touching every collection.
	_, err := f.msg.GrantRole(f.ctx, &types.MsgGrantRole{Signer: f.admin, Address: f.bob, Role: types.Role_OPERATOR, ExpiresAt: &expiry})
	require.NoError(t, err)
	_, err = f.msg.CreateCommunity(f.ctx, &types.MsgCreateCommunity{Signer: f.admin, Name: "Hill", Zone: "zone-b", Geohash: "u33d", Managers: []string{f.bob}})
	require.NoError(t, err)
	_, err = f.msg.RequestMembership(f.ctx, &types.MsgRequestMembership{Signer: f.outsider, CommunityId: 2, Role: types.Role_CONSUMER})
	require.NoError(t, err)
	_, err = f.msg.SetRolePermissions(f.ctx, &types.MsgSetRolePermissions{Signer: f.admin, Role: types.Role_RELAY, MsgTypeUrls: []string{msgSend}})
	require.NoError(t, err)

	// ACT: export, import into a fresh keeper, export again.
	exported, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.NoError(t, exported.Validate(f.ac))
	fresh := newBareFixture(t)
	require.NoError(t, fresh.k.InitGenesis(fresh.ctx, *exported))
	again, err := fresh.k.ExportGenesis(fresh.ctx)
	require.NoError(t, err)

	// ASSERT
	require.Equal(t, exported, again)
	require.True(t, fresh.hasRole(t, fresh.ctx, f.bob, types.Role_OPERATOR, 0))
	queued, err := fresh.k.OperatorExpiries.Iterate(fresh.ctx, nil)
	require.NoError(t, err)
	keys, err := queued.Keys()
	require.NoError(t, err)
	require.Len(t, keys, 1, "the expiry queue is rebuilt from the grants")
}

func TestGenesisValidate(t *testing.T) {
	f := setup(t)
	valid := func() *types.GenesisState {
		gs := types.DefaultGenesis()
		gs.Communities = []types.Community{{Id: 1, Name: "A", Zone: "zone-a", Geohash: "u33db"}}
		gs.NextCommunityId = 2
		gs.Grants = []types.Grant{{Address: f.admin, Role: types.Role_ADMIN}}
		return gs
	}
	require.NoError(t, valid().Validate(f.ac))
	require.NoError(t, types.DefaultGenesis().Validate(f.ac))

	cases := map[string]func(gs *types.GenesisState){
		"bad params":        func(gs *types.GenesisState) { gs.Params.MaxGrantsPerAddress = 0 },
		"unknown role":      func(gs *types.GenesisState) { gs.Grants[0].Role = 99 },
		"bad grant address": func(gs *types.GenesisState) { gs.Grants[0].Address = "nope" },
		"upper-case grant address": func(gs *types.GenesisState) {
			gs.Grants[0].Address = strings.ToUpper(gs.Grants[0].Address)
		},
		"upper-case request address": func(gs *types.GenesisState) {
			gs.MembershipRequests = []types.MembershipRequest{{CommunityId: 1, Address: strings.ToUpper(f.bob), Role: types.Role_CONSUMER}}
		},
		"duplicate grant":        func(gs *types.GenesisState) { gs.Grants = append(gs.Grants, gs.Grants[0]) },
		"grant in unknown comm.": func(gs *types.GenesisState) { gs.Grants[0].CommunityId = 5 },
		"community id too high":  func(gs *types.GenesisState) { gs.NextCommunityId = 1 },
		"duplicate community":    func(gs *types.GenesisState) { gs.Communities = append(gs.Communities, gs.Communities[0]) },
		"precise location":       func(gs *types.GenesisState) { gs.Communities[0].Geohash = "u33dbfcyegvc" },
		"permission row twice":   func(gs *types.GenesisState) { gs.Permissions = append(gs.Permissions, gs.Permissions[0]) },
		"bad type URL":           func(gs *types.GenesisState) { gs.Permissions[0].MsgTypeUrls = []string{"MsgSend"} },
		"request for admin role": func(gs *types.GenesisState) {
			gs.MembershipRequests = []types.MembershipRequest{{CommunityId: 1, Address: f.bob, Role: types.Role_ADMIN}}
		},
		"audit id past sequence": func(gs *types.GenesisState) {
			gs.AuditEntries = []types.AuditEntry{{Id: 1, Action: types.AuditAction_GRANT}}
		},
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			gs := valid()
			mutate(gs)
			require.Error(t, gs.Validate(f.ac))
		})
	}
}
