package invariants_test

import (
	"cosmossdk.io/math"

	assetstypes "github.com/powershare/powershare/x/assets/types"
	beckntypes "github.com/powershare/powershare/x/beckn/types"
	markettypes "github.com/powershare/powershare/x/market/types"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// govSteps change module params mid-run as a passed proposal does
// (MsgUpdateParams from the gov module account, no permission check), and
// now and then with the wrong authority, which must be refused. Changes a
// module may refuse while commitments stand (slot_seconds, epoch_seconds;
// finding 11) are "either".
func govSteps() []generator {
	return []generator{
		{"gov/market-params", 1, func(w *world) *step {
			p, err := w.c.app.MarketKeeper.Params.Get(w.c.ctx())
			if err != nil {
				w.c.t.Fatal(err)
			}
			p.CollateralBps = uint32(pick(w, 500, 1_000, 2_000))
			p.GateClosureSeconds = uint64(pick(w, 60, 300, 600))
			p.MaxOpenOrders = uint32(pick(w, 5, 20))
			p.SettlementDeadlineSeconds = uint64(pick(w, 3_600, 86_400, 86_400))
			p.MaxAccountOpenOrders = uint32(pick(w, 20, 60))
			p.RetentionSeconds = uint64(pick(w, 86_400, 2*86_400, 400*86_400)) // short ones prune in the run
			slotChange := false
			if w.chance(4) {
				next := uint64(pick(w, 900, 1_800))
				slotChange, p.SlotSeconds = next != p.SlotSeconds, next
			}
			s := w.govStep("gov/market-params", &markettypes.MsgUpdateParams{Params: p}, admin)
			if s.expect == either && slotChange && w.marketCommitted() {
				s.expect, s.why = mustFail, "slot_seconds cannot change while orders rest or trades are unsettled (finding 11)"
			}
			if s.expect == either && !slotChange {
				s.expect, s.why = mustPass, "these params are safe at any time"
			}
			return s
		}},
		{"gov/assets-params", 1, func(w *world) *step {
			p, err := w.c.app.AssetsKeeper.Params.Get(w.c.ctx())
			if err != nil {
				w.c.t.Fatal(err)
			}
			p.CtCapPerEpoch = math.NewInt(int64(pick(w, 100_000_000, 1_000_000_000)))
			if w.chance(4) {
				p.EpochSeconds = uint64(pick(w, 86_400, 7*86_400))
			}
			return w.govStep("gov/assets-params", &assetstypes.MsgUpdateParams{Params: p}, admin)
		}},
		{"gov/beckn-params", 1, func(w *world) *step {
			p, err := w.c.app.BecknKeeper.Params.Get(w.c.ctx())
			if err != nil {
				w.c.t.Fatal(err)
			}
			p.DefaultKeyValiditySeconds = uint64(pick(w, 2*86_400, 30*86_400))
			return w.govStep("gov/beckn-params", &beckntypes.MsgUpdateParams{Params: p}, admin)
		}},
		{"gov/rbac-params", 1, func(w *world) *step {
			p, err := w.c.app.RBACKeeper.Params.Get(w.c.ctx())
			if err != nil {
				w.c.t.Fatal(err)
			}
			// x/rbac's params are also an ADMIN's (its README): the wrong
			// authority is someone else.
			s := w.govStep("gov/rbac-params", &rbactypes.MsgUpdateParams{Params: p}, alice)
			if w.chance(3) {
				s.msg.(*rbactypes.MsgUpdateParams).Authority = w.addr(admin)
				s.kind, s.gov, s.expect, s.why = "rbac/admin-params", false, mustPass, "an ADMIN updates x/rbac's params"
			}
			return s
		}},
	}
}

// govStep sends msg from the governance authority or, now and then, from
// wrong as authority, which the module must refuse.
func (w *world) govStep(kind string, msg interface{ Reset() }, wrong int) *step {
	authority := w.gov
	s := &step{kind: kind, gov: true, expect: either, why: "params a module may refuse while commitments stand"}
	if w.chance(6) {
		authority = w.addr(wrong)
		s.expect, s.why = mustFail, names[wrong]+" is not the params authority"
	}
	switch m := msg.(type) {
	case *markettypes.MsgUpdateParams:
		m.Authority, s.msg = authority, m
	case *assetstypes.MsgUpdateParams:
		m.Authority, s.msg = authority, m
	case *beckntypes.MsgUpdateParams:
		m.Authority, s.msg = authority, m
	case *rbactypes.MsgUpdateParams:
		m.Authority, s.msg = authority, m
	}
	return s
}

// marketCommitted: an order rests or a trade is unsettled, so x/market
// refuses a change of slot_seconds.
func (w *world) marketCommitted() bool {
	ctx := w.c.ctx()
	k := w.c.app.MarketKeeper
	committed := false
	if err := k.Orders.Walk(ctx, nil, func(uint64, markettypes.Order) (bool, error) {
		committed = true
		return true, nil
	}); err != nil {
		w.c.t.Fatal(err)
	}
	if err := k.Trades.Walk(ctx, nil, func(_ uint64, t markettypes.Trade) (bool, error) {
		committed = committed || !t.Settled
		return committed, nil
	}); err != nil {
		w.c.t.Fatal(err)
	}
	return committed
}
