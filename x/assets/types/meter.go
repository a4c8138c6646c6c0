package types

import (
	"strings"
)

// Validate fails unless k is one of the declared kinds other than
// METER_KIND_UNSPECIFIED.
func (k MeterKind) Validate() error {
	if _, ok := MeterKind_name[int32(k)]; !ok || k == MeterKind_METER_KIND_UNSPECIFIED {
		return ErrInvalidMeter.Wrapf("kind %d: one of SOLAR, WIND, HYDRO, BIOMASS, GRID, BATTERY", k)
	}
	return nil
}

// ParseMeterKind reads a kind name in any case ("solar", "SOLAR") for the
// hand-written genesis command; Msgs carry the enum itself.
func ParseMeterKind(name string) (MeterKind, error) {
	v, ok := MeterKind_value[strings.ToUpper(strings.TrimSpace(name))]
	if !ok || MeterKind(v) == MeterKind_METER_KIND_UNSPECIFIED {
		return MeterKind_METER_KIND_UNSPECIFIED, ErrInvalidMeter.Wrapf("kind %q: one of solar, wind, hydro, biomass, grid, battery", name)
	}
	return MeterKind(v), nil
}

// RenewableKind reports whether a kind produces renewable energy.
func (k MeterKind) RenewableKind() bool {
	return k == MeterKind_SOLAR || k == MeterKind_WIND || k == MeterKind_HYDRO || k == MeterKind_BIOMASS
}

// ValidateMeterID checks a meter id: 1 to 64 characters of letters, digits
// and - _ . :
func ValidateMeterID(id string) error {
	if len(id) == 0 || len(id) > 64 {
		return ErrInvalidMeter.Wrapf("meter id %q must be 1 to 64 characters", id)
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("-_.:", c)) {
			return ErrInvalidMeter.Wrapf("meter id %q: only letters, digits and - _ . :", id)
		}
	}
	return nil
}

// MaxCapacityW bounds a meter's capacity (10 GW), which keeps every
// capacity x duration product far inside 64 bits.
const MaxCapacityW = 10_000_000_000
