package types

import (
	"slices"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// Each module declares who may send its own Msgs (its types/permissions.go),
// built with Permit from the Msg types themselves, so a renamed or removed
// Msg cannot leave a stale string behind. The app combines every module's
// rows with the SDK modules' into x/rbac's default table with
// PermissionTable; x/rbac itself names no other module's Msgs.

// MsgTypeURLs returns the type URLs of msgs, in the order given.
func MsgTypeURLs(msgs ...sdk.Msg) []string {
	urls := make([]string, len(msgs))
	for i, msg := range msgs {
		urls[i] = sdk.MsgTypeURL(msg)
	}
	return urls
}

// Permit returns one row per role, each permitting every one of msgs.
func Permit(msgs []sdk.Msg, roles ...Role) []RolePermissions {
	urls := MsgTypeURLs(msgs...)
	rows := make([]RolePermissions, len(roles))
	for i, role := range roles {
		rows[i] = RolePermissions{Role: role, MsgTypeUrls: slices.Clone(urls)}
	}
	return rows
}

// PermissionTable merges rows (a role may appear in several) into the
// table x/rbac keeps: one row per role in AllRoles order, each with its
// type URLs sorted and listed once. Roles without any row get an empty one.
func PermissionTable(rows ...[]RolePermissions) []RolePermissions {
	table := make([]RolePermissions, len(AllRoles))
	for i, role := range AllRoles {
		var urls []string
		for _, group := range rows {
			for _, row := range group {
				if row.Role == role {
					urls = append(urls, row.MsgTypeUrls...)
				}
			}
		}
		slices.Sort(urls)
		table[i] = RolePermissions{Role: role, MsgTypeUrls: slices.Compact(urls)}
	}
	return table
}
