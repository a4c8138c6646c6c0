// Package keeper holds the state of x/achievements: badge classes and
// tokens (ADR-043-shaped, soulbound unless their class says otherwise),
// achievement definitions, per-account counters fed by other modules' hooks,
// leaderboards ordered by score, challenges with escrowed pools, and the
// reward pool.
package keeper

import (
	"fmt"

	"cosmossdk.io/collections"
	"cosmossdk.io/collections/indexes"
	"cosmossdk.io/core/address"
	"cosmossdk.io/core/store"
	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/achievements/types"
	"github.com/powershare/powershare/x/internal/moduleutil"
)

// TokenKey names a token: (class id, token id).
type TokenKey = collections.Pair[string, string]

// NFTIndexes are the secondary lookups of tokens.
type NFTIndexes struct {
	ByOwner *indexes.Multi[sdk.AccAddress, TokenKey, types.NFT]
}

// IndexesList implements collections.Indexes.
func (i NFTIndexes) IndexesList() []collections.Index[TokenKey, types.NFT] {
	return []collections.Index[TokenKey, types.NFT]{i.ByOwner}
}

// AchievementIndexes are the secondary lookups of definitions.
type AchievementIndexes struct {
	// ByMetric finds the definitions a changed metric may cross.
	ByMetric *indexes.Multi[int32, string, types.Achievement]
}

// IndexesList implements collections.Indexes.
func (i AchievementIndexes) IndexesList() []collections.Index[string, types.Achievement] {
	return []collections.Index[string, types.Achievement]{i.ByMetric}
}

// ChallengeIndexes are the secondary lookups of challenges.
type ChallengeIndexes struct {
	ByCommunity *indexes.Multi[uint64, uint64, types.Challenge]
}

// IndexesList implements collections.Indexes.
func (i ChallengeIndexes) IndexesList() []collections.Index[uint64, types.Challenge] {
	return []collections.Index[uint64, types.Challenge]{i.ByCommunity}
}

// Keeper of the achievements module.
type Keeper struct {
	cdc          codec.BinaryCodec
	addressCodec address.Codec
	bank         types.BankKeeper
	// moduleAccounts are the app's module accounts (WithModuleAccounts):
	// they are never counted and never hold a token.
	moduleAccounts []sdk.AccAddress
	rbac           types.RBACKeeper
	assets         types.AssetsKeeper
	gov            moduleutil.Governance
	// rewardDenom is PowerCoin, the denom of the reward pool and challenge pools (WithRewardDenom).
	rewardDenom string

	Schema collections.Schema
	Params collections.Item[types.Params]
	// Classes and NFTs are the ADR-043-shaped badge store.
	Classes     collections.Map[string, types.Class]
	NFTs        *collections.IndexedMap[TokenKey, types.NFT, NFTIndexes]
	ClassSupply collections.Map[string, uint64]
	TokenSeq    collections.Sequence
	// Achievements are the definitions, by id.
	Achievements *collections.IndexedMap[string, types.Achievement, AchievementIndexes]
	Progress     collections.Map[sdk.AccAddress, types.Progress]
	// Earned holds one record per (account, achievement): a badge is minted once.
	Earned collections.Map[collections.Pair[sdk.AccAddress, string], types.Earned]
	// Counterparties records who settled trades with whom, for the distinct count.
	Counterparties collections.KeySet[collections.Pair[sdk.AccAddress, sdk.AccAddress]]
	// Scores, Ranking, BoardSize and BucketCounts are the leaderboards: see leaderboard.go.
	Scores       collections.Map[[]byte, uint64]
	Ranking      collections.KeySet[[]byte]
	BoardSize    collections.Map[[]byte, uint64]
	BucketCounts collections.Map[[]byte, uint64]
	// RewardPool is the PowerCoin of the module account that pays achievement rewards.
	RewardPool collections.Item[sdkmath.Int]
	Challenges *collections.IndexedMap[uint64, types.Challenge, ChallengeIndexes]
	// ChallengeSeq numbers challenges.
	ChallengeSeq collections.Sequence
	// ChallengeQueue orders open and paying challenges by end (unix s, id).
	ChallengeQueue collections.KeySet[collections.Pair[int64, uint64]]
	Participations collections.Map[collections.Pair[uint64, sdk.AccAddress], types.Participation]
	// Joined lists the challenges an account takes part in until they are paid out.
	Joined collections.KeySet[collections.Pair[sdk.AccAddress, uint64]]
}

// NewKeeper returns the achievements keeper.
func NewKeeper(cdc codec.BinaryCodec, storeService store.KVStoreService, addressCodec address.Codec,
	bank types.BankKeeper, rbac types.RBACKeeper, assets types.AssetsKeeper, authority string,
) Keeper {
	sb := collections.NewSchemaBuilder(storeService)
	tokenKey := collections.PairKeyCodec(collections.StringKey, collections.StringKey)
	k := Keeper{
		cdc: cdc, addressCodec: addressCodec, bank: bank, rbac: rbac, assets: assets,
		gov: moduleutil.Governance{
			Address:           moduleutil.MustAuthority(addressCodec, types.ModuleName, authority),
			ErrInvalidAddress: types.ErrInvalidAddress, ErrUnauthorized: types.ErrUnauthorized,
		},
		Params:  collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		Classes: collections.NewMap(sb, types.ClassesKey, "classes", collections.StringKey, codec.CollValue[types.Class](cdc)),
		NFTs: collections.NewIndexedMap(sb, types.NFTsKey, "nfts", tokenKey, codec.CollValue[types.NFT](cdc),
			NFTIndexes{ByOwner: indexes.NewMulti(sb, types.NFTsByOwnerKey, "nfts_by_owner", sdk.AccAddressKey, tokenKey,
				func(_ TokenKey, n types.NFT) (sdk.AccAddress, error) { return addressCodec.StringToBytes(n.Owner) })}),
		ClassSupply: collections.NewMap(sb, types.ClassSupplyKey, "class_supply", collections.StringKey, collections.Uint64Value),
		TokenSeq:    collections.NewSequence(sb, types.TokenSeqKey, "token_seq"),
		Achievements: collections.NewIndexedMap(sb, types.AchievementsKey, "achievements", collections.StringKey,
			codec.CollValue[types.Achievement](cdc),
			AchievementIndexes{ByMetric: indexes.NewMulti(sb, types.AchievementsByMetric, "achievements_by_metric",
				collections.Int32Key, collections.StringKey,
				func(_ string, a types.Achievement) (int32, error) { return int32(a.Metric), nil })}),
		Progress: collections.NewMap(sb, types.ProgressKey, "progress", sdk.AccAddressKey, codec.CollValue[types.Progress](cdc)),
		Earned: collections.NewMap(sb, types.EarnedKey, "earned", collections.PairKeyCodec(sdk.AccAddressKey, collections.StringKey),
			codec.CollValue[types.Earned](cdc)),
		Counterparties: collections.NewKeySet(sb, types.CounterpartiesKey, "counterparties",
			collections.PairKeyCodec(sdk.AccAddressKey, sdk.AccAddressKey)),
		Scores:       collections.NewMap(sb, types.ScoresKey, "scores", collections.BytesKey, collections.Uint64Value),
		Ranking:      collections.NewKeySet(sb, types.RankingKey, "ranking", collections.BytesKey),
		BoardSize:    collections.NewMap(sb, types.BoardSizeKey, "board_size", collections.BytesKey, collections.Uint64Value),
		BucketCounts: collections.NewMap(sb, types.BucketCountsKey, "bucket_counts", collections.BytesKey, collections.Uint64Value),
		RewardPool:   collections.NewItem(sb, types.RewardPoolKey, "reward_pool", sdk.IntValue),
		Challenges: collections.NewIndexedMap(sb, types.ChallengesKey, "challenges", collections.Uint64Key,
			codec.CollValue[types.Challenge](cdc),
			ChallengeIndexes{ByCommunity: indexes.NewMulti(sb, types.ChallengesByCommunity, "challenges_by_community",
				collections.Uint64Key, collections.Uint64Key,
				func(_ uint64, c types.Challenge) (uint64, error) { return c.Community, nil })}),
		ChallengeSeq: collections.NewSequence(sb, types.ChallengeSeqKey, "challenge_seq"),
		ChallengeQueue: collections.NewKeySet(sb, types.ChallengeQueueKey, "challenge_queue",
			collections.PairKeyCodec(collections.Int64Key, collections.Uint64Key)),
		Participations: collections.NewMap(sb, types.ParticipationsKey, "participations",
			collections.PairKeyCodec(collections.Uint64Key, sdk.AccAddressKey), codec.CollValue[types.Participation](cdc)),
		Joined: collections.NewKeySet(sb, types.JoinedKey, "joined", collections.PairKeyCodec(sdk.AccAddressKey, collections.Uint64Key)),
	}
	schema, err := sb.Build()
	if err != nil {
		panic(fmt.Errorf("building the achievements schema: %w", err))
	}
	k.Schema = schema
	return k
}

// WithRewardDenom sets PowerCoin's denom (the chain's bond denom): the
// reward pool, PowerCoin rewards and challenge pools are in it. A keeper
// without it refuses to fund or pay anything.
func (k Keeper) WithRewardDenom(denom string) Keeper {
	k.rewardDenom = denom
	return k
}

// WithModuleAccounts names the app's module accounts. Telling them apart
// by address costs no store read, where reading the account would cost
// the gas of its ML-DSA-65 public key on every hook.
func (k Keeper) WithModuleAccounts(addrs ...sdk.AccAddress) Keeper {
	k.moduleAccounts = addrs
	return k
}

// RewardDenom returns the PowerCoin denom.
func (k Keeper) RewardDenom() string { return k.rewardDenom }

// AddressCodec returns the codec the keeper reads addresses with.
func (k Keeper) AddressCodec() address.Codec { return k.addressCodec }

// parseAddress decodes the account address in a Msg's field.
func (k Keeper) parseAddress(field, addr string) (sdk.AccAddress, error) {
	return moduleutil.ParseAddress(k.addressCodec, types.ErrInvalidAddress, field, addr)
}

func (k Keeper) coin(amount sdkmath.Int) sdk.Coin { return sdk.NewCoin(k.rewardDenom, amount) }
