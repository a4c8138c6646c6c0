package types

import "cosmossdk.io/errors"

// Errors of the rbac module. Codes start at 2: 0 is success and 1 the SDK's internal error.
var (
	ErrUnknownRole        = errors.Register(ModuleName, 2, "unknown role")
	ErrUnauthorized       = errors.Register(ModuleName, 3, "not permitted")
	ErrUnknownCommunity   = errors.Register(ModuleName, 4, "unknown community")
	ErrGrantNotFound      = errors.Register(ModuleName, 5, "no such grant")
	ErrLastAdmin          = errors.Register(ModuleName, 6, "cannot remove the last admin")
	ErrDuplicateRequest   = errors.Register(ModuleName, 7, "membership already requested")
	ErrRequestNotFound    = errors.Register(ModuleName, 8, "no such membership request")
	ErrAlreadyMember      = errors.Register(ModuleName, 9, "already a member")
	ErrInvalidCommunity   = errors.Register(ModuleName, 10, "invalid community")
	ErrInvalidGrant       = errors.Register(ModuleName, 11, "invalid grant")
	ErrInvalidPermissions = errors.Register(ModuleName, 12, "invalid permissions")
	ErrTooManyGrants      = errors.Register(ModuleName, 13, "too many grants for one address")
	ErrInvalidParams      = errors.Register(ModuleName, 14, "invalid params")
	ErrMissingPermission  = errors.Register(ModuleName, 15, "signer lacks a role permitting the message")
	ErrInvalidAuditQuery  = errors.Register(ModuleName, 16, "invalid audit query")
	ErrNotAMember         = errors.Register(ModuleName, 17, "not a member of the community")
	ErrInvalidAddress     = errors.Register(ModuleName, 18, "invalid address")
	ErrInvalidGenesis     = errors.Register(ModuleName, 19, "invalid genesis")
	ErrInvalidText        = errors.Register(ModuleName, 20, "text too long")
)
