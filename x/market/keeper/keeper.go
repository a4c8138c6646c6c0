// Package keeper holds the state of x/market: the order books of each
// (zone, delivery slot) market, the trades held in escrow until delivery is
// settled, and the per-market statistics.
package keeper

import (
	"fmt"
	"time"

	"cosmossdk.io/collections"
	"cosmossdk.io/collections/indexes"
	"cosmossdk.io/core/address"
	"cosmossdk.io/core/store"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/internal/moduleutil"
	"github.com/powershare/powershare/x/market/types"
)

// MarketKey names a market: (zone, slot start in unix seconds).
type MarketKey = collections.Pair[string, int64]

func marketKey(zone string, slot time.Time) MarketKey { return collections.Join(zone, slot.Unix()) }

// OrderIndexes are the secondary lookups of orders.
type OrderIndexes struct {
	ByOwner *indexes.Multi[sdk.AccAddress, uint64, types.Order]
}

// IndexesList implements collections.Indexes.
func (i OrderIndexes) IndexesList() []collections.Index[uint64, types.Order] {
	return []collections.Index[uint64, types.Order]{i.ByOwner}
}

// TradeIndexes are the secondary lookups of trades.
type TradeIndexes struct {
	ByMarket *indexes.Multi[MarketKey, uint64, types.Trade]
}

// IndexesList implements collections.Indexes.
func (i TradeIndexes) IndexesList() []collections.Index[uint64, types.Trade] {
	return []collections.Index[uint64, types.Trade]{i.ByMarket}
}

// hooksHolder is shared by the keeper's copies, so hooks set while wiring
// reach the copies the module and the msg server already hold.
type hooksHolder struct{ hooks types.MultiMarketHooks }

// Keeper of the market module.
type Keeper struct {
	cdc          codec.BinaryCodec
	addressCodec address.Codec
	bank         types.BankKeeper
	assets       types.AssetsKeeper
	rbac         types.RBACKeeper
	hooks        *hooksHolder
	// gov is the governance account, the only one that updates params.
	gov moduleutil.Governance
	// bondDenom is the denom of payments and collateral (WithBondDenom).
	bondDenom string

	Schema collections.Schema
	Params collections.Item[types.Params]
	Orders *collections.IndexedMap[uint64, types.Order, OrderIndexes]
	// Book holds the resting orders in matching order: see book.go.
	Book collections.KeySet[[]byte]
	// GateQueue orders resting orders by gate closure (unix s, order id).
	GateQueue collections.KeySet[collections.Pair[int64, uint64]]
	// OpenCount counts an account's resting orders per market.
	OpenCount collections.Map[collections.Triple[sdk.AccAddress, string, int64], uint32]
	// Committed is the energy a meter has sold or offers in a slot, in Wh.
	Committed collections.Map[collections.Pair[string, int64], uint64]
	Trades    *collections.IndexedMap[uint64, types.Trade, TradeIndexes]
	// TradesByParty lists each trade under its buyer and its seller; a
	// trade's parties never change, so the set is written once per trade.
	TradesByParty collections.KeySet[collections.Pair[sdk.AccAddress, uint64]]
	// DeadlineQueue orders unsettled trades by settlement deadline (unix s, trade id).
	DeadlineQueue collections.KeySet[collections.Pair[int64, uint64]]
	Stats         collections.Map[MarketKey, types.MarketStats]
	Markets       collections.KeySet[MarketKey]
	OrderSeq      collections.Sequence
	TradeSeq      collections.Sequence
	// QueueAttempts counts the failed runs of queued end-block items, by
	// (queue, order or trade id): see abci.go.
	QueueAttempts collections.Map[collections.Pair[string, uint64], uint32]
	// StuckItems are the end-block items given up on, by (queue, id).
	StuckItems collections.Map[collections.Pair[string, uint64], types.StuckItem]
	// Zones is the zone registry: orders and trades name a registered zone.
	Zones collections.Map[string, types.Zone]
	// AccountOpen counts an account's resting orders across every market.
	AccountOpen collections.Map[sdk.AccAddress, uint32]
	// MarketQueue orders the markets by slot end (unix s, zone), so the
	// ones past their slot are found without walking the rest: see prune.go.
	MarketQueue collections.KeySet[collections.Pair[int64, string]]
	// PruneQueue orders settled trades by slot end (unix s, trade id): they
	// are pruned retention_seconds later (prune.go).
	PruneQueue collections.KeySet[collections.Pair[int64, uint64]]
}

// NewKeeper returns the market keeper.
func NewKeeper(cdc codec.BinaryCodec, storeService store.KVStoreService, addressCodec address.Codec,
	bank types.BankKeeper, assets types.AssetsKeeper, rbac types.RBACKeeper, authority string,
) Keeper {
	sb := collections.NewSchemaBuilder(storeService)
	marketCodec := collections.PairKeyCodec(collections.StringKey, collections.Int64Key)
	k := Keeper{
		cdc: cdc, addressCodec: addressCodec, bank: bank, assets: assets, rbac: rbac,
		gov: moduleutil.Governance{
			Address:           moduleutil.MustAuthority(addressCodec, types.ModuleName, authority),
			ErrInvalidAddress: types.ErrInvalidAddress,
			ErrUnauthorized:   types.ErrUnauthorized,
		},
		hooks:  &hooksHolder{},
		Params: collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		Orders: collections.NewIndexedMap(sb, types.OrdersKey, "orders", collections.Uint64Key, codec.CollValue[types.Order](cdc),
			OrderIndexes{ByOwner: indexes.NewMulti(sb, types.OrdersByOwnerKey, "orders_by_owner", sdk.AccAddressKey,
				collections.Uint64Key, func(_ uint64, o types.Order) (sdk.AccAddress, error) { return addressCodec.StringToBytes(o.Owner) })}),
		Book:      collections.NewKeySet(sb, types.BookKey, "book", collections.BytesKey),
		GateQueue: collections.NewKeySet(sb, types.GateQueueKey, "gate_queue", collections.PairKeyCodec(collections.Int64Key, collections.Uint64Key)),
		OpenCount: collections.NewMap(sb, types.OpenCountKey, "open_count",
			collections.TripleKeyCodec(sdk.AccAddressKey, collections.StringKey, collections.Int64Key), collections.Uint32Value),
		Committed: collections.NewMap(sb, types.CommittedKey, "committed", marketCodec, collections.Uint64Value),
		Trades: collections.NewIndexedMap(sb, types.TradesKey, "trades", collections.Uint64Key, codec.CollValue[types.Trade](cdc),
			TradeIndexes{ByMarket: indexes.NewMulti(sb, types.TradesByMarketKey, "trades_by_market", marketCodec,
				collections.Uint64Key, func(_ uint64, t types.Trade) (MarketKey, error) { return marketKey(t.Zone, t.SlotStart), nil })}),
		TradesByParty: collections.NewKeySet(sb, types.TradesByPartyKey, "trades_by_party",
			collections.PairKeyCodec(sdk.AccAddressKey, collections.Uint64Key)),
		DeadlineQueue: collections.NewKeySet(sb, types.DeadlineQueueKey, "deadline_queue", collections.PairKeyCodec(collections.Int64Key, collections.Uint64Key)),
		Stats:         collections.NewMap(sb, types.StatsKey, "stats", marketCodec, codec.CollValue[types.MarketStats](cdc)),
		Markets:       collections.NewKeySet(sb, types.MarketsKey, "markets", marketCodec),
		OrderSeq:      collections.NewSequence(sb, types.OrderSeqKey, "order_seq"),
		TradeSeq:      collections.NewSequence(sb, types.TradeSeqKey, "trade_seq"),
		QueueAttempts: collections.NewMap(sb, types.QueueAttemptsKey, "queue_attempts",
			collections.PairKeyCodec(collections.StringKey, collections.Uint64Key), collections.Uint32Value),
		StuckItems: collections.NewMap(sb, types.StuckItemsKey, "stuck_items",
			collections.PairKeyCodec(collections.StringKey, collections.Uint64Key), codec.CollValue[types.StuckItem](cdc)),
		Zones:       collections.NewMap(sb, types.ZonesKey, "zones", collections.StringKey, codec.CollValue[types.Zone](cdc)),
		AccountOpen: collections.NewMap(sb, types.AccountOpenKey, "account_open", sdk.AccAddressKey, collections.Uint32Value),
		MarketQueue: collections.NewKeySet(sb, types.MarketQueueKey, "market_queue",
			collections.PairKeyCodec(collections.Int64Key, collections.StringKey)),
		PruneQueue: collections.NewKeySet(sb, types.PruneQueueKey, "prune_queue",
			collections.PairKeyCodec(collections.Int64Key, collections.Uint64Key)),
	}
	schema, err := sb.Build()
	if err != nil {
		panic(fmt.Errorf("building the market schema: %w", err))
	}
	k.Schema = schema
	return k
}

// WithBondDenom sets the denom buyers pay and sellers post collateral in
// (the chain's bond denom). The app sets it while wiring; a keeper without
// it refuses every escrow move, and the module refuses to be built.
func (k Keeper) WithBondDenom(denom string) Keeper {
	k.bondDenom = denom
	return k
}

// BondDenom returns the denom of payments and collateral; empty until
// WithBondDenom.
func (k Keeper) BondDenom() string { return k.bondDenom }

// SetHooks installs the consumers of settled trades; call it once while
// wiring, with every consumer in one NewMultiMarketHooks.
func (k Keeper) SetHooks(h types.MultiMarketHooks) {
	if k.hooks.hooks != nil {
		panic("market hooks already set: pass every consumer to one NewMultiMarketHooks")
	}
	k.hooks.hooks = h
}

// AddressCodec returns the codec the keeper reads addresses with.
func (k Keeper) AddressCodec() address.Codec { return k.addressCodec }
