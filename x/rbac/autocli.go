package rbac

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

	"github.com/powershare/powershare/x/rbac/types"
)

// roleHelp lists the role arguments as autocli parses the Role enum: kebab
// case, lower case.
const roleHelp = "role: admin, regulator, grid-operator, community-manager, operator, prosumer, consumer or relay"

// AutoCLIOptions is the module's whole CLI: `powershared tx rbac ...` and `powershared q rbac ...`.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	return &autocliv1.ModuleOptions{
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service: types.Msg_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{
					RpcMethod: "GrantRole",
					Use:       "grant-role [address] [role]",
					Short:     "Grant a role to an address (ADMIN; a COMMUNITY_MANAGER may grant PROSUMER/CONSUMER in its community)",
					Long:      "Grant a role, chain-wide or within --community, optionally until --expires (RFC3339, block time). " + roleHelp + ".",
					Example: `powershared tx rbac grant-role power1... grid-operator --from admin
powershared tx rbac grant-role power1... prosumer --community 1 --from admin
powershared tx rbac grant-role power1... operator --expires 2027-01-01T00:00:00Z --from admin`,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "address"}, {ProtoField: "role"}},
					FlagOptions: map[string]*autocliv1.FlagOptions{
						"community_id": {Name: "community", Usage: "community id of the grant (0 = chain-wide)"},
						"expires_at":   {Name: "expires", Usage: "RFC3339 block time from which the grant stops counting"},
					},
				},
				{
					RpcMethod:      "RevokeRole",
					Use:            "revoke-role [address] [role]",
					Short:          "Revoke a role (revoking OPERATOR jails the validator at the end of the block)",
					Long:           "Revoke a chain-wide grant, or one within --community. The last ADMIN cannot be revoked. " + roleHelp + ".",
					Example:        "powershared tx rbac revoke-role power1... operator --from admin",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "address"}, {ProtoField: "role"}},
					FlagOptions: map[string]*autocliv1.FlagOptions{
						"community_id": {Name: "community", Usage: "community id of the grant (0 = chain-wide)"},
					},
				},
				{
					RpcMethod: "SetRolePermissions",
					Use:       "set-role-permissions [role] [msg-type-url]...",
					Short:     "Replace the Msgs a role may send (ADMIN)",
					Example:   "powershared tx rbac set-role-permissions relay /cosmos.bank.v1beta1.MsgSend /cosmos.authz.v1beta1.MsgExec --from admin",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{
						{ProtoField: "role"}, {ProtoField: "msg_type_urls", Varargs: true},
					},
				},
				{
					RpcMethod: "CreateCommunity",
					Use:       "create-community [name] [zone] [geohash]",
					Short:     "Create a community in a grid zone at a coarse location (ADMIN)",
					Long:      "Create a community. The geohash is a cell of at most 5 characters (about 5 km), never a precise position. --managers become its COMMUNITY_MANAGERs.",
					Example:   "powershared tx rbac create-community \"Sunny Street\" zone-a u33db --managers power1... --from admin",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{
						{ProtoField: "name"}, {ProtoField: "zone"}, {ProtoField: "geohash"},
					},
				},
				{
					RpcMethod:      "RequestMembership",
					Use:            "request-membership [community-id] [role]",
					Short:          "Ask to join a community as PROSUMER or CONSUMER (anyone)",
					Example:        "powershared tx rbac request-membership 1 prosumer --from carol",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "community_id"}, {ProtoField: "role"}},
				},
				{
					RpcMethod:      "ApproveMembership",
					Use:            "approve-membership [community-id] [address]",
					Short:          "Approve a membership request (COMMUNITY_MANAGER of the community)",
					Example:        "powershared tx rbac approve-membership 1 power1... --from manager",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "community_id"}, {ProtoField: "address"}},
				},
				{
					RpcMethod:      "RejectMembership",
					Use:            "reject-membership [community-id] [address]",
					Short:          "Reject a membership request (COMMUNITY_MANAGER of the community)",
					Example:        "powershared tx rbac reject-membership 1 power1... --reason \"not in the zone\" --from manager",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "community_id"}, {ProtoField: "address"}},
				},
				{
					RpcMethod:      "RemoveMember",
					Use:            "remove-member [community-id] [address]",
					Short:          "Remove a member: revoke its PROSUMER/CONSUMER roles in the community (COMMUNITY_MANAGER)",
					Example:        "powershared tx rbac remove-member 1 power1... --from manager",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "community_id"}, {ProtoField: "address"}},
				},
				{
					RpcMethod:      "UpdateParams",
					Use:            "update-params [params-json]",
					Short:          "Replace the module parameters (ADMIN or governance)",
					Example:        `powershared tx rbac update-params '{"open_msg_type_urls":["/powershare.rbac.v1.MsgRequestMembership"],"max_grants_per_address":16,"max_expiries_per_block":100,"audit_retention_seconds":"220752000","max_audit_prunes_per_block":100}' --from admin`,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "params"}},
				},
			},
		},
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: types.Query_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{
					RpcMethod:      "Roles",
					Use:            "roles [address]",
					Short:          "The grants of an address, each with whether it is active now",
					Example:        "powershared q rbac roles power1...",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "address"}},
				},
				{
					RpcMethod:      "Holders",
					Use:            "holders [role]",
					Short:          "The grants of a role",
					Example:        "powershared q rbac holders operator",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "role"}},
				},
				{
					RpcMethod:      "Permissions",
					Use:            "permissions [role]",
					Short:          "The Msgs a role may send, and the Msgs open to anyone",
					Example:        "powershared q rbac permissions prosumer",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "role"}},
				},
				{
					RpcMethod:      "Community",
					Use:            "community [id]",
					Short:          "A community and its managers (one page of its grants; --page-key for the next)",
					Example:        "powershared q rbac community 1",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "id"}},
				},
				{
					RpcMethod: "Communities",
					Use:       "communities",
					Short:     "Every community, with its zone and coarse location",
					Example:   "powershared q rbac communities --output json",
				},
				{
					RpcMethod:      "Members",
					Use:            "members [community-id]",
					Short:          "The grants within a community (managers, prosumers, consumers)",
					Example:        "powershared q rbac members 1",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "community_id"}},
				},
				{
					RpcMethod:      "MembershipRequests",
					Use:            "membership-requests [community-id]",
					Short:          "The pending membership requests of a community",
					Example:        "powershared q rbac membership-requests 1",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "community_id"}},
				},
				{
					RpcMethod: "Audit",
					Use:       "audit",
					Short:     "The audit trail of an address, of a role, or of a range of heights (one of them)",
					Long:      "Every grant, revoke, permission change and membership decision, oldest first. Each entry names its action (GRANT, REVOKE, SET_PERMISSIONS, ...).",
					Example: `powershared q rbac audit --address power1...
powershared q rbac audit --role operator
powershared q rbac audit --from-height 100 --to-height 200`,
				},
				{
					RpcMethod:      "Can",
					Use:            "can [address] [msg-type-url]",
					Short:          "Whether an address may send a Msg now, and why not",
					Example:        "powershared q rbac can power1... /cosmos.bank.v1beta1.MsgSend",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "address"}, {ProtoField: "msg_type_url"}},
				},
				{
					RpcMethod: "Params",
					Use:       "params",
					Short:     "The module parameters",
					Example:   "powershared q rbac params",
				},
				{
					RpcMethod: "StuckJails",
					Use:       "stuck-jails",
					Short:     "Jailings of former operators' validators given up on after repeated failures",
					Example:   "powershared q rbac stuck-jails",
				},
			},
		},
	}
}
