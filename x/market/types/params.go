package types

import "time"

// MaxQuantityBound is the largest max_quantity_wh, 1 TWh.
const MaxQuantityBound = 1_000_000_000_000

// DefaultRetentionSeconds keeps settled trades and statistics for 400 days
// after their slot: a year of history for bills and audits, with a margin.
const DefaultRetentionSeconds = 400 * 86_400

// DefaultParams returns the parameters of a new chain.
func DefaultParams() Params {
	return Params{
		SlotSeconds:               900, // 15-minute delivery slots
		GateClosureSeconds:        300, // trading stops 5 minutes before delivery
		TickSize:                  1_000,
		MinQuantityWh:             100,
		MaxQuantityWh:             100_000_000, // 100 MWh
		MaxOpenOrders:             20,
		CollateralBps:             1_000, // 10% of the notional
		MaxFillsPerOrder:          50,
		SettlementDeadlineSeconds: 86_400,
		MaxExpiriesPerBlock:       200,
		MaxSettlementsPerTx:       200,
		MaxHorizonSeconds:         7 * 86_400, // a week ahead
		RetentionSeconds:          DefaultRetentionSeconds,
		MaxPrunesPerBlock:         100,
		MaxAccountOpenOrders:      100,
	}
}

// Validate checks the parameters.
func (p Params) Validate() error {
	switch {
	case p.SlotSeconds == 0 || p.SlotSeconds > 86_400:
		return ErrInvalidParams.Wrap("slot_seconds must be 1 s to a day")
	case p.GateClosureSeconds > 7*86_400:
		return ErrInvalidParams.Wrap("gate_closure_seconds must be at most a week")
	case p.TickSize == 0 || p.TickSize%1_000 != 0:
		return ErrInvalidParams.Wrap("tick_size must be a positive multiple of 1,000 upwc/kWh, so payments are exact")
	case p.MinQuantityWh == 0 || p.MaxQuantityWh < p.MinQuantityWh || p.MaxQuantityWh > MaxQuantityBound:
		return ErrInvalidParams.Wrap("need 0 < min_quantity_wh <= max_quantity_wh <= 10^12")
	case p.MaxOpenOrders == 0 || p.MaxOpenOrders > 1_000:
		return ErrInvalidParams.Wrap("max_open_orders must be 1..1000")
	case p.CollateralBps > 10_000:
		return ErrInvalidParams.Wrap("collateral_bps must be at most 10,000 (100%)")
	case p.MaxFillsPerOrder == 0 || p.MaxFillsPerOrder > 100:
		return ErrInvalidParams.Wrap("max_fills_per_order must be 1..100")
	case p.SettlementDeadlineSeconds == 0 || p.SettlementDeadlineSeconds > 30*86_400:
		return ErrInvalidParams.Wrap("settlement_deadline_seconds must be 1 s to 30 days")
	case p.MaxExpiriesPerBlock == 0 || p.MaxExpiriesPerBlock > 10_000 || p.MaxSettlementsPerTx == 0 || p.MaxSettlementsPerTx > 10_000:
		return ErrInvalidParams.Wrap("max_expiries_per_block and max_settlements_per_tx must be 1..10000")
	case p.MaxHorizonSeconds == 0 || p.MaxHorizonSeconds > 366*86_400:
		return ErrInvalidParams.Wrap("max_horizon_seconds must be 1 s to a year")
	case p.RetentionSeconds < p.SettlementDeadlineSeconds || p.RetentionSeconds > 100*366*86_400:
		return ErrInvalidParams.Wrap("retention_seconds must be at least settlement_deadline_seconds and at most 100 years")
	case p.MaxPrunesPerBlock == 0 || p.MaxPrunesPerBlock > 10_000:
		return ErrInvalidParams.Wrap("max_prunes_per_block must be 1..10000")
	case p.MaxAccountOpenOrders < p.MaxOpenOrders || p.MaxAccountOpenOrders > 10_000:
		return ErrInvalidParams.Wrap("max_account_open_orders must be at least max_open_orders and at most 10,000")
	}
	return nil
}

// Slot returns the slot length as a duration.
func (p Params) Slot() time.Duration { return time.Duration(p.SlotSeconds) * time.Second }

// GateClosure returns the time trading for a slot stops.
func (p Params) GateClosure(slot time.Time) time.Time {
	return slot.Add(-time.Duration(p.GateClosureSeconds) * time.Second)
}

// Retention returns how long settled history is kept after its slot.
func (p Params) Retention() time.Duration { return time.Duration(p.RetentionSeconds) * time.Second }

// SettlementDeadline returns the time an unsettled trade of a slot settles as undelivered.
func (p Params) SettlementDeadline(slot time.Time) time.Time {
	return slot.Add(p.Slot()).Add(time.Duration(p.SettlementDeadlineSeconds) * time.Second)
}
