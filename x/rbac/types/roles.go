package types

import (
	"slices"
	"strings"
	"time"
)

// AllRoles lists every grantable role in enum order.
var AllRoles = []Role{
	Role_ADMIN, Role_REGULATOR, Role_GRID_OPERATOR, Role_COMMUNITY_MANAGER,
	Role_OPERATOR, Role_PROSUMER, Role_CONSUMER, Role_RELAY,
}

// CLIName is the role as the autocli commands spell it: the enum name in
// kebab case ("grid-operator").
func (r Role) CLIName() string {
	return strings.ToLower(strings.ReplaceAll(r.String(), "_", "-"))
}

// ParseRole reads a role name for the hand-written genesis command, which
// autocli does not parse for it. It accepts the CLI's kebab form
// ("grid-operator") as well as the enum name ("GRID_OPERATOR"), in any case.
func ParseRole(name string) (Role, error) {
	normalized := strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(name), "-", "_"))
	value, ok := Role_value[normalized]
	if !ok || Role(value) == Role_ROLE_UNSPECIFIED {
		return Role_ROLE_UNSPECIFIED, ErrUnknownRole.Wrapf("%q; roles are %s", name, RoleNames())
	}
	return Role(value), nil
}

// RoleNames lists the roles as the CLI spells them, for help texts and
// error messages.
func RoleNames() string {
	names := make([]string, len(AllRoles))
	for i, r := range AllRoles {
		names[i] = r.CLIName()
	}
	return strings.Join(names, ", ")
}

// IsMemberRole reports whether a role is one that community membership grants.
func (r Role) IsMemberRole() bool { return r == Role_PROSUMER || r == Role_CONSUMER }

// Validate reports whether r is a grantable role: a value of the enum other
// than ROLE_UNSPECIFIED.
func (r Role) Validate() error {
	if _, ok := Role_name[int32(r)]; !ok || r == Role_ROLE_UNSPECIFIED {
		return ErrUnknownRole.Wrapf("%s; roles are %s", r, RoleNames())
	}
	return nil
}

// chainWideRoles are granted only chain-wide.
var chainWideRoles = []Role{Role_ADMIN, Role_REGULATOR, Role_OPERATOR, Role_RELAY}

// ValidateScope checks where a role may be granted: COMMUNITY_MANAGER only
// within a community; ADMIN, REGULATOR, OPERATOR and RELAY only chain-wide;
// GRID_OPERATOR, PROSUMER and CONSUMER either way.
func ValidateScope(role Role, community uint64) error {
	if role == Role_COMMUNITY_MANAGER && community == 0 {
		return ErrInvalidGrant.Wrap("COMMUNITY_MANAGER is granted within a community: set --community")
	}
	if community != 0 && slices.Contains(chainWideRoles, role) {
		return ErrInvalidGrant.Wrapf("%s is chain-wide and cannot be scoped to community %d", role, community)
	}
	return nil
}

// MaxExpiry is the latest expiry a grant may have: expiries are queued by
// unix nanoseconds, which int64 holds until 2262.
var MaxExpiry = time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)
