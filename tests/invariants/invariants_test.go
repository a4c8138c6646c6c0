package invariants_test

import (
	"fmt"
	"sort"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	becknkeeper "github.com/powershare/powershare/x/beckn/keeper"
	beckntypes "github.com/powershare/powershare/x/beckn/types"
	markettypes "github.com/powershare/powershare/x/market/types"
)

// invariant is one property of the whole state; it returns what is wrong.
type invariant struct {
	name  string
	check func(w *world, ctx sdk.Context) error
}

// invariants are checked after every step, in this order.
var invariants = []invariant{
	{"supply", supplyInvariant},
	{"bank-balances-sum-to-supply", balancesInvariant},
	{"assets-totals", assetsTotalsInvariant},
	{"market-escrow", escrowInvariant},
	{"market-indexes", marketIndexInvariant},
	{"market-not-crossed", notCrossedInvariant},
	{"community-token-isolation", communityTokenInvariant},
	{"community-token-never-crosses", ctCrossInvariant},
	{"market-no-stuck-items", stuckItemsInvariant},
	{"beckn-references", becknInvariant},
	{"achievements-counters-equal-event-sums", achievementsCountersInvariant},
	{"achievements-badge-once", achievementsBadgesInvariant},
	{"achievements-pool-conservation", achievementsPoolInvariant},
}

// checkInvariants runs every invariant over the current state.
func (w *world) checkInvariants(step int, kind string) {
	w.c.t.Helper()
	ctx := w.c.ctx()
	for _, inv := range invariants {
		if err := inv.check(w, ctx); err != nil {
			w.c.t.Fatalf("step %d (%s): invariant %s broken: %v", step, kind, inv.name, err)
		}
	}
}

// supplyInvariant: the total supply of every denom is what the run started
// with plus what the mint and burn Msgs it delivered reported (attestation:
// EC and accrued CC; reward: CT; batch issue: CC; burn: CT or EC; retire:
// CC). Nothing else — transfers, matching, settlement, end blocks, export
// and import — may create or destroy a coin.
func supplyInvariant(w *world, ctx sdk.Context) error {
	got := map[string]math.Int{}
	w.c.app.BankKeeper.IterateTotalSupply(ctx, func(c sdk.Coin) bool {
		got[c.Denom] = c.Amount
		return false
	})
	for _, denom := range sortedKeys(w.supply, got) {
		want, ok := w.supply[denom]
		if !ok {
			want = math.ZeroInt()
		}
		have, ok := got[denom]
		if !ok {
			have = math.ZeroInt()
		}
		if !want.Equal(have) {
			return fmt.Errorf("%s supply is %s, the run minted and burned to %s", denom, have, want)
		}
	}
	return nil
}

// balancesInvariant: the balances of all accounts add up to the supply.
func balancesInvariant(w *world, ctx sdk.Context) error {
	sum := sdk.NewCoins()
	w.c.app.BankKeeper.IterateAllBalances(ctx, func(_ sdk.AccAddress, c sdk.Coin) bool {
		sum = sum.Add(c)
		return false
	})
	supply := sdk.NewCoins()
	w.c.app.BankKeeper.IterateTotalSupply(ctx, func(c sdk.Coin) bool {
		supply = supply.Add(c)
		return false
	})
	if !sum.Equal(supply) {
		return fmt.Errorf("balances add up to %s, supply is %s", sum, supply)
	}
	return nil
}

// assetsTotalsInvariant is x/assets' own accounting (its README's
// invariants): the token supplies follow from what was attested, rewarded,
// issued, retired and burned.
func assetsTotalsInvariant(w *world, ctx sdk.Context) error {
	t, err := w.c.app.AssetsKeeper.Totals.Get(ctx)
	if err != nil {
		return err
	}
	supply := func(denom string) math.Int { return w.c.app.BankKeeper.GetSupply(ctx, denom).Amount }
	switch {
	case !t.EcMinted.Sub(t.EcBurned).Equal(supply(uec)):
		return fmt.Errorf("uec supply %s, minted %s - burned %s", supply(uec), t.EcMinted, t.EcBurned)
	case !t.CcAccrued.Add(t.CcIssued).Equal(supply(ucc).Add(t.CcRetired)):
		return fmt.Errorf("ucc supply %s + retired %s, accrued %s + issued %s", supply(ucc), t.CcRetired, t.CcAccrued, t.CcIssued)
	}
	ct := supply("uct") // the retired bare uct: never minted, so 0
	for _, denom := range ctDenoms() {
		ct = ct.Add(supply(denom))
	}
	if !t.CtRewarded.Sub(t.CtBurned).Equal(ct) {
		return fmt.Errorf("uct/* supply %s, rewarded %s - burned %s", ct, t.CtRewarded, t.CtBurned)
	}
	return nil
}

// escrowInvariant: the market module account holds exactly the open
// escrow: every resting order's payment or collateral and EC, and every
// unsettled trade's payment, collateral and EC.
func escrowInvariant(w *world, ctx sdk.Context) error {
	k := w.c.app.MarketKeeper
	upwcOwed, uecOwed := math.ZeroInt(), math.ZeroInt()
	err := k.Orders.Walk(ctx, nil, func(_ uint64, o markettypes.Order) (bool, error) {
		upwcOwed = upwcOwed.Add(o.EscrowUpwc).Add(o.CollateralUpwc)
		uecOwed = uecOwed.Add(o.EscrowUec)
		return false, nil
	})
	if err != nil {
		return err
	}
	err = k.Trades.Walk(ctx, nil, func(_ uint64, t markettypes.Trade) (bool, error) {
		if !t.Settled {
			upwcOwed = upwcOwed.Add(t.PaymentUpwc).Add(t.CollateralUpwc)
			uecOwed = uecOwed.Add(t.EcUec)
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	held := w.c.app.BankKeeper.GetAllBalances(ctx, marketAddr())
	want := sdk.NewCoins(sdk.NewCoin(upwc, upwcOwed), sdk.NewCoin(uec, uecOwed))
	if !held.Equal(want) {
		return fmt.Errorf("the market account holds %s, open escrow is %s", held, want)
	}
	return nil
}

// marketIndexInvariant: no queue or index entry points to a missing record.
// Every resting order (one with remaining quantity) is in the gate queue;
// every gate-queue entry is a stored order; every deadline-queue entry an
// unsettled trade; every trade-by-party entry a trade of that party.
func marketIndexInvariant(w *world, ctx sdk.Context) error {
	k := w.c.app.MarketKeeper
	err := k.GateQueue.Walk(ctx, nil, func(key collections.Pair[int64, uint64]) (bool, error) {
		o, err := k.Orders.Get(ctx, key.K2())
		if err != nil {
			return true, fmt.Errorf("gate queue entry (%d, %d): %w", key.K1(), key.K2(), err)
		}
		if o.GateClosure.Unix() != key.K1() {
			return true, fmt.Errorf("order %d queued for gate %d, its gate closes at %s", o.Id, key.K1(), o.GateClosure)
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	err = k.Orders.Walk(ctx, nil, func(id uint64, o markettypes.Order) (bool, error) {
		has, err := k.GateQueue.Has(ctx, collections.Join(o.GateClosure.Unix(), id))
		if err == nil && !has {
			err = fmt.Errorf("order %d rests but is not queued for its gate closure", id)
		}
		return err != nil, err
	})
	if err != nil {
		return err
	}
	err = k.DeadlineQueue.Walk(ctx, nil, func(key collections.Pair[int64, uint64]) (bool, error) {
		t, err := k.Trades.Get(ctx, key.K2())
		if err != nil {
			return true, fmt.Errorf("deadline queue entry (%d, %d): %w", key.K1(), key.K2(), err)
		}
		if t.Settled {
			return true, fmt.Errorf("settled trade %d is still queued for its deadline", t.Id)
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	err = k.Trades.Walk(ctx, nil, func(id uint64, t markettypes.Trade) (bool, error) {
		if t.Settled {
			return false, nil
		}
		has, err := k.DeadlineQueue.Has(ctx, collections.Join(t.SettleDeadline.Unix(), id))
		if err == nil && !has {
			err = fmt.Errorf("unsettled trade %d is not queued for its deadline %s", id, t.SettleDeadline)
		}
		return err != nil, err
	})
	if err != nil {
		return err
	}
	return k.TradesByParty.Walk(ctx, nil, func(key collections.Pair[sdk.AccAddress, uint64]) (bool, error) {
		t, err := k.Trades.Get(ctx, key.K2())
		if err != nil {
			return true, fmt.Errorf("trade-by-party entry (%s, %d): %w", key.K1(), key.K2(), err)
		}
		if party := key.K1().String(); party != t.Buyer && party != t.Seller {
			return true, fmt.Errorf("trade %d listed under %s, who is neither party", t.Id, party)
		}
		return false, nil
	})
}

// notCrossedInvariant: no resting buy could trade with a resting sell of
// another owner in its market (the book is never left crossed).
func notCrossedInvariant(w *world, ctx sdk.Context) error {
	type market struct {
		zone string
		slot int64
	}
	books := map[market][]markettypes.Order{}
	var keys []market
	err := w.c.app.MarketKeeper.Orders.Walk(ctx, nil, func(_ uint64, o markettypes.Order) (bool, error) {
		m := market{o.Zone, o.SlotStart.Unix()}
		if _, ok := books[m]; !ok {
			keys = append(keys, m)
		}
		books[m] = append(books[m], o)
		return false, nil
	})
	if err != nil {
		return err
	}
	for _, m := range keys {
		for _, b := range books[m] {
			if b.Side != markettypes.Side_BUY {
				continue
			}
			for _, s := range books[m] {
				if s.Side != markettypes.Side_SELL || s.Price > b.Price || (b.MinRenewablePct > 0 && !s.Renewable) || s.Owner == b.Owner {
					continue
				}
				return fmt.Errorf("buy %d at %d and sell %d at %d rest crossed in %s at %d", b.Id, b.Price, s.Id, s.Price, m.zone, m.slot)
			}
		}
	}
	return nil
}

// communityTokenInvariant: no account holds a community's tokens unless it
// is or was a member of that community (ct_rule_test.go), and no module
// account holds any (rewards are minted to members, burns burn at once).
func communityTokenInvariant(w *world, ctx sdk.Context) error {
	var err error
	w.c.app.BankKeeper.IterateAllBalances(ctx, func(addr sdk.AccAddress, c sdk.Coin) bool {
		if !isCommunityToken(c.Denom) || c.IsZero() {
			return false
		}
		if !ctHolderAllowed(w, addr.String(), c.Denom) {
			err = fmt.Errorf("%s holds %s but was never a member of its community", w.name(addr), c)
			return true
		}
		return false
	})
	return err
}

// ctCrossInvariant (finding 3 of issue 11): no account that was only ever
// in other communities holds uct/A: bob (in 1 and 2) cannot carry
// community 1's points to carol or dave (only in 2), nor erin's community's
// to anyone outside it. It names the communities the holder is in.
func ctCrossInvariant(w *world, ctx sdk.Context) error {
	var err error
	w.c.app.BankKeeper.IterateAllBalances(ctx, func(addr sdk.AccAddress, c sdk.Coin) bool {
		if c.IsZero() || !isCommunityToken(c.Denom) {
			return false
		}
		if c.Denom == "uct" {
			err = fmt.Errorf("%s holds %s, the retired bare Community Token denom", w.name(addr), c)
			return true
		}
		a := tokenCommunities(c.Denom)
		if len(a) != 1 {
			err = fmt.Errorf("%s holds %s, not the denom of a community", w.name(addr), c)
			return true
		}
		if w.everMember[addr.String()][a[0]] {
			return false
		}
		var others []uint64
		for _, cm := range communities {
			if w.everMember[addr.String()][cm.id] {
				others = append(others, cm.id)
			}
		}
		err = fmt.Errorf("%s, a member of communities %v only, holds %s of community %d", w.name(addr), others, c, a[0])
		return true
	})
	return err
}

// stuckItemsInvariant: no EndBlocker item of x/market failed for good. A
// failing item is retried and then recorded as stuck (findings 5 and 7);
// in a run of valid state none may fail.
func stuckItemsInvariant(w *world, ctx sdk.Context) error {
	var err error
	walkErr := w.c.app.MarketKeeper.StuckItems.Walk(ctx, nil, func(_ collections.Pair[string, uint64], it markettypes.StuckItem) (bool, error) {
		err = fmt.Errorf("stuck EndBlocker item: %v", it)
		return true, nil
	})
	if walkErr != nil {
		return walkErr
	}
	if err != nil {
		return err
	}
	return w.c.app.MarketKeeper.QueueAttempts.Walk(ctx, nil, func(key collections.Pair[string, uint64], n uint32) (bool, error) {
		return true, fmt.Errorf("EndBlocker item %s %d failed %d times", key.K1(), key.K2(), n)
	})
}

// becknInvariant: every anchored order settling on chain points to its
// x/market trade, whose external reference names it, and every
// participant's current (and previous) key set exists.
func becknInvariant(w *world, ctx sdk.Context) error {
	k := w.c.app.BecknKeeper
	err := k.Orders.Walk(ctx, nil, func(_ becknkeeper.OrderKey, o beckntypes.AnchoredOrder) (bool, error) {
		if o.TradeId == 0 {
			return false, nil
		}
		t, err := w.c.app.MarketKeeper.Trades.Get(ctx, o.TradeId)
		if err != nil && w.c.pruned[o.TradeId] {
			return false, nil // settled and pruned after retention_seconds
		}
		if err != nil {
			return true, fmt.Errorf("order %s points to trade %d: %w", o.Anchor.OrderId, o.TradeId, err)
		}
		if t.ExternalRef != "beckn:"+o.Anchor.OrderId {
			return true, fmt.Errorf("order %s points to trade %d of %q", o.Anchor.OrderId, t.Id, t.ExternalRef)
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	return k.Participants.Walk(ctx, nil, func(id string, p beckntypes.Participant) (bool, error) {
		for _, keyID := range []string{p.KeyId, p.PreviousKeyId} {
			if keyID == "" {
				continue
			}
			has, err := k.Keys.Has(ctx, collections.Join(id, keyID))
			if err != nil {
				return true, fmt.Errorf("participant %s names key %q: %w", id, keyID, err)
			}
			if !has {
				return true, fmt.Errorf("participant %s names key %q, which is not stored", id, keyID)
			}
		}
		return false, nil
	})
}

// name is the cast name of addr, or addr.
func (w *world) name(addr sdk.AccAddress) string {
	for i, a := range w.accounts {
		if a.Address.Equals(addr) {
			return names[i]
		}
	}
	return addr.String()
}

func sortedKeys(maps ...map[string]math.Int) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range maps {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out
}

// marketAddr is the market module account, which holds all escrow.
func marketAddr() sdk.AccAddress { return authtypes.NewModuleAddress(markettypes.ModuleName) }
