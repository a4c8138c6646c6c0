package invariants_test

import (
	"strings"

	sdk "github.com/cosmos/cosmos-sdk/types"

	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// The Community Token rule, in one place. Today there is one denom, uct,
// shared by every community: a transfer is allowed when sender and receiver
// are members of one community (any one), and a holder must have been a
// member of some community. When Community Tokens become a denom per
// community (uct/<community-id>, finding 3 of issue 11), only these three
// functions change: the community of a denom is the one in its name, a
// transfer needs both parties in that community, and a holder must have been
// a member of exactly that one.

// isCommunityToken says whether denom is a Community Token.
func isCommunityToken(denom string) bool {
	return denom == uct || strings.HasPrefix(denom, uct+"/")
}

// tokenCommunities are the communities whose members may hold and move denom.
func tokenCommunities(denom string) []uint64 {
	ids := make([]uint64, len(communities))
	for i, c := range communities {
		ids[i] = c.id
	}
	return ids // one uct for all: any community
}

// ctTransferAllowed says whether from may send denom to to now.
func ctTransferAllowed(w *world, from, to sdk.AccAddress, denom string) bool {
	ctx := w.c.ctx()
	for _, c := range tokenCommunities(denom) {
		if isMemberNow(w, ctx, from, c) && isMemberNow(w, ctx, to, c) {
			return true
		}
	}
	return false
}

// ctHolderAllowed says whether addr may hold denom: it was a member of one
// of the token's communities at some point of the run (leaving a community
// does not take tokens away).
func ctHolderAllowed(w *world, addr, denom string) bool {
	for _, c := range tokenCommunities(denom) {
		if w.everMember[addr][c] {
			return true
		}
	}
	return false
}

// isMemberNow reads x/rbac: addr holds an active member role in community.
func isMemberNow(w *world, ctx sdk.Context, addr sdk.AccAddress, community uint64) bool {
	for _, role := range memberRoles {
		ok, err := w.c.app.RBACKeeper.HasActiveRole(ctx, addr, role, community)
		if err != nil {
			w.c.t.Fatal(err)
		}
		if ok {
			return true
		}
	}
	return false
}

// roleHolder says whether addr holds role in community (0: chain-wide) now.
func roleHolder(w *world, addr sdk.AccAddress, role rbactypes.Role, community uint64) bool {
	ok, err := w.c.app.RBACKeeper.HasActiveRole(w.c.ctx(), addr, role, community)
	if err != nil {
		w.c.t.Fatal(err)
	}
	return ok
}

// roles are the distinct roles who holds now.
func (w *world) roles(who int) []rbactypes.Role {
	roles, err := w.c.app.RBACKeeper.ActiveRoles(w.c.ctx(), w.accounts[who].Address)
	if err != nil {
		w.c.t.Fatal(err)
	}
	return roles
}

// hasAnyRole: who may send the Msgs open to every role (bank, authz, burn).
func (w *world) hasAnyRole(who int) bool { return len(w.roles(who)) > 0 }

// mayTrade: who holds a role that places orders.
func (w *world) mayTrade(who int) bool {
	for _, r := range w.roles(who) {
		if r == rbactypes.Role_PROSUMER || r == rbactypes.Role_CONSUMER {
			return true
		}
	}
	return false
}
