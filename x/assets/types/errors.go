package types

import "cosmossdk.io/errors"

// Errors of the assets module; codes start at 2.
var (
	ErrUnauthorized        = errors.Register(ModuleName, 2, "not permitted")
	ErrInvalidMeter        = errors.Register(ModuleName, 3, "invalid meter")
	ErrMeterExists         = errors.Register(ModuleName, 4, "meter already registered")
	ErrUnknownMeter        = errors.Register(ModuleName, 5, "unknown meter")
	ErrInactiveMeter       = errors.Register(ModuleName, 6, "meter is inactive")
	ErrInvalidReading      = errors.Register(ModuleName, 7, "invalid reading")
	ErrOverlap             = errors.Register(ModuleName, 8, "period already attested")
	ErrOverCapacity        = errors.Register(ModuleName, 9, "energy above meter capacity")
	ErrTooManyReadings     = errors.Register(ModuleName, 10, "too many readings")
	ErrInvalidBatch        = errors.Register(ModuleName, 11, "invalid batch")
	ErrUnknownBatch        = errors.Register(ModuleName, 12, "unknown batch")
	ErrAlreadyIssued       = errors.Register(ModuleName, 13, "batch already issued")
	ErrInvalidAmount       = errors.Register(ModuleName, 14, "invalid amount")
	ErrInvalidRetirement   = errors.Register(ModuleName, 15, "invalid retirement")
	ErrNotMember           = errors.Register(ModuleName, 16, "not a member of the community")
	ErrCapExceeded         = errors.Register(ModuleName, 17, "epoch cap exceeded")
	ErrCommunityToken      = errors.Register(ModuleName, 18, "a community's tokens move only to its members")
	ErrInvalidParams       = errors.Register(ModuleName, 19, "invalid params")
	ErrInvalidAddress      = errors.Register(ModuleName, 20, "invalid address")
	ErrInvalidGenesis      = errors.Register(ModuleName, 21, "invalid genesis")
	ErrInvalidText         = errors.Register(ModuleName, 22, "text too long or empty")
	ErrInvalidJurisdiction = errors.Register(ModuleName, 23, "invalid jurisdiction")
	ErrUnknownIssuer       = errors.Register(ModuleName, 24, "not an approved issuer")
	ErrNoMeterProposal     = errors.Register(ModuleName, 25, "no pending meter registration or transfer")
)
