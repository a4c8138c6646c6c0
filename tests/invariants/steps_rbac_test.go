package invariants_test

import (
	"time"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// members are the accounts whose member roles the run grants and revokes;
// the operators of the run (ADMIN, grid operator, managers, relays) keep
// theirs so that every module stays reachable.
var members = []int{alice, bob, carol, dave, erin, outsider, issuer}

// rbacSteps grant and revoke member roles (by an ADMIN, a community
// manager, or someone who may not), some with an expiry, and run the
// membership request flow.
func rbacSteps() []generator {
	return []generator{
		{"rbac/grant", 3, func(w *world) *step {
			who := pick(w, members...)
			c := pick(w, communities...)
			role := pick(w, rbactypes.Role_PROSUMER, rbactypes.Role_CONSUMER)
			signer := pick(w, admin, admin, manager1, manager2, alice)
			msg := &rbactypes.MsgGrantRole{Signer: w.addr(signer), Address: w.addr(who), Role: role, CommunityId: c.id}
			if w.chance(4) {
				exp := w.now().Add(time.Duration(10+w.rng.Intn(600)) * time.Minute)
				msg.ExpiresAt = &exp
			}
			s := &step{kind: "rbac/grant", msg: msg, expect: either, why: "a manager only in its community"}
			if !w.mayManage(signer, c.id) {
				s.expect, s.why = mustFail, names[signer]+" manages no members of community "+c.zone
			}
			s.onOK = func(w *world, _ *sdk.Result) { w.noteGrant(msg.Address, role, c.id) }
			return s
		}},
		{"rbac/revoke", 2, func(w *world) *step {
			who := pick(w, members...)
			c := pick(w, communities...)
			role := pick(w, rbactypes.Role_PROSUMER, rbactypes.Role_CONSUMER)
			signer := pick(w, admin, admin, manager1, manager2, carol)
			msg := &rbactypes.MsgRevokeRole{Signer: w.addr(signer), Address: w.addr(who), Role: role, CommunityId: c.id}
			s := &step{kind: "rbac/revoke", msg: msg, expect: either, why: "the grant may not exist"}
			if !w.mayManage(signer, c.id) {
				s.expect, s.why = mustFail, names[signer]+" manages no members of community "+c.zone
			}
			return s
		}},
		{"rbac/request-membership", 1, func(w *world) *step {
			who := pick(w, members...)
			c := pick(w, communities...)
			return &step{kind: "rbac/request-membership", expect: either, why: "open to anyone; once per community",
				msg: &rbactypes.MsgRequestMembership{Signer: w.addr(who), CommunityId: c.id, Role: rbactypes.Role_CONSUMER}}
		}},
		{"rbac/approve-membership", 1, func(w *world) *step {
			c, addr := pick(w, communities...), w.addr(pick(w, members...))
			// Mostly a pending request (the first, in key order).
			_ = w.c.app.RBACKeeper.MembershipRequests.Walk(w.c.ctx(), nil,
				func(_ collections.Pair[uint64, sdk.AccAddress], r rbactypes.MembershipRequest) (bool, error) {
					if !w.chance(4) {
						c, addr = communities[r.CommunityId-1], r.Address
					}
					return true, nil
				})
			signer := pick(w, admin, manager1, manager2)
			msg := &rbactypes.MsgApproveMembership{Signer: w.addr(signer), CommunityId: c.id, Address: addr}
			s := &step{kind: "rbac/approve-membership", msg: msg, expect: either, why: "needs a pending request"}
			if !w.mayManage(signer, c.id) {
				s.expect, s.why = mustFail, names[signer]+" manages no members of community "+c.zone
			}
			s.onOK = func(w *world, _ *sdk.Result) { w.noteGrant(msg.Address, rbactypes.Role_CONSUMER, c.id) }
			return s
		}},
	}
}

// mayManage: signer is an ADMIN or the community's manager.
func (w *world) mayManage(signer int, community uint64) bool {
	addr := w.accounts[signer].Address
	return roleHolder(w, addr, rbactypes.Role_ADMIN, 0) || roleHolder(w, addr, rbactypes.Role_COMMUNITY_MANAGER, community)
}
