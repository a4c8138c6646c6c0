package types

import "cosmossdk.io/errors"

// Errors of the market module; codes start at 2.
var (
	ErrInvalidOrder      = errors.Register(ModuleName, 2, "invalid order")
	ErrSlotNotAligned    = errors.Register(ModuleName, 3, "slot not aligned")
	ErrGateClosed        = errors.Register(ModuleName, 4, "gate closed")
	ErrOffTick           = errors.Register(ModuleName, 5, "price off tick")
	ErrBelowMinimum      = errors.Register(ModuleName, 6, "quantity out of range")
	ErrNoMeter           = errors.Register(ModuleName, 7, "seller has no such active meter in the zone")
	ErrOverCapacity      = errors.Register(ModuleName, 8, "sell above the meter's capacity in the slot")
	ErrInsufficientFunds = errors.Register(ModuleName, 9, "insufficient funds for the escrow")
	ErrTooManyOrders     = errors.Register(ModuleName, 10, "too many open orders")
	ErrWouldCross        = errors.Register(ModuleName, 11, "post-only order would trade")
	ErrSelfTrade         = errors.Register(ModuleName, 12, "order would trade with its owner's own order")
	ErrUnknownOrder      = errors.Register(ModuleName, 13, "unknown order")
	ErrNotOwner          = errors.Register(ModuleName, 14, "not the order's owner")
	ErrUnknownTrade      = errors.Register(ModuleName, 15, "unknown trade")
	ErrAlreadySettled    = errors.Register(ModuleName, 16, "trade already settled")
	ErrSlotNotOver       = errors.Register(ModuleName, 17, "slot not over yet")
	ErrUnauthorized      = errors.Register(ModuleName, 18, "not permitted")
	ErrInvalidParams     = errors.Register(ModuleName, 19, "invalid params")
	ErrInvalidGenesis    = errors.Register(ModuleName, 20, "invalid genesis")
	ErrInvalidAddress    = errors.Register(ModuleName, 21, "invalid address")
	ErrUnknownZone       = errors.Register(ModuleName, 22, "zone not registered")
	ErrZoneRetired       = errors.Register(ModuleName, 23, "zone retired")
	ErrInvalidZone       = errors.Register(ModuleName, 24, "invalid zone")
	ErrParamsInUse       = errors.Register(ModuleName, 25, "params change would break commitments")
)
