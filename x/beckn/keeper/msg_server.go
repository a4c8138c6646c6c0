package keeper

import (
	"context"
	"errors"
	"time"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/beckn/types"
	"github.com/powershare/powershare/x/internal/moduleutil"
)

type msgServer struct{ Keeper }

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the beckn Msg service.
func NewMsgServerImpl(k Keeper) types.MsgServer { return msgServer{k} }

// relaySigner parses the relay and checks its RELAY role.
func (m msgServer) relaySigner(ctx context.Context, relay string) (sdk.AccAddress, error) {
	addr, err := m.parseAddress("relay", relay)
	if err != nil {
		return nil, err
	}
	return addr, m.requireRelay(ctx, addr, relay)
}

func (m msgServer) Subscribe(ctx context.Context, msg *types.MsgSubscribe) (*types.MsgSubscribeResponse, error) {
	if _, err := m.relaySigner(ctx, msg.Relay); err != nil {
		return nil, err
	}
	if err := types.ValidateSubscriberID(msg.SubscriberId); err != nil {
		return nil, err
	}
	if err := types.ValidateURL(msg.Url); err != nil {
		return nil, err
	}
	if err := msg.Type.Validate(); err != nil {
		return nil, err
	}
	if err := types.ValidateDomain(msg.Domain); err != nil {
		return nil, err
	}
	if err := types.ValidateLocation(msg.Country, msg.City); err != nil {
		return nil, err
	}
	key, err := m.newKey(ctx, msg.SubscriberId, msg)
	if err != nil {
		return nil, err
	}
	params, err := m.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	now := sdk.UnwrapSDKContext(ctx).BlockTime().UTC()
	p, err := m.Participants.Get(ctx, msg.SubscriberId)
	switch {
	case errors.Is(err, collections.ErrNotFound):
		p = types.Participant{SubscriberId: msg.SubscriberId, KeyId: key.KeyId, Owner: msg.Relay, Created: now}
		if err := m.startPending(ctx, &p, params, now); err != nil {
			return nil, err
		}
		if err := m.Keys.Set(ctx, collections.Join(p.SubscriberId, key.KeyId), key); err != nil {
			return nil, err
		}
	case err != nil:
		return nil, err
	default:
		if key, err = m.resubscribe(ctx, &p, key, msg.Relay, params, now); err != nil {
			return nil, err
		}
	}
	p.Url, p.Type, p.Domain, p.Country, p.City = msg.Url, msg.Type, msg.Domain, msg.Country, msg.City
	if err := m.setParticipant(ctx, &p); err != nil {
		return nil, err
	}
	return &types.MsgSubscribeResponse{Status: p.Status},
		sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventSubscribed{Participant: p, Key: key})
}

// resubscribe applies MsgSubscribe to a registered id. Its owner's change
// of an approved subscription waits for approval again
// (UNDER_SUBSCRIPTION); a pending one stays pending with its deadline (so
// subscribing again never buys time). An id out of the network (left,
// rejected, or pending past its deadline) may be claimed by any RELAY and
// is pending again: so a rejected or idle squatter cannot hold it. A new
// owner starts a new generation with a fresh key history.
func (m msgServer) resubscribe(ctx context.Context, p *types.Participant, key types.SubscriberKey, relay string, params types.Params,
	now time.Time,
) (types.SubscriberKey, error) {
	outOfNetwork := p.Status == types.SubscriptionStatus_UNSUBSCRIBED || p.Status == types.SubscriptionStatus_INVALID_SSL || lapsed(*p, now)
	if p.Owner != relay && !outOfNetwork {
		return key, types.ErrNotOwner.Wrapf("subscriber id %q belongs to %s", p.SubscriberId, p.Owner)
	}
	var err error
	switch {
	case outOfNetwork:
		if err := m.endPending(ctx, p); err != nil {
			return key, err
		}
		if p.Owner != relay {
			p.Owner = relay
			err = m.startKeyHistory(ctx, p, key)
		} else {
			key, err = m.resubscribeKey(ctx, p, key)
		}
		if err != nil {
			return key, err
		}
		return key, m.startPending(ctx, p, params, now)
	case p.Status == types.SubscriptionStatus_INITIATED:
		return m.resubscribeKey(ctx, p, key)
	default:
		p.Status, p.StatusReason = types.SubscriptionStatus_UNDER_SUBSCRIPTION, ""
		return m.resubscribeKey(ctx, p, key)
	}
}

// resubscribeKey handles the key of a re-subscription: the current key id
// with the same keys changes nothing; a new key id rotates to it; any other
// reuse of a key id is refused.
func (m msgServer) resubscribeKey(ctx context.Context, p *types.Participant, key types.SubscriberKey) (types.SubscriberKey, error) {
	if key.KeyId != p.KeyId {
		return key, m.rotate(ctx, p, key)
	}
	current, err := m.CurrentKey(ctx, *p)
	if err != nil {
		return key, err
	}
	if !sameMaterial(current, key) {
		return key, types.ErrKeyIDTaken.Wrapf("key %q of %q holds other keys; rotate to a new key id", key.KeyId, p.SubscriberId)
	}
	return current, nil
}

func (m msgServer) ApproveSubscription(ctx context.Context, msg *types.MsgApproveSubscription) (*types.MsgApproveSubscriptionResponse, error) {
	p, err := m.decidable(ctx, msg.Signer, msg.SubscriberId)
	if err != nil {
		return nil, err
	}
	if p.Status != types.SubscriptionStatus_INITIATED && p.Status != types.SubscriptionStatus_UNDER_SUBSCRIPTION {
		return nil, types.ErrInvalidStatus.Wrapf("%q is %s; only INITIATED or UNDER_SUBSCRIPTION participants are approved", p.SubscriberId, p.Status)
	}
	if lapsed(p, sdk.UnwrapSDKContext(ctx).BlockTime()) {
		return nil, types.ErrInvalidStatus.Wrapf("%q was not approved by %s and has lapsed; its owner subscribes again",
			p.SubscriberId, p.PendingUntil.Format(time.RFC3339))
	}
	if msg.Reviewed != nil && !msg.Reviewed.Equal(p.Updated) {
		return nil, types.ErrInvalidStatus.Wrapf("%q changed at %s, after the version reviewed (%s); review it again",
			p.SubscriberId, p.Updated.Format(time.RFC3339Nano), msg.Reviewed.UTC().Format(time.RFC3339Nano))
	}
	return &types.MsgApproveSubscriptionResponse{}, m.decide(ctx, p, types.SubscriptionStatus_SUBSCRIBED, "", msg.Signer)
}

func (m msgServer) RejectSubscription(ctx context.Context, msg *types.MsgRejectSubscription) (*types.MsgRejectSubscriptionResponse, error) {
	p, err := m.decidable(ctx, msg.Signer, msg.SubscriberId)
	if err != nil {
		return nil, err
	}
	if len(msg.Reason) == 0 || len(msg.Reason) > 256 {
		return nil, types.ErrInvalidParticipant.Wrapf("a reason of 1 to 256 characters is required, got %d", len(msg.Reason))
	}
	if p.Status == types.SubscriptionStatus_UNSUBSCRIBED || p.Status == types.SubscriptionStatus_INVALID_SSL {
		return nil, types.ErrInvalidStatus.Wrapf("%q is already %s", p.SubscriberId, p.Status)
	}
	status := types.SubscriptionStatus_UNSUBSCRIBED
	if msg.InvalidSsl {
		status = types.SubscriptionStatus_INVALID_SSL
	}
	return &types.MsgRejectSubscriptionResponse{}, m.decide(ctx, p, status, msg.Reason, msg.Signer)
}

// decidable checks the signer may decide subscriptions and returns the
// participant; nobody decides on a participant they own.
func (m msgServer) decidable(ctx context.Context, signer, id string) (types.Participant, error) {
	addr, err := m.parseAddress("signer", signer)
	if err != nil {
		return types.Participant{}, err
	}
	if err := m.requireRegistrar(ctx, addr, signer); err != nil {
		return types.Participant{}, err
	}
	p, err := m.GetParticipant(ctx, id)
	if err != nil {
		return p, err
	}
	if p.Owner == signer {
		return p, types.ErrUnauthorized.Wrapf("%s owns %q and cannot decide its subscription", signer, id)
	}
	return p, nil
}

func (m msgServer) decide(ctx context.Context, p types.Participant, status types.SubscriptionStatus, reason, by string) error {
	if err := m.endPending(ctx, &p); err != nil {
		return err
	}
	p.Status, p.StatusReason = status, reason
	if err := m.setParticipant(ctx, &p); err != nil {
		return err
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventSubscriptionDecided{
		SubscriberId: p.SubscriberId, Status: status, Reason: reason, By: by,
	})
}

func (m msgServer) RotateKeys(ctx context.Context, msg *types.MsgRotateKeys) (*types.MsgRotateKeysResponse, error) {
	if _, err := m.relaySigner(ctx, msg.Relay); err != nil {
		return nil, err
	}
	p, err := m.ownedParticipant(ctx, msg.Relay, msg.SubscriberId)
	if err != nil {
		return nil, err
	}
	if p.Status == types.SubscriptionStatus_UNSUBSCRIBED || p.Status == types.SubscriptionStatus_INVALID_SSL {
		return nil, types.ErrInvalidStatus.Wrapf("%q is %s; subscribe again first", p.SubscriberId, p.Status)
	}
	key, err := m.newKey(ctx, msg.SubscriberId, msg)
	if err != nil {
		return nil, err
	}
	if err := m.rotate(ctx, &p, key); err != nil {
		return nil, err
	}
	return &types.MsgRotateKeysResponse{}, m.setParticipant(ctx, &p)
}

func (m msgServer) Unsubscribe(ctx context.Context, msg *types.MsgUnsubscribe) (*types.MsgUnsubscribeResponse, error) {
	if _, err := m.relaySigner(ctx, msg.Relay); err != nil {
		return nil, err
	}
	p, err := m.ownedParticipant(ctx, msg.Relay, msg.SubscriberId)
	if err != nil {
		return nil, err
	}
	if p.Status == types.SubscriptionStatus_UNSUBSCRIBED {
		return nil, types.ErrInvalidStatus.Wrapf("%q is already UNSUBSCRIBED", p.SubscriberId)
	}
	if err := m.endPending(ctx, &p); err != nil {
		return nil, err
	}
	p.Status = types.SubscriptionStatus_UNSUBSCRIBED // a regulator's reason, if any, stays
	if err := m.setParticipant(ctx, &p); err != nil {
		return nil, err
	}
	return &types.MsgUnsubscribeResponse{}, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(
		&types.EventUnsubscribed{SubscriberId: p.SubscriberId, By: msg.Relay})
}

func (m msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	return &types.MsgUpdateParamsResponse{}, moduleutil.UpdateParams(ctx, m.addressCodec, m.gov, msg.Authority, msg.Params,
		m.Params, &types.EventParamsUpdated{Authority: msg.Authority, Params: msg.Params})
}
