// Package types holds x/beckn's messages, state types, errors, store keys and the
// checks of its fields; the Beckn signature format lives in the beckn package.
package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the name of the beckn module.
	ModuleName = "beckn"
	// StoreKey is the module's KV store key.
	StoreKey = ModuleName
)

// Store prefixes, one per collection.
var (
	ParamsKey              = collections.NewPrefix(0)
	ParticipantsKey        = collections.NewPrefix(1)
	ParticipantsByOwnerKey = collections.NewPrefix(2)
	KeysKey                = collections.NewPrefix(3)
	OrdersKey              = collections.NewPrefix(4)
	OrdersByTransactionKey = collections.NewPrefix(5)
	OrdersByParticipantKey = collections.NewPrefix(6)
	HistoryKey             = collections.NewPrefix(7)
	OrderSeqKey            = collections.NewPrefix(8)
	OrdersByOrderIDKey     = collections.NewPrefix(9)
	OrdersBySeqKey         = collections.NewPrefix(10)
	ParticipantsPendingKey = collections.NewPrefix(11)
	PendingQueueKey        = collections.NewPrefix(12)
	PruneQueueKey          = collections.NewPrefix(13)
	OrdersByDigestKey      = collections.NewPrefix(14)
)
