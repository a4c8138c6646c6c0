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
	DefaultRegistrationGrace      = 24 * 3600 // a day: a meter commissioned yesterday, registered today
)

// DefaultParams returns the parameters of a new chain.
func DefaultParams() Params {
	return Params{
		DefaultGramsPerKwh:       DefaultGramsPerKWh,
		MaxReadingsPerTx:         DefaultMaxReadingsPerTx,
		MaxReadingPeriodSeconds:  DefaultMaxReadingPeriodSecond,
		EpochSeconds:             DefaultEpochSeconds,
		CtCapPerEpoch:            sdkmath.NewInt(1_000_000_000),   // 1,000 CT per community per week
		TreasuryLimitPerEpoch:    sdkmath.NewInt(100_000_000_000), // 100,000 PWC per week
		MaxRecipientsPerTx:       DefaultMaxRecipientsPerTx,
		RegistrationGraceSeconds: DefaultRegistrationGrace,
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
	if p.EpochSeconds == 0 {
		return ErrInvalidParams.Wrap("epoch_seconds must be positive")
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
	return nil
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

// Epoch is the epoch number of a unix time.
func (p Params) Epoch(unixSeconds int64) uint64 {
	if unixSeconds < 0 {
		return 0
	}
	return uint64(unixSeconds) / p.EpochSeconds
}
