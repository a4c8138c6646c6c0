package keeper

import (
	"bytes"
	"context"
	"errors"
	"strings"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/beckn"
	"github.com/powershare/powershare/x/beckn/types"
)

// maxSameOrderID bounds how many BPPs' orders with one order id a lookup
// without a BPP reads before asking for the BPP.
const maxSameOrderID = 10

// GetOrder returns an anchored order or ErrUnknownOrder. Without bppID it
// finds the order by its order id alone, which must then name one order.
func (k Keeper) GetOrder(ctx context.Context, bppID, orderID string) (types.AnchoredOrder, error) {
	if bppID != "" {
		o, err := k.Orders.Get(ctx, collections.Join(bppID, orderID))
		if errors.Is(err, collections.ErrNotFound) {
			return o, types.ErrUnknownOrder.Wrapf("BPP %q has no anchored order %q", bppID, orderID)
		}
		return o, err
	}
	iter, err := k.Orders.Indexes.ByOrderID.MatchExact(ctx, orderID)
	if err != nil {
		return types.AnchoredOrder{}, err
	}
	defer iter.Close()
	var keys []OrderKey
	for ; iter.Valid() && len(keys) < maxSameOrderID; iter.Next() {
		key, err := iter.PrimaryKey()
		if err != nil {
			return types.AnchoredOrder{}, err
		}
		keys = append(keys, key)
	}
	switch len(keys) {
	case 0:
		return types.AnchoredOrder{}, types.ErrUnknownOrder.Wrapf("order %q is not anchored", orderID)
	case 1:
		return k.Orders.Get(ctx, keys[0])
	}
	bpps := make([]string, len(keys))
	for i, key := range keys {
		bpps[i] = key.K1()
	}
	return types.AnchoredOrder{}, types.ErrUnknownOrder.Wrapf("several BPPs anchored an order %q (%s): name the BPP (bpp_id, --bpp-id)",
		orderID, strings.Join(bpps, ", "))
}

// reanchor answers an anchor for an order already anchored: the same
// anchor is a no-op; another digest is a conflict naming both; the same
// digest with other terms is refused (the relay misread its own body).
func (k Keeper) reanchor(existing types.AnchoredOrder, a types.OrderAnchor) error {
	if !bytes.Equal(existing.Anchor.Digest, a.Digest) {
		return types.ErrDigestConflict.Wrapf("order %q of %q was anchored with digest %s; this anchor has %s", a.OrderId, a.BppId,
			beckn.EncodeDigest(existing.Anchor.Digest), beckn.EncodeDigest(a.Digest))
	}
	stored, err := k.cdc.Marshal(&existing.Anchor)
	if err != nil {
		return err
	}
	given, err := k.cdc.Marshal(&a)
	if err != nil {
		return err
	}
	if !bytes.Equal(stored, given) {
		return types.ErrInvalidAnchor.Wrapf("order %q of %q was anchored with the same digest but other terms; query it with 'q beckn order'",
			a.OrderId, a.BppId)
	}
	return nil
}

// storeAnchor records a new order as CONFIRMED, lists it under its parties
// and starts its history with the anchoring.
func (k Keeper) storeAnchor(ctx context.Context, a types.OrderAnchor, relay string, tradeID uint64, bppSigned bool) error {
	seq, err := k.OrderSeq.Next(ctx)
	if err != nil {
		return err
	}
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	now := sdkCtx.BlockTime().UTC()
	o := types.AnchoredOrder{
		Anchor: a, State: types.OrderState_CONFIRMED, AnchoredBy: relay, AnchoredAt: now,
		Height: sdkCtx.BlockHeight(), TradeId: tradeID, Seq: seq, Changes: 1, BppSigned: bppSigned,
	}
	if err := k.setOrder(ctx, o); err != nil {
		return err
	}
	change := types.StateChange{
		BppId: a.BppId, OrderId: a.OrderId, Index: 0, To: types.OrderState_CONFIRMED, Digest: a.Digest, By: relay,
		Time: now, Height: o.Height,
	}
	if err := k.History.Set(ctx, historyKey(change), change); err != nil {
		return err
	}
	return sdkCtx.EventManager().EmitTypedEvent(&types.EventOrderAnchored{Order: o})
}

// setOrder stores a new order and lists it under its parties (genesis
// import uses it too).
func (k Keeper) setOrder(ctx context.Context, o types.AnchoredOrder) error {
	if err := k.Orders.Set(ctx, orderKey(o.Anchor), o); err != nil {
		return err
	}
	for _, party := range partiesOf(o.Anchor) {
		if err := k.OrdersByParticipant.Set(ctx, collections.Join(party, newestFirst(o.Seq))); err != nil {
			return err
		}
	}
	return nil
}

func historyKey(c types.StateChange) collections.Pair[OrderKey, uint32] {
	return collections.Join(collections.Join(c.BppId, c.OrderId), c.Index)
}

// partiesOf lists the BAP and, if another, the BPP.
func partiesOf(a types.OrderAnchor) []string {
	if a.BapId == a.BppId {
		return []string{a.BapId}
	}
	return []string{a.BapId, a.BppId}
}

// changeState moves an order to a new state and appends it to its history.
func (k Keeper) changeState(ctx context.Context, o types.AnchoredOrder, to types.OrderState, digest []byte, by string) error {
	if err := types.CheckTransition(o.State, to); err != nil {
		return errorsmod.Wrapf(err, "order %q of %q", o.Anchor.OrderId, o.Anchor.BppId)
	}
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	change := types.StateChange{
		BppId: o.Anchor.BppId, OrderId: o.Anchor.OrderId, Index: o.Changes, From: o.State, To: to,
		Digest: bytes.Clone(digest), By: by, Time: sdkCtx.BlockTime().UTC(), Height: sdkCtx.BlockHeight(),
	}
	if err := k.History.Set(ctx, historyKey(change), change); err != nil {
		return err
	}
	o.State, o.Changes = to, o.Changes+1
	if err := k.Orders.Set(ctx, orderKey(o.Anchor), o); err != nil {
		return err
	}
	if to.IsFinal() {
		if err := k.queueFinal(ctx, orderKey(o.Anchor), change.Time); err != nil {
			return err
		}
	}
	return sdkCtx.EventManager().EmitTypedEvent(&types.EventOrderStateChanged{Change: change})
}
