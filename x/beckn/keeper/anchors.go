package keeper

import (
	"context"
	"time"

	"github.com/powershare/powershare/beckn"
	"github.com/powershare/powershare/x/beckn/types"
)

// checkParties checks the order's parties registered here: the BAP is a
// BAP, the BPP a BPP, both SUBSCRIBED with a valid key, and the relay owns
// one of them, which serves the order's domain. A party of another network
// is not registered here and is taken as named.
func (v *registryView) checkParties(ctx context.Context, relay string, a types.OrderAnchor, now time.Time) error {
	var own *types.Participant
	for _, side := range []struct {
		id   string
		kind types.SubscriberType
	}{{a.BppId, types.SubscriberType_BPP}, {a.BapId, types.SubscriberType_BAP}} {
		p, err := v.participant(ctx, side.id)
		if err != nil {
			return err
		}
		if p == nil {
			continue
		}
		if p.Type != side.kind {
			return types.ErrInvalidAnchor.Wrapf("%q is registered as a %s, not a %s", p.SubscriberId, p.Type, side.kind)
		}
		key, err := v.keyInForce(ctx, p, now)
		if err != nil {
			return err
		}
		if key == nil {
			return types.ErrInvalidKey.Wrapf("participant %q has lost its key in force", p.SubscriberId)
		}
		if status := types.EffectiveStatus(*p, *key, now); status != types.SubscriptionStatus_SUBSCRIBED {
			return types.ErrParticipantInactive.Wrapf("%s %q is %s", side.kind, p.SubscriberId, status)
		}
		if p.Owner == relay && own == nil {
			own = p
		}
	}
	if own == nil {
		return types.ErrNotOrderParty.Wrapf("%s owns neither BAP %q nor BPP %q", relay, a.BapId, a.BppId)
	}
	if own.Domain != a.Domain {
		return types.ErrInvalidAnchor.Wrapf("%q serves domain %s; the order is in %s", own.SubscriberId, own.Domain, a.Domain)
	}
	return nil
}

// ownsParty: the relay owns the order's BAP or its BPP participant,
// whatever their status now. An anchored order stays in the hands of its
// parties' relays, so an expired key or a withdrawn counterparty never
// leaves it stuck.
func (v *registryView) ownsParty(ctx context.Context, relay string, a types.OrderAnchor) error {
	for _, id := range []string{a.BppId, a.BapId} {
		p, err := v.participant(ctx, id)
		if err != nil {
			return err
		}
		if p != nil && p.Owner == relay {
			return nil
		}
	}
	return types.ErrNotOrderParty.Wrapf("%s owns neither BAP %q nor BPP %q", relay, a.BapId, a.BppId)
}

// checkURIs: the body's bap_uri and bpp_uri are the urls registered here
// for the parties registered here, so a signed body names the endpoints
// the registry vouches for. A party of another network is taken as named.
func (v *registryView) checkURIs(ctx context.Context, t beckn.ConfirmTerms) error {
	for _, side := range []struct{ name, id, uri string }{{"bap_uri", t.BapID, t.BapURI}, {"bpp_uri", t.BppID, t.BppURI}} {
		p, err := v.participant(ctx, side.id)
		if err != nil {
			return err
		}
		if p != nil && p.Url != side.uri {
			return types.ErrTermsMismatch.Wrapf("%s: the signed body has %q; %q is registered with %q", side.name, side.uri, side.id, p.Url)
		}
	}
	return nil
}
