package types

import "cosmossdk.io/errors"

// Errors of the achievements module; codes start at 2.
var (
	ErrInvalidAddress     = errors.Register(ModuleName, 2, "invalid address")
	ErrUnauthorized       = errors.Register(ModuleName, 3, "not permitted")
	ErrInvalidClass       = errors.Register(ModuleName, 4, "invalid class")
	ErrClassExists        = errors.Register(ModuleName, 5, "class already exists")
	ErrUnknownClass       = errors.Register(ModuleName, 6, "unknown class")
	ErrUnknownNFT         = errors.Register(ModuleName, 7, "unknown nft")
	ErrNotOwner           = errors.Register(ModuleName, 8, "not the token's owner")
	ErrSoulbound          = errors.Register(ModuleName, 9, "token is soulbound")
	ErrInvalidAchievement = errors.Register(ModuleName, 10, "invalid achievement")
	ErrAchievementExists  = errors.Register(ModuleName, 11, "achievement already defined")
	ErrInvalidAmount      = errors.Register(ModuleName, 12, "invalid amount")
	ErrInvalidChallenge   = errors.Register(ModuleName, 13, "invalid challenge")
	ErrUnknownChallenge   = errors.Register(ModuleName, 14, "unknown challenge")
	ErrChallengeClosed    = errors.Register(ModuleName, 15, "challenge not open for this")
	ErrAlreadyJoined      = errors.Register(ModuleName, 16, "already joined")
	ErrNotMember          = errors.Register(ModuleName, 17, "not a member of the community")
	ErrTooMany            = errors.Register(ModuleName, 18, "limit reached")
	ErrInvalidMetric      = errors.Register(ModuleName, 19, "invalid metric or period")
	ErrNotRanked          = errors.Register(ModuleName, 20, "account not ranked")
	ErrInvalidParams      = errors.Register(ModuleName, 21, "invalid params")
	ErrInvalidGenesis     = errors.Register(ModuleName, 22, "invalid genesis")
	ErrOverflow           = errors.Register(ModuleName, 23, "counter overflow")
	ErrModuleAccount      = errors.Register(ModuleName, 24, "module accounts cannot hold tokens")
)
