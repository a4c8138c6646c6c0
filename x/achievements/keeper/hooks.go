package keeper

import (
	"context"
	"fmt"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/achievements/types"
	assetstypes "github.com/powershare/powershare/x/assets/types"
	markettypes "github.com/powershare/powershare/x/market/types"
)

var (
	_ markettypes.Hooks = MarketHooks{}
	_ assetstypes.Hooks = AssetsHooks{}
)

// MarketHooks feeds settled trades into the counters.
type MarketHooks struct{ k Keeper }

// AssetsHooks feeds attested production and retired carbon into the counters.
type AssetsHooks struct{ k Keeper }

// MarketHooks returns the consumer of x/market's hooks.
func (k Keeper) MarketHooks() MarketHooks { return MarketHooks{k} }

// AssetsHooks returns the consumer of x/assets' hooks.
func (k Keeper) AssetsHooks() AssetsHooks { return AssetsHooks{k} }

// AfterTradeSettled counts a settled trade. The seller's energy sold and
// the buyer's energy bought are the delivered Wh; the seller's efficiency
// denominator grows by the traded Wh whatever was delivered. A trade with
// energy delivered also counts as a settled trade for both, makes both
// active that UTC day and introduces them as counterparties; an
// undelivered one does none of that.
func (h MarketHooks) AfterTradeSettled(ctx context.Context, t markettypes.Trade) error {
	k := h.k
	seller, err := k.parseAddress("seller", t.Seller)
	if err != nil {
		return err
	}
	buyer, err := k.parseAddress("buyer", t.Buyer)
	if err != nil {
		return err
	}
	delivered := min(t.DeliveredWh, t.QuantityWh)
	traded := delivered > 0
	newPair := false
	if traded && !seller.Equals(buyer) {
		has, err := k.Counterparties.Has(ctx, collections.Join(seller, buyer))
		if err != nil {
			return err
		}
		if !has {
			newPair = true
			if err := k.Counterparties.Set(ctx, collections.Join(seller, buyer)); err != nil {
				return err
			}
			if err := k.Counterparties.Set(ctx, collections.Join(buyer, seller)); err != nil {
				return err
			}
		}
	}
	evidence := fmt.Sprintf("trade %d", t.Id)
	tradeCounts := func(p *types.Progress) (err error) {
		if traded {
			if p.TradesSettled, err = types.AddUint64(p.TradesSettled, 1, "trades settled"); err != nil {
				return err
			}
		}
		if newPair {
			p.DistinctCounterparties, err = types.AddUint64(p.DistinctCounterparties, 1, "distinct counterparties")
		}
		return err
	}
	err = k.record(ctx, seller, evidence, traded, func(p *types.Progress) (err error) {
		if p.EnergySoldWh, err = types.AddUint64(p.EnergySoldWh, delivered, "energy sold"); err != nil {
			return err
		}
		if p.ContractedSoldWh, err = types.AddUint64(p.ContractedSoldWh, t.QuantityWh, "energy contracted"); err != nil {
			return err
		}
		return tradeCounts(p)
	})
	if err != nil {
		return err
	}
	return k.record(ctx, buyer, evidence, traded, func(p *types.Progress) (err error) {
		if p.EnergyBoughtWh, err = types.AddUint64(p.EnergyBoughtWh, delivered, "energy bought"); err != nil {
			return err
		}
		return tradeCounts(p)
	})
}

// AfterProductionAttested counts attested production: renewable Wh (an
// attestation that minted Energy Credits) for the meter's owner, and the
// UTC day as active for any attestation.
func (h AssetsHooks) AfterProductionAttested(ctx context.Context, a assetstypes.Attestation, owner sdk.AccAddress) error {
	renewable := !a.EcMinted.IsNil() && a.EcMinted.IsPositive()
	evidence := fmt.Sprintf("attestation of meter %s from %s", a.MeterId, a.Start.UTC().Format("2006-01-02T15:04Z"))
	return h.k.record(ctx, owner, evidence, true, func(p *types.Progress) (err error) {
		if renewable {
			p.RenewableProducedWh, err = types.AddUint64(p.RenewableProducedWh, a.EnergyWh, "renewable produced")
		}
		return err
	})
}

// AfterCarbonRetired counts retired Carbon Credits (1 ucc = 1 gCO2e).
// Retiring is not activity for streaks: those count trading and producing.
func (h AssetsHooks) AfterCarbonRetired(ctx context.Context, c assetstypes.Certificate) error {
	owner, err := h.k.parseAddress("owner", c.Owner)
	if err != nil {
		return err
	}
	if c.Amount.IsNil() || c.Amount.IsNegative() || !c.Amount.IsUint64() {
		return types.ErrOverflow.Wrapf("certificate %d: amount %s is not a counter value", c.Id, c.Amount)
	}
	grams := c.Amount.Uint64()
	return h.k.record(ctx, owner, fmt.Sprintf("certificate %d", c.Id), false, func(p *types.Progress) (err error) {
		p.CarbonRetiredG, err = types.AddUint64(p.CarbonRetiredG, grams, "carbon retired")
		return err
	})
}

// AfterCommunityRewarded changes nothing: Community Tokens are a reward,
// not a metric, and counting them would reward rewards.
func (AssetsHooks) AfterCommunityRewarded(context.Context, uint64, sdk.AccAddress, sdk.Coin) error {
	return nil
}
