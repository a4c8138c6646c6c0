package types

import "time"

// KeyValidAt says whether a key set is valid at t: valid_from <= t < valid_until.
func KeyValidAt(k SubscriberKey, t time.Time) bool {
	return !t.Before(k.ValidFrom) && t.Before(k.ValidUntil)
}

// EffectiveStatus is the status a participant shows at t with the key set k
// (the set in force, or the one a lookup names): a SUBSCRIBED participant
// whose key has ended by t is EXPIRED.
func EffectiveStatus(p Participant, k SubscriberKey, t time.Time) SubscriptionStatus {
	if p.Status == SubscriptionStatus_SUBSCRIBED && !t.Before(k.ValidUntil) {
		return SubscriptionStatus_EXPIRED
	}
	return p.Status
}
