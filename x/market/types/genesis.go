package types

import (
	"time"

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
		if err := o.validateTerms(); err != nil {
			return err
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
		if err := t.validateEscrow(); err != nil {
			return err
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

// maxCollateralBps is the largest collateral share any params admit (100%).
const maxCollateralBps = 10_000

// validateTerms checks what the EndBlocker and matching rely on and no
// params change can alter: the gate closes at or before the slot starts, the
// collateral share is at most the whole notional, and a sell names its meter
// (whose existence the app checks against x/assets). The exact gate lead and
// share are those of the params when the order was placed, so they are not
// compared with the current ones.
func (o Order) validateTerms() error {
	switch {
	case o.Zone == "":
		return ErrInvalidGenesis.Wrapf("order %d: no zone", o.Id)
	case o.GateClosure.After(o.SlotStart):
		return ErrInvalidGenesis.Wrapf("order %d: gate closure %s is after its slot start %s; it must be at or before it",
			o.Id, o.GateClosure.UTC().Format(time.RFC3339), o.SlotStart.UTC().Format(time.RFC3339))
	case o.CollateralBps > maxCollateralBps:
		return ErrInvalidGenesis.Wrapf("order %d: collateral_bps %d is above %d (100%%)", o.Id, o.CollateralBps, maxCollateralBps)
	case o.Side == Side_SELL && o.MeterId == "":
		return ErrInvalidGenesis.Wrapf("order %d: a sell names its meter", o.Id)
	case o.Side == Side_BUY && (o.MeterId != "" || o.Renewable):
		return ErrInvalidGenesis.Wrapf("order %d: a buy names no meter and carries no Energy Credits", o.Id)
	}
	return nil
}

// validateEscrow checks that settling the trade can pay out what it holds
// and never a negative amount: the Energy Credits are exactly those of the
// quantity for a renewable trade and none otherwise, and the collateral is
// at most the payment. A negative amount here would panic inside the
// EndBlocker's settlement.
func (t Trade) validateEscrow() error {
	wantEC := sdkmath.ZeroInt()
	if t.Renewable {
		wantEC = EnergyCredits(t.QuantityWh)
	}
	if !t.EcUec.Equal(wantEC) {
		return ErrInvalidGenesis.Wrapf("trade %d: ec_uec is %s; a trade of %d Wh (renewable: %t) holds %s",
			t.Id, t.EcUec, t.QuantityWh, t.Renewable, wantEC)
	}
	if t.CollateralUpwc.GT(t.PaymentUpwc) {
		return ErrInvalidGenesis.Wrapf("trade %d: collateral_upwc %s is more than its payment %s", t.Id, t.CollateralUpwc, t.PaymentUpwc)
	}
	if t.MeterId == "" {
		return ErrInvalidGenesis.Wrapf("trade %d: no meter", t.Id)
	}
	if t.SettleDeadline.Before(t.SlotEnd) {
		return ErrInvalidGenesis.Wrapf("trade %d: settle_deadline before slot_end", t.Id)
	}
	return nil
}

// Escrow is what the market module account must hold for this state: every
// resting order's escrow and collateral, and every unsettled trade's payment,
// collateral and Energy Credits, in the bond denom (upwc) and in uec.
func (gs GenesisState) Escrow() (upwc, uec sdkmath.Int) {
	upwc, uec = sdkmath.ZeroInt(), sdkmath.ZeroInt()
	for _, o := range gs.Orders {
		upwc = upwc.Add(o.EscrowUpwc).Add(o.CollateralUpwc)
		uec = uec.Add(o.EscrowUec)
	}
	for _, t := range gs.Trades {
		if !t.Settled {
			upwc = upwc.Add(t.PaymentUpwc).Add(t.CollateralUpwc)
			uec = uec.Add(t.EcUec)
		}
	}
	return upwc, uec
}
