package types

import "strings"

// geohashAlphabet is the base-32 alphabet of geohashes (no a, i, l, o).
const geohashAlphabet = "0123456789bcdefghjkmnpqrstuvwxyz"

// MaxGeohashLength keeps a community's location coarse: 5 characters is a
// cell of about 4.9 km x 4.9 km, never a household.
const MaxGeohashLength = 5

// ValidateCommunityFields checks what a community is created with.
func ValidateCommunityFields(name, zone, geohash string) error {
	if l := len(strings.TrimSpace(name)); l == 0 || len(name) > 64 {
		return ErrInvalidCommunity.Wrap("name must be 1 to 64 characters")
	}
	if err := ValidateZone(zone); err != nil {
		return err
	}
	if len(geohash) == 0 || len(geohash) > MaxGeohashLength {
		return ErrInvalidCommunity.Wrapf("geohash %q must be 1 to %d characters (a coarse cell, never a precise position)",
			geohash, MaxGeohashLength)
	}
	for _, c := range geohash {
		if !strings.ContainsRune(geohashAlphabet, c) {
			return ErrInvalidCommunity.Wrapf("geohash %q: %q is not a geohash character (%s)", geohash, c, geohashAlphabet)
		}
	}
	return nil
}

// ValidateZone checks a grid zone name: 1 to 32 characters of letters,
// digits, '-' and '_'.
func ValidateZone(zone string) error {
	if len(zone) == 0 || len(zone) > 32 {
		return ErrInvalidCommunity.Wrapf("zone %q must be 1 to 32 characters", zone)
	}
	for _, c := range zone {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return ErrInvalidCommunity.Wrapf("zone %q: only letters, digits, '-' and '_'", zone)
		}
	}
	return nil
}
