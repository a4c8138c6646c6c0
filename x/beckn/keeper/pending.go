package keeper

import (
	"context"
	"errors"
	"time"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/beckn/types"
)

// A subscriber id is domain-like, but the chain cannot see who holds a
// domain: what proves it is a registrar's approval (an ADMIN or a
// REGULATOR, who checks the domain off chain). Until then a subscription is
// pending (INITIATED): it lapses pending_subscription_seconds after it was
// made, freeing the id for any RELAY, and one RELAY holds at most
// max_pending_subscriptions pending ones, so nobody can squat ids by the
// hundred or for good.

// lapsed says a pending subscription's time for approval has passed.
func lapsed(p types.Participant, now time.Time) bool {
	return p.Status == types.SubscriptionStatus_INITIATED && p.PendingUntil != nil && !now.Before(*p.PendingUntil)
}

// startPending makes p its owner's pending subscription until the params'
// period has passed, if the owner has room for one more.
func (k Keeper) startPending(ctx context.Context, p *types.Participant, params types.Params, now time.Time) error {
	owner, err := k.addressCodec.StringToBytes(p.Owner)
	if err != nil {
		return err
	}
	n, err := k.pendingCount(ctx, owner, now, params.MaxPendingSubscriptions)
	if err != nil {
		return err
	}
	if n >= params.MaxPendingSubscriptions {
		return types.ErrTooManyPending.Wrapf("%s has %d subscriptions waiting for approval (max_pending_subscriptions): "+
			"wait for a registrar to decide them, or unsubscribe one", p.Owner, n)
	}
	until := now.Add(time.Duration(params.PendingSubscriptionSeconds) * time.Second)
	p.Status, p.StatusReason, p.PendingUntil = types.SubscriptionStatus_INITIATED, "", &until
	return k.PendingQueue.Set(ctx, collections.Join(until.Unix(), p.SubscriberId))
}

// endPending takes p off the pending queue: it was approved, rejected,
// withdrawn or claimed after it lapsed.
func (k Keeper) endPending(ctx context.Context, p *types.Participant) error {
	if p.PendingUntil == nil {
		return nil
	}
	err := k.PendingQueue.Remove(ctx, collections.Join(p.PendingUntil.Unix(), p.SubscriberId))
	p.PendingUntil = nil
	return err
}

// pendingCount counts an owner's pending subscriptions that have not
// lapsed, up to limit. The lapsed ones still listed are those the
// EndBlocker has not reached yet, so the walk stays short.
func (k Keeper) pendingCount(ctx context.Context, owner sdk.AccAddress, now time.Time, limit uint32) (uint32, error) {
	iter, err := k.Participants.Indexes.ByOwnerStatus.MatchExact(ctx, collections.Join(owner, int32(types.SubscriptionStatus_INITIATED)))
	if err != nil {
		return 0, err
	}
	defer iter.Close()
	var n uint32
	for ; iter.Valid() && n < limit; iter.Next() {
		id, err := iter.PrimaryKey()
		if err != nil {
			return 0, err
		}
		p, err := k.Participants.Get(ctx, id)
		if err != nil {
			return 0, err
		}
		if !lapsed(p, now) {
			n++
		}
	}
	return n, nil
}

// lapse ends a pending subscription whose time has come (the queue entry
// due at due): it goes UNSUBSCRIBED with a reason, and any RELAY may claim
// the id. An entry that no longer matches (approved, rejected, claimed) is
// stale and left alone.
func (k Keeper) lapse(ctx context.Context, id string, due int64) error {
	p, err := k.Participants.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if p.Status != types.SubscriptionStatus_INITIATED || p.PendingUntil == nil || p.PendingUntil.Unix() != due {
		return nil
	}
	p.Status, p.PendingUntil = types.SubscriptionStatus_UNSUBSCRIBED, nil
	p.StatusReason = "not approved within pending_subscription_seconds; the id is free to claim"
	if err := k.setParticipant(ctx, &p); err != nil {
		return err
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventSubscriptionLapsed{Participant: p})
}
