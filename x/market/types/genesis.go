package types

import (
	"cosmossdk.io/core/address"
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
	orders := make(map[uint64]bool, len(gs.Orders))
	for _, o := range gs.Orders {
		if o.Id == 0 || o.Id >= gs.NextOrderId || orders[o.Id] {
			return ErrInvalidGenesis.Wrapf("order %d: id duplicated or out of range", o.Id)
		}
		orders[o.Id] = true
		if _, err := ac.StringToBytes(o.Owner); err != nil {
			return ErrInvalidGenesis.Wrapf("order %d owner: %v", o.Id, err)
		}
		if o.RemainingWh == 0 || o.RemainingWh > o.QuantityWh || o.Side == Side_SIDE_UNSPECIFIED {
			return ErrInvalidGenesis.Wrapf("order %d: side or remaining quantity invalid", o.Id)
		}
		if o.EscrowUpwc.IsNil() || o.CollateralUpwc.IsNil() || o.EscrowUec.IsNil() {
			return ErrInvalidGenesis.Wrapf("order %d: escrow amounts missing", o.Id)
		}
	}
	trades := make(map[uint64]bool, len(gs.Trades))
	for _, t := range gs.Trades {
		if t.Id == 0 || t.Id >= gs.NextTradeId || trades[t.Id] {
			return ErrInvalidGenesis.Wrapf("trade %d: id duplicated or out of range", t.Id)
		}
		trades[t.Id] = true
		for _, addr := range []string{t.Buyer, t.Seller} {
			if _, err := ac.StringToBytes(addr); err != nil {
				return ErrInvalidGenesis.Wrapf("trade %d party: %v", t.Id, err)
			}
		}
		if t.PaymentUpwc.IsNil() || t.CollateralUpwc.IsNil() || t.EcUec.IsNil() || t.QuantityWh == 0 {
			return ErrInvalidGenesis.Wrapf("trade %d: amounts missing", t.Id)
		}
	}
	return nil
}
