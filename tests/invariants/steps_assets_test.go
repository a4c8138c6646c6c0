package invariants_test

import (
	"fmt"
	"slices"
	"time"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	assetstypes "github.com/powershare/powershare/x/assets/types"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// readingPeriod is the length of one attested reading.
const readingPeriod = 15 * time.Minute

// owners are the cast who own meters, with their community.
var owners = []struct {
	who       int
	community uint64
}{{alice, 1}, {bob, 1}, {bob, 2}, {carol, 2}, {dave, 2}, {erin, 3}}

// assetsSteps register meters and attest their production (minting Energy
// and Carbon Credits), reward community members with Community Tokens,
// burn tokens, and issue and retire Carbon Credit batches.
func assetsSteps() []generator {
	return []generator{
		{"assets/register-meter", 2, func(w *world) *step {
			if len(w.meters)+len(w.proposed) >= 12 && !w.chance(10) {
				return nil
			}
			o := pick(w, owners...)
			for i := 0; i < len(owners) && !w.mayTrade(o.who) && !w.chance(4); i++ {
				o = pick(w, owners...) // mostly an owner who may trade, so that it consents and sells
			}
			signer := pick(w, gridop, gridop, gridop, alice)
			kind := pick(w, assetstypes.MeterKind_SOLAR, assetstypes.MeterKind_WIND, assetstypes.MeterKind_GRID)
			m := &meter{
				id: w.nextID("meter"), owner: o.who, community: o.community, zone: communities[o.community-1].zone,
				renewable: kind != assetstypes.MeterKind_GRID, capacityW: uint64(1_000 + w.rng.Intn(50_000)),
			}
			over := w.chance(10)
			if over { // above its kind's max_capacity_w (finding 10)
				m.capacityW = w.maxCapacityW(kind) + 1 + uint64(w.rng.Intn(1_000_000))
			}
			msg := &assetstypes.MsgRegisterMeter{
				Signer: w.addr(signer), MeterId: m.id, Owner: w.addr(o.who), Kind: kind, CapacityW: m.capacityW,
				CommunityId: o.community, Zone: m.zone,
			}
			s := &step{kind: "assets/register-meter", msg: msg, expect: mustPass,
				why: "a grid operator proposes a new meter for its owner"}
			switch {
			case signer != gridop:
				s.expect, s.why = mustFail, "only a GRID_OPERATOR registers meters"
			case over:
				s.expect, s.why = mustFail, "capacity above its kind's max_capacity_w"
			}
			// For another owner it is a proposal: the meter exists once the
			// owner accepts it (assets/accept-meter).
			s.onOK = func(w *world, _ *sdk.Result) { w.proposed = append(w.proposed, m) }
			return s
		}},
		{"assets/accept-meter", 2, func(w *world) *step {
			ctx := w.c.ctx()
			var pending []string
			for _, id := range w.proposalIDs() {
				if has, _ := w.c.app.AssetsKeeper.MeterProposals.Has(ctx, id); has {
					pending = append(pending, id)
				}
			}
			if len(pending) == 0 {
				return nil
			}
			id := pick(w, pending...)
			p, err := w.c.app.AssetsKeeper.MeterProposals.Get(ctx, id)
			if err != nil {
				w.c.t.Fatal(err)
			}
			// The owners concerned who have not consented yet.
			var due []string
			if !p.NewOwnerAccepted {
				due = append(due, p.Meter.Owner)
			}
			if p.PreviousOwner != "" && !p.PreviousOwnerAccepted {
				due = append(due, p.PreviousOwner)
			}
			signer := w.addr(pick(w, members...))
			if len(due) > 0 && !w.chance(6) {
				signer = pick(w, due...)
			}
			s := &step{kind: "assets/accept-meter", msg: &assetstypes.MsgAcceptMeter{Signer: signer, MeterId: id},
				expect: either, why: "an owner concerned consents; it needs a role"}
			signerAcc, _ := sdk.AccAddressFromBech32(signer)
			concerned := signer == p.Meter.Owner || (p.PreviousOwner != "" && signer == p.PreviousOwner)
			switch {
			case !concerned:
				s.expect, s.why = mustFail, w.name(signerAcc)+" is no owner concerned by the proposal of "+id
			case slices.Contains(due, signer) && w.hasAnyRoleAddr(signerAcc):
				s.expect, s.why = mustPass, "an owner concerned consents"
			case !slices.Contains(due, signer):
				s.expect, s.why = mustFail, "already consented"
			}
			s.onOK = func(w *world, _ *sdk.Result) { w.syncMeter(id) }
			return s
		}},
		{"assets/transfer-meter", 1, func(w *world) *step {
			if len(w.meters) == 0 {
				return nil
			}
			m := pick(w, w.meters...)
			var to []int
			for _, o := range owners {
				if o.community == m.community && o.who != m.owner {
					to = append(to, o.who)
				}
			}
			if len(to) == 0 {
				return nil
			}
			newOwner := pick(w, to...)
			signer := pick(w, gridop, gridop, alice)
			msg := &assetstypes.MsgUpdateMeter{Signer: w.addr(signer), MeterId: m.id, NewOwner: w.addr(newOwner)}
			s := &step{kind: "assets/transfer-meter", msg: msg, expect: mustPass,
				why: "a grid operator proposes a new owner; both owners must consent"}
			if signer != gridop {
				s.expect, s.why = mustFail, "only a GRID_OPERATOR proposes a meter's new owner"
			}
			s.onOK = func(w *world, _ *sdk.Result) {
				if !slices.Contains(w.proposalIDs(), m.id) {
					w.proposed = append(w.proposed, &meter{id: m.id})
				}
				// Until both consent, the meter stays its owner's.
				if got := w.meterOwner(m.id); got != m.owner {
					w.c.t.Fatalf("meter %s changed owner to %s on a mere proposal", m.id, names[got])
				}
			}
			return s
		}},
		{"assets/attest", 4, func(w *world) *step {
			if len(w.meters) == 0 {
				return nil
			}
			m := pick(w, w.meters...)
			start := m.attested
			end := start.Add(readingPeriod)
			if end.After(w.now()) {
				return nil
			}
			maxWh := m.capacityW * uint64(readingPeriod/time.Second) / 3600
			wh := uint64(1 + w.rng.Int63n(int64(maxWh)))
			over := w.chance(10)
			if over {
				wh = maxWh + 1 + uint64(w.rng.Intn(1000))
			}
			signer := gridop
			if w.chance(10) {
				signer = pick(w, alice, manager1, relayBPP)
			}
			msg := &assetstypes.MsgAttestProduction{Signer: w.addr(signer), Readings: []assetstypes.Reading{{
				MeterId: m.id, Start: start, End: end, EnergyWh: wh,
			}}}
			s := &step{kind: "assets/attest", msg: msg, expect: mustPass, why: "the meter's next period, within capacity"}
			switch {
			case signer != gridop:
				s.expect, s.why = mustFail, "only a GRID_OPERATOR attests"
			case over:
				s.expect, s.why = mustFail, "more than the meter's capacity can produce"
			}
			s.onOK = func(w *world, res *sdk.Result) {
				m.attested = end
				r := response(res, &assetstypes.MsgAttestProductionResponse{})
				want := math.ZeroInt()
				if m.renewable {
					want = math.NewIntFromUint64(wh * assetstypes.WhToUec)
				}
				if !r.EcMinted.Equal(want) {
					w.c.t.Fatalf("meter %s attested %d Wh (renewable %v) and minted %s uec, want %s", m.id, wh, m.renewable, r.EcMinted, want)
				}
				w.addSupply(uec, r.EcMinted)
				if r.CcAccrued.IsNegative() {
					w.c.t.Fatalf("negative Carbon Credit accrual %s", r.CcAccrued)
				}
				w.addSupply(ucc, r.CcAccrued)
			}
			return s
		}},
		{"assets/reward", 3, func(w *world) *step {
			c := pick(w, communities...)
			denom := uct(c.id)
			signer := pick(w, manager1, manager2, alice)
			if c.id <= 2 && !w.chance(4) { // mostly the community's manager (3 has none)
				signer = []int{manager1, manager2}[c.id-1]
			}
			who := pick(w, members...)
			if now := w.membersNow(c.id); len(now) > 0 && !w.chance(4) {
				who = pick(w, now...)
			}
			amt := math.NewInt(int64(1 + w.rng.Intn(50_000_000)))
			msg := &assetstypes.MsgRewardMembers{Signer: w.addr(signer), CommunityId: c.id, Reason: "random",
				Rewards: []assetstypes.Payout{{Address: w.addr(who), Amount: amt}}}
			s := &step{kind: "assets/reward", msg: msg, expect: either, why: "within the epoch cap"}
			switch {
			case !roleHolder(w, w.accounts[signer].Address, rbactypes.Role_COMMUNITY_MANAGER, c.id):
				s.expect, s.why = mustFail, fmt.Sprintf("%s does not manage community %d", names[signer], c.id)
			case !isMemberNow(w, w.c.ctx(), w.accounts[who].Address, c.id):
				s.expect, s.why = mustFail, fmt.Sprintf("%s is not a member of community %d", names[who], c.id)
			}
			s.onOK = func(w *world, _ *sdk.Result) { w.addSupply(denom, amt) }
			return s
		}},
		{"assets/burn", 1, func(w *world) *step {
			denom := pick(w, uec, pick(w, ctDenoms()...))
			who := w.holderOf(denom)
			amt := w.someOf(who, denom)
			msg := &assetstypes.MsgBurn{Owner: w.addr(who), Amount: sdk.NewCoin(denom, amt).String()}
			s := &step{kind: "assets/burn", msg: msg, expect: either, why: "the owner's own tokens"}
			if w.balance(who, denom).LT(amt) || !w.hasAnyRole(who) {
				s.expect, s.why = mustFail, "more than held, or no role"
			}
			if w.chance(20) { // the retired bare uct (finding 3)
				msg.Amount, s.expect, s.why = amt.String()+"uct", mustFail, "uct is no Community Token denom"
			}
			s.onOK = func(w *world, _ *sdk.Result) { w.addSupply(denom, amt.Neg()) }
			return s
		}},
		{"assets/approve-issuer", 1, func(w *world) *step {
			signer := pick(w, regulator, regulator, admin)
			msg := &assetstypes.MsgApproveIssuer{Signer: w.addr(signer), Issuer: w.addr(issuer)}
			s := &step{kind: "assets/approve-issuer", msg: msg, expect: either, why: "a regulator approves"}
			if signer != regulator {
				s.expect, s.why = mustFail, "only a REGULATOR approves issuers"
			}
			return s
		}},
		{"assets/create-batch", 1, func(w *world) *step {
			now := w.now()
			msg := &assetstypes.MsgCreateBatch{Signer: w.addr(pick(w, issuer, issuer, alice)), ProjectId: w.nextID("project"),
				VintageStart: now.Add(-30 * 24 * time.Hour), VintageEnd: now.Add(-24 * time.Hour),
				Methodology: "VM0042", Jurisdiction: "DE"}
			s := &step{kind: "assets/create-batch", msg: msg, expect: either, why: "needs an approved issuer"}
			s.onOK = func(w *world, res *sdk.Result) {
				w.batches = append(w.batches, response(res, &assetstypes.MsgCreateBatchResponse{}).BatchId)
			}
			return s
		}},
		{"assets/issue-batch", 1, func(w *world) *step {
			if len(w.batches) == 0 {
				return nil
			}
			id := pick(w, w.batches...)
			to := w.anyone()
			amt := math.NewInt(int64(1 + w.rng.Intn(10_000_000)))
			msg := &assetstypes.MsgIssueBatch{Signer: w.addr(pick(w, issuer, issuer, bob)), BatchId: id,
				Recipients: []assetstypes.Payout{{Address: w.addr(to), Amount: amt}}}
			s := &step{kind: "assets/issue-batch", msg: msg, expect: either, why: "once per batch, by its issuer"}
			s.onOK = func(w *world, _ *sdk.Result) { w.addSupply(ucc, amt) }
			return s
		}},
		{"assets/retire", 2, func(w *world) *step {
			who := w.holderOf(ucc)
			amt := w.someOf(who, ucc)
			msg := &assetstypes.MsgRetire{Owner: w.addr(who), Amount: amt, Beneficiary: "random", Jurisdiction: "DE", Reason: "test"}
			s := &step{kind: "assets/retire", msg: msg, expect: either, why: "the owner's own credits"}
			if w.balance(who, ucc).LT(amt) {
				s.expect, s.why = mustFail, "more than held"
			}
			s.onOK = func(w *world, _ *sdk.Result) { w.addSupply(ucc, amt.Neg()) }
			return s
		}},
	}
}

// maxCapacityW is the max_capacity_w of kind in force.
func (w *world) maxCapacityW(kind assetstypes.MeterKind) uint64 {
	p, err := w.c.app.AssetsKeeper.Params.Get(w.c.ctx())
	if err != nil {
		w.c.t.Fatal(err)
	}
	for _, k := range p.MaxCapacityW {
		if k.Kind == kind {
			return k.MaxCapacityW
		}
	}
	w.c.t.Fatalf("no max_capacity_w for %s", kind)
	return 0
}

// proposalIDs are the ids of the meters the run proposed (registrations
// and transfers), whether or not still pending.
func (w *world) proposalIDs() []string {
	ids := make([]string, len(w.proposed))
	for i, m := range w.proposed {
		ids[i] = m.id
	}
	return ids
}

// meterOwner is the cast index of the meter's owner on chain, -1 if none.
func (w *world) meterOwner(id string) int {
	m, err := w.c.app.AssetsKeeper.Meters.Get(w.c.ctx(), id)
	if err != nil {
		return -1
	}
	for i, a := range w.accounts {
		if a.Address.String() == m.Owner {
			return i
		}
	}
	return -1
}

// syncMeter follows an accepted proposal: a registration becomes a meter of
// the run (attested from now), a transfer changes the meter's owner.
func (w *world) syncMeter(id string) {
	owner := w.meterOwner(id)
	if owner < 0 {
		return // consents still missing
	}
	for _, m := range w.meters {
		if m.id == id {
			m.owner = owner
			return
		}
	}
	for _, m := range w.proposed {
		if m.id == id && m.capacityW > 0 {
			m.owner, m.attested = owner, w.now()
			w.meters = append(w.meters, m)
			return
		}
	}
}

// hasAnyRoleAddr: addr holds some role now.
func (w *world) hasAnyRoleAddr(addr sdk.AccAddress) bool {
	roles, err := w.c.app.RBACKeeper.ActiveRoles(w.c.ctx(), addr)
	if err != nil {
		w.c.t.Fatal(err)
	}
	return len(roles) > 0
}

// membersNow are the members (of the run's members) of community now.
func (w *world) membersNow(community uint64) []int {
	var out []int
	ctx := w.c.ctx()
	for _, m := range members {
		if isMemberNow(w, ctx, w.accounts[m].Address, community) {
			out = append(out, m)
		}
	}
	return out
}
