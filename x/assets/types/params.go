package types

import (
	sdkmath "cosmossdk.io/math"

	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// Default parameters. The emission factor is a typical grid average; a
// chain sets its zones' factors from its grid operators' published figures.
const (
	DefaultGramsPerKWh            = 400
	DefaultMaxReadingsPerTx       = 100
	DefaultMaxReadingPeriodSecond = 31 * 24 * 3600 // a month
	DefaultEpochSeconds           = 7 * 24 * 3600  // a week
	DefaultMaxRecipientsPerTx     = 100
	DefaultRegistrationGrace      = 24 * 3600           // a day: a meter commissioned yesterday, registered today
	DefaultAttestationRetention   = 2 * 366 * 24 * 3600 // two years of readings stay queryable
	DefaultMaxPrunesPerBlock      = 100
	DefaultMeterProposal          = 7 * 24 * 3600 // a week for an owner to consent to a meter
)

// DefaultMaxCapacityW bounds each kind's meters on a new chain: sizes a
// community energy project reaches, well above a household (a rooftop is
// 3-30 kW) and far below what would let one grid operator mint without
// limit. A chain with larger plants raises its kind by governance.
func DefaultMaxCapacityW() []KindCapacity {
	return []KindCapacity{
		{Kind: MeterKind_SOLAR, MaxCapacityW: 5_000_000},    // 5 MW: a community solar farm
		{Kind: MeterKind_WIND, MaxCapacityW: 10_000_000},    // 10 MW: a few community turbines
		{Kind: MeterKind_HYDRO, MaxCapacityW: 10_000_000},   // 10 MW: small hydro
		{Kind: MeterKind_BIOMASS, MaxCapacityW: 5_000_000},  // 5 MW: a district CHP plant
		{Kind: MeterKind_GRID, MaxCapacityW: 20_000_000},    // 20 MW: a feeder or substation connection
		{Kind: MeterKind_BATTERY, MaxCapacityW: 10_000_000}, // 10 MW: a community battery
	}
}

// DefaultParams returns the parameters of a new chain.
func DefaultParams() Params {
	return Params{
		DefaultGramsPerKwh:          DefaultGramsPerKWh,
		MaxReadingsPerTx:            DefaultMaxReadingsPerTx,
		MaxReadingPeriodSeconds:     DefaultMaxReadingPeriodSecond,
		EpochSeconds:                DefaultEpochSeconds,
		CtCapPerEpoch:               sdkmath.NewInt(1_000_000_000),   // 1,000 CT per community per week
		TreasuryLimitPerEpoch:       sdkmath.NewInt(100_000_000_000), // 100,000 PWC per week
		MaxRecipientsPerTx:          DefaultMaxRecipientsPerTx,
		RegistrationGraceSeconds:    DefaultRegistrationGrace,
		MaxCapacityW:                DefaultMaxCapacityW(),
		AttestationRetentionSeconds: DefaultAttestationRetention,
		MaxPrunesPerBlock:           DefaultMaxPrunesPerBlock,
		MeterProposalSeconds:        DefaultMeterProposal,
	}
}

// Validate checks the parameters.
func (p Params) Validate() error {
	if p.DefaultGramsPerKwh > 2_000 {
		return ErrInvalidParams.Wrapf("default_grams_per_kwh %d is above 2000 gCO2e/kWh", p.DefaultGramsPerKwh)
	}
	seen := make(map[string]bool, len(p.ZoneEmissionFactors))
	for _, f := range p.ZoneEmissionFactors {
		if err := rbactypes.ValidateZone(f.Zone); err != nil {
			return ErrInvalidParams.Wrapf("emission factor: %v", err)
		}
		if seen[f.Zone] {
			return ErrInvalidParams.Wrapf("zone %s has two emission factors", f.Zone)
		}
		seen[f.Zone] = true
		if f.GramsPerKwh > 2_000 {
			return ErrInvalidParams.Wrapf("zone %s: %d gCO2e/kWh is above 2000", f.Zone, f.GramsPerKwh)
		}
	}
	if p.MaxReadingsPerTx == 0 || p.MaxReadingsPerTx > 10_000 {
		return ErrInvalidParams.Wrapf("max_readings_per_tx must be 1..10000, got %d", p.MaxReadingsPerTx)
	}
	if p.MaxReadingPeriodSeconds == 0 || p.MaxReadingPeriodSeconds > 366*24*3600 {
		return ErrInvalidParams.Wrapf("max_reading_period_seconds must be 1 s to a year, got %d", p.MaxReadingPeriodSeconds)
	}
	if p.EpochSeconds == 0 || p.EpochSeconds > 366*24*3600 {
		return ErrInvalidParams.Wrapf("epoch_seconds must be 1 s to a year, got %d", p.EpochSeconds)
	}
	if p.CtCapPerEpoch.IsNil() || p.CtCapPerEpoch.IsNegative() {
		return ErrInvalidParams.Wrap("ct_cap_per_epoch must be zero or positive")
	}
	if p.TreasuryLimitPerEpoch.IsNil() || p.TreasuryLimitPerEpoch.IsNegative() {
		return ErrInvalidParams.Wrap("treasury_limit_per_epoch must be zero or positive")
	}
	if p.RegistrationGraceSeconds > 366*24*3600 {
		return ErrInvalidParams.Wrapf("registration_grace_seconds must be at most a year, got %d", p.RegistrationGraceSeconds)
	}
	if p.MaxRecipientsPerTx == 0 || p.MaxRecipientsPerTx > 1_000 {
		return ErrInvalidParams.Wrapf("max_recipients_per_tx must be 1..1000, got %d", p.MaxRecipientsPerTx)
	}
	if err := validateKindCapacities(p.MaxCapacityW); err != nil {
		return err
	}
	if p.AttestationRetentionSeconds != 0 && p.AttestationRetentionSeconds < p.MaxReadingPeriodSeconds {
		return ErrInvalidParams.Wrapf("attestation_retention_seconds %d is shorter than max_reading_period_seconds %d (0 keeps attestations forever)",
			p.AttestationRetentionSeconds, p.MaxReadingPeriodSeconds)
	}
	if p.MaxPrunesPerBlock == 0 || p.MaxPrunesPerBlock > 10_000 {
		return ErrInvalidParams.Wrapf("max_prunes_per_block must be 1..10000, got %d", p.MaxPrunesPerBlock)
	}
	if p.MeterProposalSeconds == 0 || p.MeterProposalSeconds > 366*24*3600 {
		return ErrInvalidParams.Wrapf("meter_proposal_seconds must be 1 s to a year, got %d", p.MeterProposalSeconds)
	}
	return nil
}

// validateKindCapacities wants exactly one bound for every meter kind, each
// 1 W to MaxCapacityW.
func validateKindCapacities(caps []KindCapacity) error {
	seen := make(map[MeterKind]bool, len(caps))
	for _, c := range caps {
		if err := c.Kind.Validate(); err != nil {
			return ErrInvalidParams.Wrapf("max_capacity_w: %v", err)
		}
		if seen[c.Kind] {
			return ErrInvalidParams.Wrapf("max_capacity_w: kind %s is listed twice", c.Kind)
		}
		seen[c.Kind] = true
		if c.MaxCapacityW == 0 || c.MaxCapacityW > MaxCapacityW {
			return ErrInvalidParams.Wrapf("max_capacity_w: kind %s: %d W must be 1 W to %d W", c.Kind, c.MaxCapacityW, uint64(MaxCapacityW))
		}
	}
	for k := range MeterKind_name { // only counted, never iterated into state
		if kind := MeterKind(k); kind != MeterKind_METER_KIND_UNSPECIFIED && !seen[kind] {
			return ErrInvalidParams.Wrap("max_capacity_w: every meter kind needs a bound (solar, wind, hydro, biomass, grid, battery)")
		}
	}
	return nil
}

// MaxCapacityOf is the largest capacity a meter of kind may have (0 for a
// kind without a bound, which Validate never lets through).
func (p Params) MaxCapacityOf(kind MeterKind) uint64 {
	for _, c := range p.MaxCapacityW {
		if c.Kind == kind {
			return c.MaxCapacityW
		}
	}
	return 0
}

// GramsPerKWh is the emission factor of a zone.
func (p Params) GramsPerKWh(zone string) uint64 {
	for _, f := range p.ZoneEmissionFactors {
		if f.Zone == zone {
			return f.GramsPerKwh
		}
	}
	return p.DefaultGramsPerKwh
}
