// Package keeper holds the state of x/beckn: the Beckn network registry
// (participants and every key set they have had) and the anchors of
// confirmed Beckn orders with their state history.
package keeper

import (
	"fmt"

	"cosmossdk.io/collections"
	"cosmossdk.io/collections/indexes"
	"cosmossdk.io/core/address"
	"cosmossdk.io/core/store"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/beckn/types"
	"github.com/powershare/powershare/x/internal/moduleutil"
)

// ParticipantIndexes are the secondary lookups of participants.
type ParticipantIndexes struct {
	ByOwner *indexes.Multi[sdk.AccAddress, string, types.Participant]
	// ByOwnerStatus finds an owner's participants in one status: the
	// subscriptions a RELAY has waiting for approval are counted with it.
	ByOwnerStatus *indexes.Multi[collections.Pair[sdk.AccAddress, int32], string, types.Participant]
}

// IndexesList implements collections.Indexes.
func (i ParticipantIndexes) IndexesList() []collections.Index[string, types.Participant] {
	return []collections.Index[string, types.Participant]{i.ByOwner, i.ByOwnerStatus}
}

// OrderKey names an anchored order: (BPP subscriber id, Beckn order id), as
// Beckn makes order ids unique per BPP.
type OrderKey = collections.Pair[string, string]

func orderKey(a types.OrderAnchor) OrderKey { return collections.Join(a.BppId, a.OrderId) }

// OrderIndexes are the secondary lookups of anchored orders.
type OrderIndexes struct {
	ByTransaction *indexes.Multi[string, OrderKey, types.AnchoredOrder]
	// ByOrderID finds an order by its Beckn id alone, as the CLI asks.
	ByOrderID *indexes.Multi[string, OrderKey, types.AnchoredOrder]
	// BySeq finds an order by its anchoring sequence number.
	BySeq *indexes.Unique[uint64, OrderKey, types.AnchoredOrder]
	// ByDigest finds the one order a digest anchors: one signed on_confirm
	// is one order, and a second order with its digest is refused.
	ByDigest *indexes.Unique[[]byte, OrderKey, types.AnchoredOrder]
}

// IndexesList implements collections.Indexes.
func (i OrderIndexes) IndexesList() []collections.Index[OrderKey, types.AnchoredOrder] {
	return []collections.Index[OrderKey, types.AnchoredOrder]{i.ByTransaction, i.ByOrderID, i.BySeq, i.ByDigest}
}

// Keeper of the beckn module.
type Keeper struct {
	cdc          codec.BinaryCodec
	addressCodec address.Codec
	rbac         types.RBACKeeper
	market       types.MarketKeeper
	authz        types.AuthzKeeper
	// gov is the governance account, the only one that updates params.
	gov moduleutil.Governance

	Schema       collections.Schema
	Params       collections.Item[types.Params]
	Participants *collections.IndexedMap[string, types.Participant, ParticipantIndexes]
	// Keys holds every key set of every participant by (subscriber id, key id).
	Keys   collections.Map[collections.Pair[string, string], types.SubscriberKey]
	Orders *collections.IndexedMap[OrderKey, types.AnchoredOrder, OrderIndexes]
	// OrdersByParticipant lists each order's seq under its BAP and its BPP,
	// keyed (subscriber id, newestFirst(seq)) so iteration is newest first.
	// An anchor's parties never change, so the entries are written once; a
	// Multi index cannot hold two references of one order.
	OrdersByParticipant collections.KeySet[collections.Pair[string, uint64]]
	// History holds each order's state changes by ((BPP, order id), index).
	History  collections.Map[collections.Pair[OrderKey, uint32], types.StateChange]
	OrderSeq collections.Sequence
	// PendingQueue orders unapproved subscriptions by when they lapse
	// (unix s, subscriber id), for the EndBlocker.
	PendingQueue collections.KeySet[collections.Pair[int64, string]]
	// PruneQueue orders orders in a final state by their last change
	// (unix s, order key), for the EndBlocker to prune after the retention.
	PruneQueue collections.KeySet[collections.Pair[int64, OrderKey]]
}

var orderKeyCodec = collections.PairKeyCodec(collections.StringKey, collections.StringKey)

// NewKeeper returns the beckn keeper.
func NewKeeper(cdc codec.BinaryCodec, storeService store.KVStoreService, addressCodec address.Codec,
	rbac types.RBACKeeper, market types.MarketKeeper, authz types.AuthzKeeper, authority string,
) Keeper {
	sb := collections.NewSchemaBuilder(storeService)
	k := Keeper{
		cdc: cdc, addressCodec: addressCodec, rbac: rbac, market: market, authz: authz,
		gov: moduleutil.Governance{
			Address:           moduleutil.MustAuthority(addressCodec, types.ModuleName, authority),
			ErrInvalidAddress: types.ErrInvalidAddress, ErrUnauthorized: types.ErrUnauthorized,
		},
		Params: collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		Participants: collections.NewIndexedMap(sb, types.ParticipantsKey, "participants", collections.StringKey,
			codec.CollValue[types.Participant](cdc),
			ParticipantIndexes{ByOwner: indexes.NewMulti(sb, types.ParticipantsByOwnerKey, "participants_by_owner",
				sdk.AccAddressKey, collections.StringKey,
				func(_ string, p types.Participant) (sdk.AccAddress, error) {
					return addressCodec.StringToBytes(p.Owner)
				}),
				ByOwnerStatus: indexes.NewMulti(sb, types.ParticipantsPendingKey, "participants_by_owner_status",
					collections.PairKeyCodec(sdk.AccAddressKey, collections.Int32Key), collections.StringKey,
					func(_ string, p types.Participant) (collections.Pair[sdk.AccAddress, int32], error) {
						owner, err := addressCodec.StringToBytes(p.Owner)
						return collections.Join(sdk.AccAddress(owner), int32(p.Status)), err
					}),
			}),
		Keys: collections.NewMap(sb, types.KeysKey, "keys", collections.PairKeyCodec(collections.StringKey, collections.StringKey),
			codec.CollValue[types.SubscriberKey](cdc)),
		Orders: collections.NewIndexedMap(sb, types.OrdersKey, "orders", orderKeyCodec, codec.CollValue[types.AnchoredOrder](cdc),
			OrderIndexes{
				ByTransaction: indexes.NewMulti(sb, types.OrdersByTransactionKey, "orders_by_transaction",
					collections.StringKey, orderKeyCodec,
					func(_ OrderKey, o types.AnchoredOrder) (string, error) { return o.Anchor.TransactionId, nil }),
				ByOrderID: indexes.NewMulti(sb, types.OrdersByOrderIDKey, "orders_by_order_id", collections.StringKey, orderKeyCodec,
					func(_ OrderKey, o types.AnchoredOrder) (string, error) { return o.Anchor.OrderId, nil }),
				BySeq: indexes.NewUnique(sb, types.OrdersBySeqKey, "orders_by_seq", collections.Uint64Key, orderKeyCodec,
					func(_ OrderKey, o types.AnchoredOrder) (uint64, error) { return o.Seq, nil }),
				ByDigest: indexes.NewUnique(sb, types.OrdersByDigestKey, "orders_by_digest", collections.BytesKey, orderKeyCodec,
					func(_ OrderKey, o types.AnchoredOrder) ([]byte, error) { return o.Anchor.Digest, nil }),
			}),
		OrdersByParticipant: collections.NewKeySet(sb, types.OrdersByParticipantKey, "orders_by_participant",
			collections.PairKeyCodec(collections.StringKey, collections.Uint64Key)),
		History: collections.NewMap(sb, types.HistoryKey, "history", collections.PairKeyCodec(orderKeyCodec, collections.Uint32Key),
			codec.CollValue[types.StateChange](cdc)),
		OrderSeq: collections.NewSequence(sb, types.OrderSeqKey, "order_seq"),
		PendingQueue: collections.NewKeySet(sb, types.PendingQueueKey, "pending_queue",
			collections.PairKeyCodec(collections.Int64Key, collections.StringKey)),
		PruneQueue: collections.NewKeySet(sb, types.PruneQueueKey, "prune_queue",
			collections.PairKeyCodec(collections.Int64Key, orderKeyCodec)),
	}
	schema, err := sb.Build()
	if err != nil {
		panic(fmt.Errorf("building the beckn schema: %w", err))
	}
	k.Schema = schema
	return k
}

// newestFirst inverts a sequence number so that ascending keys list the newest first.
func newestFirst(seq uint64) uint64 { return ^seq }

// parseAddress decodes the account address in a Msg's field.
func (k Keeper) parseAddress(field, addr string) (sdk.AccAddress, error) {
	return moduleutil.ParseAddress(k.addressCodec, types.ErrInvalidAddress, field, addr)
}

// AddressCodec returns the codec the keeper reads addresses with.
func (k Keeper) AddressCodec() address.Codec { return k.addressCodec }
