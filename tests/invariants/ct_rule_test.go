package invariants_test

import (
	"strings"

	sdk "github.com/cosmos/cosmos-sdk/types"

	assetstypes "github.com/powershare/powershare/x/assets/types"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// The Community Token rule, in one place (finding 3 of issue 11): each
// community has its own denom, uct/<community-id>; the bare uct of earlier
// builds is refused. uct/X reaches only an active member of X (or the
// assets module account, which mints rewards and receives burns): only the
// recipient is asked, so a former member may still give points back. A
// holder of uct/X must have been a member of X at some point of the run.

// isCommunityToken says whether denom is a Community Token (or the retired
// bare uct, which no account may hold).
func isCommunityToken(denom string) bool {
	return denom == "uct" || strings.HasPrefix(denom, assetstypes.CommunityTokenPrefix)
}

// tokenCommunities are the communities whose members may hold and receive
// denom: the one its name says, none for a malformed one.
func tokenCommunities(denom string) []uint64 {
	id, ok, err := assetstypes.ParseCommunityTokenDenom(denom)
	if !ok || err != nil {
		return nil
	}
	return []uint64{id}
}

// ctTransferAllowed says whether from may send denom to to now: to is an
// active member of the token's community (the sender is not asked).
func ctTransferAllowed(w *world, _, to sdk.AccAddress, denom string) bool {
	ctx := w.c.ctx()
	for _, c := range tokenCommunities(denom) {
		if isMemberNow(w, ctx, to, c) {
			return true
		}
	}
	return false
}

// ctHolderAllowed says whether addr may hold denom: it was a member of the
// token's community at some point of the run (leaving a community does not
// take tokens away).
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
