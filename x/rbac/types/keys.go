package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the name of the rbac module.
	ModuleName = "rbac"
	// StoreKey is the module's KV store key.
	StoreKey = ModuleName
)

// Store prefixes, one per collection, declared once.
var (
	ParamsKey               = collections.NewPrefix(0)
	GrantsKey               = collections.NewPrefix(1)
	GrantsByRoleKey         = collections.NewPrefix(2)
	GrantsByCommunityKey    = collections.NewPrefix(3)
	PermissionsKey          = collections.NewPrefix(4)
	CommunitiesKey          = collections.NewPrefix(5)
	CommunitySeqKey         = collections.NewPrefix(6)
	MembershipRequestsKey   = collections.NewPrefix(7)
	AuditKey                = collections.NewPrefix(8)
	AuditSeqKey             = collections.NewPrefix(9)
	AuditByAddressKey       = collections.NewPrefix(10)
	AuditByRoleKey          = collections.NewPrefix(11)
	AuditByHeightKey        = collections.NewPrefix(12)
	OperatorExpiryQueueKey  = collections.NewPrefix(13)
	PendingOperatorJailsKey = collections.NewPrefix(14)
	// 20 and up: end-block retry state (abci.go); 15-19 are left to the
	// collections added alongside it.
	JailAttemptsKey = collections.NewPrefix(20)
	StuckJailsKey   = collections.NewPrefix(21)
)
