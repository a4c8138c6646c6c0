package types

import "cosmossdk.io/errors"

// Errors of the beckn module; codes start at 2.
var (
	ErrInvalidParticipant  = errors.Register(ModuleName, 2, "invalid participant")
	ErrInvalidKey          = errors.Register(ModuleName, 3, "invalid key")
	ErrUnknownParticipant  = errors.Register(ModuleName, 4, "unknown participant")
	ErrNotOwner            = errors.Register(ModuleName, 5, "not the participant's owner")
	ErrUnauthorized        = errors.Register(ModuleName, 6, "not permitted")
	ErrInvalidStatus       = errors.Register(ModuleName, 7, "not allowed in the participant's status")
	ErrKeyIDTaken          = errors.Register(ModuleName, 8, "key id already used")
	ErrParticipantInactive = errors.Register(ModuleName, 9, "participant not subscribed or its key not valid")
	ErrInvalidAnchor       = errors.Register(ModuleName, 10, "invalid anchor")
	ErrNotOrderParty       = errors.Register(ModuleName, 11, "relay is neither the order's BAP nor its BPP")
	ErrDigestConflict      = errors.Register(ModuleName, 12, "order already anchored with another digest")
	ErrUnknownOrder        = errors.Register(ModuleName, 13, "unknown order")
	ErrIllegalTransition   = errors.Register(ModuleName, 14, "illegal order state transition")
	ErrNoSettlementGrant   = errors.Register(ModuleName, 15, "party has not authorised the relay to settle for it")
	ErrInvalidParams       = errors.Register(ModuleName, 16, "invalid params")
	ErrInvalidGenesis      = errors.Register(ModuleName, 17, "invalid genesis")
	ErrInvalidAddress      = errors.Register(ModuleName, 18, "invalid address")
	ErrTooManyAnchors      = errors.Register(ModuleName, 19, "too many anchors in one transaction")
	ErrInvalidSignature    = errors.Register(ModuleName, 20, "invalid Beckn signature")
	ErrInvalidState        = errors.Register(ModuleName, 21, "invalid order state")
	ErrInvalidDigest       = errors.Register(ModuleName, 22, "invalid digest")
	ErrTooManyPending      = errors.Register(ModuleName, 30, "too many subscriptions waiting for approval")
	// Codes from 40 on: the anchored body and its terms.
	ErrInvalidBody   = errors.Register(ModuleName, 40, "invalid on_confirm body")
	ErrDigestReused  = errors.Register(ModuleName, 41, "digest already anchors another order")
	ErrTermsMismatch = errors.Register(ModuleName, 42, "anchor's terms differ from its signed body")
)
