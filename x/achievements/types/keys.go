// Package types holds x/achievements' messages, state types, errors, store
// keys, parameters and the rules of its metrics and periods.
package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the name of the achievements module; its module account
	// holds the reward pool and the challenges' escrow.
	ModuleName = "achievements"
	// StoreKey is the module's KV store key.
	StoreKey = ModuleName
)

// Store prefixes, one per collection.
var (
	ParamsKey             = collections.NewPrefix(0)
	ClassesKey            = collections.NewPrefix(1)
	NFTsKey               = collections.NewPrefix(2)
	NFTsByOwnerKey        = collections.NewPrefix(3)
	ClassSupplyKey        = collections.NewPrefix(4)
	TokenSeqKey           = collections.NewPrefix(5)
	AchievementsKey       = collections.NewPrefix(6)
	AchievementsByMetric  = collections.NewPrefix(7)
	ProgressKey           = collections.NewPrefix(8)
	EarnedKey             = collections.NewPrefix(9)
	CounterpartiesKey     = collections.NewPrefix(10)
	ScoresKey             = collections.NewPrefix(11)
	RankingKey            = collections.NewPrefix(12)
	BoardSizeKey          = collections.NewPrefix(13)
	BucketCountsKey       = collections.NewPrefix(14)
	RewardPoolKey         = collections.NewPrefix(15)
	ChallengesKey         = collections.NewPrefix(16)
	ChallengeSeqKey       = collections.NewPrefix(17)
	ChallengeQueueKey     = collections.NewPrefix(18)
	ParticipationsKey     = collections.NewPrefix(19)
	JoinedKey             = collections.NewPrefix(20)
	ChallengesByCommunity = collections.NewPrefix(21)
)
