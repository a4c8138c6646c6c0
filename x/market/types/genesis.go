package types

import (
	"cosmossdk.io/core/address"
	sdkmath "cosmossdk.io/math"

	"github.com/powershare/powershare/x/internal/moduleutil"
)

// DefaultGenesis is the state of a new chain.
func DefaultGenesis() *GenesisState {
	return &GenesisState{Params: DefaultParams(), NextOrderId: 1, NextTradeId: 1}
}

// Validate checks the genesis state.
func (gs GenesisState) Validate(ac address.Codec) error {
	if err := gs.Params.Validate(); err != nil {
		return err
	}
	if gs.NextOrderId == 0 || gs.NextTradeId == 0 {
		return ErrInvalidGenesis.Wrap("next_order_id and next_trade_id start at 1")
	}
	zones := make(map[string]bool, len(gs.Zones))
	for _, z := range gs.Zones {
		if err := z.Validate(); err != nil {
			return ErrInvalidGenesis.Wrap(err.Error())
		}
		if zones[z.Id] {
			return ErrInvalidGenesis.Wrapf("zone %s registered twice", z.Id)
		}
		zones[z.Id] = true
	}
	orders := make(map[uint64]bool, len(gs.Orders))
	for _, o := range gs.Orders {
		if o.Id == 0 || o.Id >= gs.NextOrderId || orders[o.Id] {
			return ErrInvalidGenesis.Wrapf("order %d: id duplicated or out of range", o.Id)
		}
		orders[o.Id] = true
		if !zones[o.Zone] {
			return ErrInvalidGenesis.Wrapf("order %d: zone %q is not among the genesis zones", o.Id, o.Zone)
		}
		if _, err := moduleutil.ParseCanonicalAddress(ac, o.Owner); err != nil {
			return ErrInvalidGenesis.Wrapf("order %d owner: %v", o.Id, err)
		}
		if o.RemainingWh == 0 || o.RemainingWh > o.QuantityWh || o.Side == Side_SIDE_UNSPECIFIED {
			return ErrInvalidGenesis.Wrapf("order %d: side or remaining quantity invalid", o.Id)
		}
		// Against the hard bound, not max_quantity_wh: lowering that param
		// leaves larger orders resting, and their export must still import.
		if o.Price == 0 || o.Price%1_000 != 0 || o.QuantityWh > MaxQuantityBound {
			return ErrInvalidGenesis.Wrapf("order %d: price or quantity out of range", o.Id)
		}
		if o.EscrowUpwc.IsNil() || o.CollateralUpwc.IsNil() || o.EscrowUec.IsNil() || !o.EscrowUpwc.Equal(o.neededPayment()) ||
			!o.CollateralUpwc.Equal(o.neededCollateral()) || !o.EscrowUec.Equal(o.neededCredits()) {
			return ErrInvalidGenesis.Wrapf("order %d: escrow is not what its remaining %d Wh needs", o.Id, o.RemainingWh)
		}
	}
	trades := make(map[uint64]bool, len(gs.Trades))
	for _, t := range gs.Trades {
		if t.Id == 0 || t.Id >= gs.NextTradeId || trades[t.Id] {
			return ErrInvalidGenesis.Wrapf("trade %d: id duplicated or out of range", t.Id)
		}
		trades[t.Id] = true
		if !zones[t.Zone] {
			return ErrInvalidGenesis.Wrapf("trade %d: zone %q is not among the genesis zones", t.Id, t.Zone)
		}
		for _, addr := range []string{t.Buyer, t.Seller} {
			if _, err := moduleutil.ParseCanonicalAddress(ac, addr); err != nil {
				return ErrInvalidGenesis.Wrapf("trade %d party: %v", t.Id, err)
			}
		}
		if t.PaymentUpwc.IsNil() || t.CollateralUpwc.IsNil() || t.EcUec.IsNil() || t.QuantityWh == 0 ||
			!t.PaymentUpwc.Equal(Payment(t.QuantityWh, t.Price)) || t.CollateralUpwc.IsNegative() || t.DeliveredWh > t.QuantityWh {
			return ErrInvalidGenesis.Wrapf("trade %d: amounts inconsistent", t.Id)
		}
	}
	return nil
}

func (o Order) neededPayment() sdkmath.Int {
	if o.Side == Side_BUY {
		return Payment(o.RemainingWh, o.Price)
	}
	return sdkmath.ZeroInt()
}

func (o Order) neededCollateral() sdkmath.Int {
	if o.Side == Side_SELL {
		return Collateral(o.RemainingWh, o.Price, o.CollateralBps)
	}
	return sdkmath.ZeroInt()
}

func (o Order) neededCredits() sdkmath.Int {
	if o.Side == Side_SELL && o.Renewable {
		return EnergyCredits(o.RemainingWh)
	}
	return sdkmath.ZeroInt()
}
