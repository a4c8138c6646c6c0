package keeper

import (
	"context"
	"encoding/binary"
	"math"
	"time"

	"cosmossdk.io/collections"

	"github.com/powershare/powershare/x/market/types"
)

// bookKind separates the books of one market. Renewable-only buys and
// non-renewable sells never match each other, so keeping them apart lets
// every match read only the heads of the books it may trade with: no scan
// past orders it must skip.
type bookKind byte

const (
	bidsAny           bookKind = iota // buys that take any energy
	bidsRenewableOnly                 // buys with a minimum renewable share
	asksNonRenewable                  // sells without Energy Credits
	asksRenewable                     // sells carrying Energy Credits
)

func kindOf(o types.Order) bookKind {
	switch {
	case o.Side == types.Side_BUY && o.MinRenewablePct > 0:
		return bidsRenewableOnly
	case o.Side == types.Side_BUY:
		return bidsAny
	case o.Renewable:
		return asksRenewable
	default:
		return asksNonRenewable
	}
}

// counterBooks are the books an order may trade with.
func counterBooks(o types.Order) []bookKind {
	switch kindOf(o) {
	case bidsRenewableOnly:
		return []bookKind{asksRenewable}
	case bidsAny:
		return []bookKind{asksNonRenewable, asksRenewable}
	case asksRenewable:
		return []bookKind{bidsAny, bidsRenewableOnly}
	default:
		return []bookKind{bidsAny}
	}
}

// bookPrefix is zone length | zone | slot (unix s) | kind.
func bookPrefix(zone string, slot time.Time, kind bookKind) []byte {
	key := make([]byte, 0, 1+len(zone)+8+1+16)
	key = append(key, byte(len(zone)))
	key = append(key, zone...)
	key = binary.BigEndian.AppendUint64(key, uint64(slot.Unix()))
	return append(key, byte(kind))
}

// bookKey orders a book's entries so that its first entry is the best:
// by price (ascending for sells; for buys the price is stored as
// MaxUint64 - price, so the highest comes first), then by order id (time
// priority). Finding the best order is one seek; inserting and removing are
// one write each, whatever the depth.
func bookKey(o types.Order) []byte {
	price := o.Price
	if o.Side == types.Side_BUY {
		price = math.MaxUint64 - price
	}
	key := bookPrefix(o.Zone, o.SlotStart, kindOf(o))
	key = binary.BigEndian.AppendUint64(key, price)
	return binary.BigEndian.AppendUint64(key, o.Id)
}

func orderIDOf(key []byte) uint64 { return binary.BigEndian.Uint64(key[len(key)-8:]) }

// rest puts an order on its book and queues it for its gate closure (fixed
// at placement, so a params change never moves it).
func (k Keeper) rest(ctx context.Context, o types.Order) error {
	if err := k.Book.Set(ctx, bookKey(o)); err != nil {
		return err
	}
	return k.GateQueue.Set(ctx, collections.Join(o.GateClosure.Unix(), o.Id))
}

func (k Keeper) unrest(ctx context.Context, o types.Order) error {
	if err := k.Book.Remove(ctx, bookKey(o)); err != nil {
		return err
	}
	return k.GateQueue.Remove(ctx, collections.Join(o.GateClosure.Unix(), o.Id))
}

// head returns the best order of one book, if any.
func (k Keeper) head(ctx context.Context, zone string, slot time.Time, kind bookKind) (types.Order, bool, error) {
	iter, err := k.Book.Iterate(ctx, new(collections.Range[[]byte]).Prefix(bookPrefix(zone, slot, kind)))
	if err != nil {
		return types.Order{}, false, err
	}
	defer iter.Close()
	if !iter.Valid() {
		return types.Order{}, false, nil
	}
	key, err := iter.Key()
	if err != nil {
		return types.Order{}, false, err
	}
	o, err := k.Orders.Get(ctx, orderIDOf(key))
	return o, err == nil, err
}

// bestCounterparty returns the best resting order taker may trade with:
// best price, then earliest id, across the books it may trade with.
func (k Keeper) bestCounterparty(ctx context.Context, taker types.Order) (types.Order, bool, error) {
	var best types.Order
	found := false
	for _, kind := range counterBooks(taker) {
		o, ok, err := k.head(ctx, taker.Zone, taker.SlotStart, kind)
		if err != nil {
			return best, false, err
		}
		if ok && (!found || better(o, best)) {
			best, found = o, true
		}
	}
	return best, found, nil
}

// better reports whether resting order a has priority over b (same side).
func better(a, b types.Order) bool {
	if a.Price != b.Price {
		if a.Side == types.Side_BUY {
			return a.Price > b.Price
		}
		return a.Price < b.Price
	}
	return a.Id < b.Id
}

// crosses reports whether taker may trade at maker's price.
func crosses(taker, maker types.Order) bool {
	if taker.Side == types.Side_BUY {
		return maker.Price <= taker.Price
	}
	return maker.Price >= taker.Price
}
