package invariants_test

import (
	"time"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	assetstypes "github.com/powershare/powershare/x/assets/types"
)

// bankSteps move coins between the cast: PowerCoin and Energy Credits
// freely, Community Tokens only within a community (ct_rule_test.go),
// directly and through an authz grant.
func bankSteps() []generator {
	return []generator{
		{"bank/send-upwc", 3, func(w *world) *step {
			from, to := w.anyone(), w.anyone()
			return w.send("bank/send-upwc", from, to, upwc, math.NewInt(int64(1+w.rng.Intn(5_000_000))))
		}},
		{"bank/send-uec", 2, func(w *world) *step {
			from := w.holderOf(uec)
			return w.send("bank/send-uec", from, w.anyone(), uec, w.someOf(from, uec))
		}},
		{"bank/send-uct", 5, func(w *world) *step {
			denom := pick(w, ctDenoms()...)
			from := w.holderOf(denom)
			to := w.anyone()
			id, _, _ := assetstypes.ParseCommunityTokenDenom(denom)
			if now := w.membersNow(id); len(now) > 0 && w.chance(2) {
				to = pick(w, now...)
			}
			if from == bob && w.chance(3) { // bob, in 1 and 2, tries to carry points across
				to = pick(w, alice, carol, dave, erin)
			}
			return w.send("bank/send-uct", from, to, denom, w.someOf(from, denom))
		}},
		{"authz/grant-send", 1, func(w *world) *step {
			granter, grantee := w.anyone(), w.anyone()
			if granter == grantee {
				return nil
			}
			exp := w.now().Add(48 * time.Hour)
			msg, err := authz.NewMsgGrant(w.accounts[granter].Address, w.accounts[grantee].Address,
				authz.NewGenericAuthorization(sdk.MsgTypeURL(&banktypes.MsgSend{})), &exp)
			if err != nil {
				panic(err)
			}
			s := &step{kind: "authz/grant-send", msg: msg, expect: either, why: "any role may grant"}
			if !w.hasAnyRole(granter) {
				s.expect, s.why = mustFail, names[granter]+" holds no role"
			}
			s.onOK = func(w *world, _ *sdk.Result) { w.sendGrants = append(w.sendGrants, [2]int{granter, grantee}) }
			return s
		}},
		{"authz/exec-send", 2, func(w *world) *step {
			denom := pick(w, upwc, pick(w, ctDenoms()...))
			granter, grantee, to := w.holderOf(denom), w.anyone(), w.anyone()
			if len(w.sendGrants) > 0 && !w.chance(5) {
				g := pick(w, w.sendGrants...)
				granter, grantee = g[0], g[1]
			}
			inner := w.send("", granter, to, denom, w.someOf(granter, denom))
			msg := authz.NewMsgExec(w.accounts[grantee].Address, []sdk.Msg{inner.msg})
			s := &step{kind: "authz/exec-send", msg: &msg, expect: either, why: "needs a grant"}
			if inner.expect == mustFail {
				s.expect, s.why = mustFail, "through authz: "+inner.why
			}
			return s
		}},
	}
}

// send is a MsgSend of amt denom; whether it must pass or fail follows from
// balances and, for Community Tokens, the community rule.
func (w *world) send(kind string, from, to int, denom string, amt math.Int) *step {
	fromAddr, toAddr := w.accounts[from].Address, w.accounts[to].Address
	msg := banktypes.NewMsgSend(fromAddr, toAddr, sdk.NewCoins(sdk.NewCoin(denom, amt)))
	s := &step{kind: kind, msg: msg, expect: either, why: "balance"}
	enough := w.balance(from, denom).GTE(amt)
	switch {
	case isCommunityToken(denom) && !ctTransferAllowed(w, fromAddr, toAddr, denom):
		s.expect, s.why = mustFail, names[to]+" is no member of "+denom+"'s community: it stays inside"
	case !w.hasAnyRole(from):
		s.expect, s.why = mustFail, names[from]+" holds no role"
	case enough && !isCommunityToken(denom):
		s.expect, s.why = mustPass, "a funded transfer of a free token"
	case enough:
		s.expect, s.why = mustPass, "a funded transfer between members of one community"
	}
	return s
}

// balance is who's balance of denom in the open block.
func (w *world) balance(who int, denom string) math.Int {
	return w.c.app.BankKeeper.GetBalance(w.c.ctx(), w.accounts[who].Address, denom).Amount
}

// holderOf is an account holding denom, most of the time, else anyone.
func (w *world) holderOf(denom string) int {
	start := w.anyone()
	for i := range numAccounts {
		who := (start + i) % numAccounts
		if w.balance(who, denom).IsPositive() && !w.chance(3) {
			return who
		}
	}
	return start
}

// someOf is an amount of who's denom: usually part of it, sometimes more
// than it holds.
func (w *world) someOf(who int, denom string) math.Int {
	bal := w.balance(who, denom)
	if !bal.IsPositive() || w.chance(8) {
		return bal.AddRaw(1 + int64(w.rng.Intn(1000)))
	}
	return math.NewInt(1 + w.rng.Int63n(bal.Int64()))
}
