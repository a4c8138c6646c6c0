package types

import (
	"strings"
)

// AllRoles lists every grantable role in enum order.
var AllRoles = []Role{
	Role_ADMIN, Role_REGULATOR, Role_GRID_OPERATOR, Role_COMMUNITY_MANAGER,
	Role_OPERATOR, Role_PROSUMER, Role_CONSUMER, Role_RELAY,
}

// ParseRole reads a role name as users write it: "PROSUMER", "prosumer",
// "grid-operator" and "GRID_OPERATOR" all work.
func ParseRole(name string) (Role, error) {
	normalized := strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(name), "-", "_"))
	value, ok := Role_value[normalized]
	if !ok || Role(value) == Role_ROLE_UNSPECIFIED {
		return Role_ROLE_UNSPECIFIED, ErrUnknownRole.Wrapf("%q; roles are %s", name, RoleNames())
	}
	return Role(value), nil
}

// RoleNames lists the role names for error messages and help texts.
func RoleNames() string {
	names := make([]string, len(AllRoles))
	for i, r := range AllRoles {
		names[i] = r.String()
	}
	return strings.Join(names, ", ")
}

// IsMemberRole reports whether a role is one that community membership grants.
func (r Role) IsMemberRole() bool { return r == Role_PROSUMER || r == Role_CONSUMER }

// Validate reports whether r is a grantable role.
func (r Role) Validate() error {
	if _, ok := Role_name[int32(r)]; !ok || r == Role_ROLE_UNSPECIFIED {
		return ErrUnknownRole.Wrapf("%d", r)
	}
	return nil
}
