package types

import (
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// MaxZoneDescription bounds a zone's description, in bytes.
const MaxZoneDescription = 256

// Validate checks a zone's id and description.
func (z Zone) Validate() error {
	if err := rbactypes.ValidateZone(z.Id); err != nil {
		return ErrInvalidZone.Wrap(err.Error())
	}
	if len(z.Description) > MaxZoneDescription {
		return ErrInvalidZone.Wrapf("zone %s: description is %d bytes; at most %d", z.Id, len(z.Description), MaxZoneDescription)
	}
	return nil
}

// UnknownZone is the error for an order or trade in a zone nobody
// registered: it says who registers one and how.
func UnknownZone(zone string) error {
	return ErrUnknownZone.Wrapf("zone %q is not registered: a GRID_OPERATOR or ADMIN registers it with "+
		"`powershared tx market register-zone %s [community-id] [description]` (see `powershared q market zones`)", zone, zone)
}
