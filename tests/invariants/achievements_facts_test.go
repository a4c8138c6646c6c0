package invariants_test

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"cosmossdk.io/collections"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cosmos/gogoproto/proto"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	achievementstypes "github.com/powershare/powershare/x/achievements/types"
	assetstypes "github.com/powershare/powershare/x/assets/types"
	markettypes "github.com/powershare/powershare/x/market/types"
)

// facts are the sums x/achievements' counters must equal, taken from the
// events of the chain facts themselves (settled trades, attestations,
// retirements), in Msgs and end blocks alike. They are shared with the
// chain imported from this one, as the counters are.
type facts struct {
	progress map[string]*achievementstypes.Progress
}

func newFacts() *facts { return &facts{progress: map[string]*achievementstypes.Progress{}} }

func (f *facts) clone() *facts {
	out := newFacts()
	for addr, p := range f.progress {
		cp := *p
		out.progress[addr] = &cp
	}
	return out
}

func (f *facts) of(addr string) *achievementstypes.Progress {
	p, ok := f.progress[addr]
	if !ok {
		p = &achievementstypes.Progress{Address: addr}
		f.progress[addr] = p
	}
	return p
}

var (
	tradeSettled = proto.MessageName(&markettypes.EventTradeSettled{})
	attested     = proto.MessageName(&assetstypes.EventProductionAttested{})
	retired      = proto.MessageName(&assetstypes.EventRetired{})
)

// note adds what events report.
func (f *facts) note(events []abci.Event) error {
	for _, ev := range events {
		if ev.Type != tradeSettled && ev.Type != attested && ev.Type != retired {
			continue
		}
		// baseapp adds a "mode" attribute (not JSON) to end-block events.
		ev.Attributes = slices.DeleteFunc(slices.Clone(ev.Attributes), func(a abci.EventAttribute) bool {
			return a.Key == "mode" || a.Key == "msg_index"
		})
		typed, err := sdk.ParseTypedEvent(ev)
		if err != nil {
			return err
		}
		switch e := typed.(type) {
		case *markettypes.EventTradeSettled:
			t := e.Trade
			delivered := min(t.DeliveredWh, t.QuantityWh)
			seller, buyer := f.of(t.Seller), f.of(t.Buyer)
			seller.EnergySoldWh += delivered
			seller.ContractedSoldWh += t.QuantityWh
			buyer.EnergyBoughtWh += delivered
			if delivered > 0 {
				seller.TradesSettled++
				buyer.TradesSettled++
			}
		case *assetstypes.EventProductionAttested:
			if e.Attestation.EcMinted.IsPositive() {
				f.of(e.Owner).RenewableProducedWh += e.Attestation.EnergyWh
			}
		case *assetstypes.EventRetired:
			f.of(e.Certificate.Owner).CarbonRetiredG += e.Certificate.Amount.Uint64()
		}
	}
	return nil
}

// achievementsCountersInvariant: every account's additive counters equal
// the sums of the settled trades, attestations and retirements the chain
// reported, and no account the chain never reported has counters.
func achievementsCountersInvariant(w *world, ctx sdk.Context) error {
	k := w.c.app.AchievementsKeeper
	iter, err := k.Progress.Iterate(ctx, nil)
	if err != nil {
		return err
	}
	stored, err := iter.Values()
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, p := range stored {
		seen[p.Address] = true
		want := w.c.facts.of(p.Address)
		got := achievementstypes.Progress{
			Address: p.Address, EnergySoldWh: p.EnergySoldWh, EnergyBoughtWh: p.EnergyBoughtWh,
			RenewableProducedWh: p.RenewableProducedWh, TradesSettled: p.TradesSettled,
			CarbonRetiredG: p.CarbonRetiredG, ContractedSoldWh: p.ContractedSoldWh,
		}
		if got != *want {
			return fmt.Errorf("counters of %s are %+v, the chain's events sum to %+v", p.Address, got, *want)
		}
	}
	for _, addr := range slices.Sorted(maps.Keys(w.c.facts.progress)) {
		p := w.c.facts.progress[addr]
		if !seen[addr] && (p.EnergySoldWh|p.EnergyBoughtWh|p.RenewableProducedWh|p.TradesSettled|p.CarbonRetiredG|p.ContractedSoldWh) != 0 {
			return fmt.Errorf("%s has events summing to %+v but no counters", addr, *p)
		}
	}
	return nil
}

// achievementsBadgesInvariant: each earned achievement has exactly one
// badge, of its class and for it; no account holds two badges of one
// achievement; every earned achievement's metric reached its threshold.
func achievementsBadgesInvariant(w *world, ctx sdk.Context) error {
	k := w.c.app.AchievementsKeeper
	nfts, err := moduleValues(ctx, k.NFTs.Iterate)
	if err != nil {
		return err
	}
	badges := map[string]int{}
	for _, n := range nfts {
		if n.Data.AchievementId != "" {
			badges[n.Owner+"/"+n.Data.AchievementId]++
		}
	}
	for key, n := range badges {
		if n != 1 {
			return fmt.Errorf("%s holds %d badges of one achievement", key, n)
		}
	}
	earned, err := moduleValues(ctx, k.Earned.Iterate)
	if err != nil {
		return err
	}
	if len(earned) != len(badges) {
		return fmt.Errorf("%d achievements earned, %d achievement badges minted", len(earned), len(badges))
	}
	for _, e := range earned {
		n, err := k.GetNFT(ctx, e.ClassId, e.TokenId)
		if err != nil {
			return fmt.Errorf("earned %s/%s: %w", e.Address, e.AchievementId, err)
		}
		if n.Data.AchievementId != e.AchievementId || n.Owner != e.Address {
			return fmt.Errorf("earned %s/%s points at %s/%s of %s for %s", e.Address, e.AchievementId, e.ClassId, e.TokenId, n.Owner, n.Data.AchievementId)
		}
		def, err := k.Achievements.Get(ctx, e.AchievementId)
		if err != nil {
			return err
		}
		if n.Data.Value < def.Threshold {
			return fmt.Errorf("%s earned %s at %d, below its threshold %d", e.Address, def.Id, n.Data.Value, def.Threshold)
		}
	}
	return nil
}

// achievementsPoolInvariant: the module account holds exactly the reward
// pool plus the challenges' escrow: rewards and payouts neither create
// nor lose a coin.
func achievementsPoolInvariant(w *world, ctx sdk.Context) error {
	k := w.c.app.AchievementsKeeper
	pool, err := k.RewardPool.Get(ctx)
	if err != nil {
		return err
	}
	challenges, err := moduleValues(ctx, k.Challenges.Iterate)
	if err != nil {
		return err
	}
	want := pool
	for _, c := range challenges {
		want = want.Add(c.Escrow)
	}
	have := w.c.app.BankKeeper.GetBalance(ctx, authtypes.NewModuleAddress(achievementstypes.ModuleName), k.RewardDenom())
	if !have.Amount.Equal(want) {
		return fmt.Errorf("the achievements account holds %s, the pool and escrows %s", have, want)
	}
	return nil
}

// moduleValues lists a collection's values through its Iterate.
func moduleValues[K, V any](ctx sdk.Context, iterate func(context.Context, collections.Ranger[K]) (collections.Iterator[K, V], error)) ([]V, error) {
	iter, err := iterate(ctx, nil)
	if err != nil {
		return nil, err
	}
	return iter.Values()
}
