// Package types holds x/market's messages, state types, params, errors,
// keys and the interfaces it expects of other modules.
package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the name of the market module; its account holds every escrow.
	ModuleName = "market"
	// StoreKey is the module's KV store key.
	StoreKey = ModuleName
)

// Store prefixes, one per collection.
var (
	ParamsKey         = collections.NewPrefix(0)
	OrdersKey         = collections.NewPrefix(1)
	OrdersByOwnerKey  = collections.NewPrefix(2)
	BookKey           = collections.NewPrefix(3)
	GateQueueKey      = collections.NewPrefix(4)
	OpenCountKey      = collections.NewPrefix(5)
	CommittedKey      = collections.NewPrefix(6)
	TradesKey         = collections.NewPrefix(7)
	TradesByMarketKey = collections.NewPrefix(8)
	TradesByPartyKey  = collections.NewPrefix(9)
	DeadlineQueueKey  = collections.NewPrefix(10)
	StatsKey          = collections.NewPrefix(11)
	MarketsKey        = collections.NewPrefix(12)
	OrderSeqKey       = collections.NewPrefix(13)
	TradeSeqKey       = collections.NewPrefix(14)
	ZonesKey          = collections.NewPrefix(15)
	AccountOpenKey    = collections.NewPrefix(16)
	MarketQueueKey    = collections.NewPrefix(17)
	PruneQueueKey     = collections.NewPrefix(18)
	// 20 and up: end-block retry state (abci.go).
	QueueAttemptsKey = collections.NewPrefix(20)
	StuckItemsKey    = collections.NewPrefix(21)
)
