// Package registry reads the Beckn network registry that x/beckn keeps on
// chain, for a relay that verifies signatures and routes messages: a gRPC
// client of the chain's Lookup query (NewChain), a cache in front of it that
// the chain's events keep fresh (Cache, Watch), and the Beckn v1.1.1
// registry API for outsiders (LookupHandler).
//
// It imports only x/beckn's generated types, never a keeper or the app.
package registry

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Errors of the package.
var (
	// ErrNotFound: the registry holds no such participant, or no such key
	// of it (or, for the key in force, none in force).
	ErrNotFound = errors.New("not in the registry")
	// ErrInvalidFilter: a lookup filter the registry cannot apply.
	ErrInvalidFilter = errors.New("invalid registry lookup filter")
	// ErrTooManyResults: a lookup whose answer exceeds the client's bound.
	ErrTooManyResults = errors.New("registry lookup answer too large")
)

// Subscriber types and subscription statuses as Beckn v1.1.1 names them.
const (
	TypeBAP = "BAP"
	TypeBPP = "BPP"
	TypeBG  = "BG"

	StatusInitiated         = "INITIATED"
	StatusUnderSubscription = "UNDER_SUBSCRIPTION"
	StatusSubscribed        = "SUBSCRIBED"
	StatusExpired           = "EXPIRED"
	StatusUnsubscribed      = "UNSUBSCRIBED"
	StatusInvalidSSL        = "INVALID_SSL"
)

var (
	subscriberTypes = []string{TypeBAP, TypeBPP, TypeBG}
	knownStatuses   = []string{StatusInitiated, StatusUnderSubscription, StatusSubscribed, StatusExpired, StatusUnsubscribed, StatusInvalidSSL}
)

// Key is one registry entry as Beckn's /lookup answers it: a participant
// with one of its key sets (the one in force, or the one a key id named),
// and the participant's status for that key (EXPIRED once the key has
// ended, on chain).
type Key struct {
	SubscriberID string
	KeyID        string
	URL          string
	Type         string // BAP, BPP or BG
	Domain       string
	Country      string
	City         string
	Status       string // INITIATED ... INVALID_SSL, as Beckn v1.1.1 names them

	// SigningPublicKey is Ed25519, EncrPublicKey X25519, both raw or DER
	// as registries publish them (the chain stores them raw);
	// MLDSAPublicKey is the optional ML-DSA-65 key of co-signatures.
	SigningPublicKey []byte
	EncrPublicKey    []byte
	MLDSAPublicKey   []byte

	// The key is valid from ValidFrom (inclusive) to ValidUntil (exclusive).
	ValidFrom  time.Time
	ValidUntil time.Time

	// Created and Updated are the participant's, as the registry records them.
	Created time.Time
	Updated time.Time
}

// ValidAt says whether the key is valid at t: ValidFrom <= t < ValidUntil.
// A key without a ValidUntil is valid at no time: registries always give one.
func (k Key) ValidAt(t time.Time) bool {
	return !t.Before(k.ValidFrom) && t.Before(k.ValidUntil)
}

// HasMLDSA says whether the key set includes an ML-DSA-65 key, that is
// whether its holder makes and checks co-signatures.
func (k Key) HasMLDSA() bool { return len(k.MLDSAPublicKey) > 0 }

// Usable says whether the registry lets the participant transact with this
// key: SUBSCRIBED (a key that has ended shows EXPIRED).
func (k Key) Usable() bool { return k.Status == StatusSubscribed }

// Clone returns a copy that shares no bytes with k, so that a cached entry
// handed to callers cannot be changed through them.
func (k Key) Clone() Key {
	k.SigningPublicKey = bytes.Clone(k.SigningPublicKey)
	k.EncrPublicKey = bytes.Clone(k.EncrPublicKey)
	k.MLDSAPublicKey = bytes.Clone(k.MLDSAPublicKey)
	return k
}

// Filter holds the v1.1.1 /lookup filters; empty ones match everything and
// the others are combined with AND. Without KeyID each participant comes
// with its key in force; with it, with that key.
type Filter struct {
	SubscriberID string
	KeyID        string
	Type         string // BAP, BPP or BG
	Domain       string
	Country      string
	City         string
	Status       string // INITIATED ... INVALID_SSL
}

// Normalize returns the filter with its type and status in upper case, as
// Beckn spells them, or ErrInvalidFilter naming a value that is neither.
func (f Filter) Normalize() (Filter, error) {
	f.Type, f.Status = strings.ToUpper(f.Type), strings.ToUpper(f.Status)
	if f.Type != "" && !slices.Contains(subscriberTypes, f.Type) {
		return f, fmt.Errorf("%w: type %q is not one of %s", ErrInvalidFilter, f.Type, strings.Join(subscriberTypes, ", "))
	}
	if f.Status != "" && !slices.Contains(knownStatuses, f.Status) {
		return f, fmt.Errorf("%w: status %q is not one of %s", ErrInvalidFilter, f.Status, strings.Join(knownStatuses, ", "))
	}
	return f, nil
}

// Registry is what a relay reads of the network registry.
type Registry interface {
	// ResolveKey returns the participant with the key keyID, or with the
	// key in force when keyID is empty; ErrNotFound if there is none.
	ResolveKey(ctx context.Context, subscriberID, keyID string) (Key, error)
	// Lookup returns every entry that passes the filter, ordered by
	// subscriber id.
	Lookup(ctx context.Context, f Filter) ([]Key, error)
}
