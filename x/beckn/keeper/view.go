package keeper

import (
	"context"
	"errors"
	"time"

	"cosmossdk.io/collections"

	"github.com/powershare/powershare/x/beckn/types"
)

// registryView memoises the registry reads of one Msg. A batch of anchors
// usually names the same BAP and BPP, and every store read costs gas, so
// each participant and key is read once per Msg. The maps are only looked
// up, never iterated.
type registryView struct {
	k            Keeper
	participants map[string]*types.Participant // nil: not registered
	keys         map[[2]string]*types.SubscriberKey
	// maxSignatureAge is the params' max_signature_age_seconds, set by the
	// Msg that checks signatures.
	maxSignatureAge time.Duration
}

func (k Keeper) newRegistryView() *registryView {
	return &registryView{k: k, participants: map[string]*types.Participant{}, keys: map[[2]string]*types.SubscriberKey{}}
}

// participant returns a participant, or nil when it is not registered here.
func (v *registryView) participant(ctx context.Context, id string) (*types.Participant, error) {
	if p, ok := v.participants[id]; ok {
		return p, nil
	}
	p, err := v.k.Participants.Get(ctx, id)
	switch {
	case errors.Is(err, collections.ErrNotFound):
		v.participants[id] = nil
		return nil, nil
	case err != nil:
		return nil, err
	}
	v.participants[id] = &p
	return &p, nil
}

// key returns a participant's key set, or nil when it has none with that id.
func (v *registryView) key(ctx context.Context, subscriberID, keyID string) (*types.SubscriberKey, error) {
	id := [2]string{subscriberID, keyID}
	if key, ok := v.keys[id]; ok {
		return key, nil
	}
	key, err := v.k.Keys.Get(ctx, collections.Join(subscriberID, keyID))
	switch {
	case errors.Is(err, collections.ErrNotFound):
		v.keys[id] = nil
		return nil, nil
	case err != nil:
		return nil, err
	}
	v.keys[id] = &key
	return &key, nil
}

// keyInForce is Keeper.KeyInForce through the view; nil if a set is missing.
func (v *registryView) keyInForce(ctx context.Context, p *types.Participant, t time.Time) (*types.SubscriberKey, error) {
	current, err := v.key(ctx, p.SubscriberId, p.KeyId)
	if err != nil || current == nil || !t.Before(current.ValidFrom) || p.PreviousKeyId == "" {
		return current, err
	}
	return v.key(ctx, p.SubscriberId, p.PreviousKeyId)
}
