package keeper

import (
	"context"
	"encoding/binary"
	"errors"
	"math/bits"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/achievements/types"
)

// A board is one ordered ranking: a leaderboard (metric, period, period
// index, community) or a challenge's standings. Every board is a fixed-length
// byte prefix, so that boards never share a prefix:
//
//	leaderboard: 0x01 | metric (1) | period (1) | period index (8) | community (8)
//	challenge:   0x02 | challenge id (8)
//
// Under it the module keeps
//
//	Scores       board | address           -> score
//	Ranking      board | ^score (8, BE) | address    (best first, ties by address)
//	BoardSize    board                     -> number of ranked accounts
//	BucketCounts board | bucket (2, BE)    -> accounts whose score is in the bucket
//
// A score change moves one Ranking key (a delete and a set) and, when the
// score leaves its bucket, two counters: O(log n) in the store's tree. The
// top N is the first N keys under the board. An account's rank is the sum
// of the counts of the buckets above its own (at most 976 buckets) plus the
// accounts ahead of it within its bucket, found by walking the Ranking from
// the bucket's top to the account: never the accounts below it. Only
// all-time leaderboards keep bucket counts: a weekly or monthly board holds
// the accounts active in one period, and a challenge's standings are only
// read from the top, so their ranks walk from the top and their updates
// save the two counter writes.
const (
	boardLeaderboard byte = 1
	boardChallenge   byte = 2
)

func leaderboardKey(m types.Metric, period types.Period, periodIndex, community uint64) []byte {
	b := make([]byte, 0, 19)
	b = append(b, boardLeaderboard, byte(m), byte(period))
	b = binary.BigEndian.AppendUint64(b, periodIndex)
	return binary.BigEndian.AppendUint64(b, community)
}

func challengeBoardKey(id uint64) []byte {
	return binary.BigEndian.AppendUint64([]byte{boardChallenge}, id)
}

func join(parts ...[]byte) []byte {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	out := make([]byte, 0, n)
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func scoreKey(board []byte, addr sdk.AccAddress) []byte { return join(board, addr) }

func rankKey(board []byte, score uint64, addr sdk.AccAddress) []byte {
	return join(binary.BigEndian.AppendUint64(append([]byte{}, board...), ^score), addr)
}

func bucketKey(board []byte, bucket uint16) []byte {
	return binary.BigEndian.AppendUint16(append([]byte{}, board...), bucket)
}

// counted reports whether board keeps bucket counts: all-time leaderboards.
func counted(board []byte) bool {
	return board[0] == boardLeaderboard && types.Period(board[2]) == types.Period_PERIOD_ALL
}

// prefixEnd is the first key after every key starting with prefix.
func prefixEnd(prefix []byte) []byte {
	end := append([]byte{}, prefix...)
	for i := len(end) - 1; i >= 0; i-- {
		end[i]++
		if end[i] != 0 {
			return end[:i+1]
		}
	}
	return nil
}

// bucketOf maps a score to one of 976 ordered buckets: scores below 32
// have a bucket each, larger ones share one per 1/16 of a power of two.
func bucketOf(score uint64) uint16 {
	if score < 32 {
		return uint16(score)
	}
	l := bits.Len64(score)
	top5 := score >> (l - 5) // 16..31
	return uint16((l-5)*16) + uint16(top5)
}

// bucketBounds is the lowest and highest score of a bucket.
func bucketBounds(b uint16) (lo, hi uint64) {
	if b < 32 {
		return uint64(b), uint64(b)
	}
	shift := uint(b/16 - 1)
	lo = (uint64(b%16) + 16) << shift
	return lo, lo + (uint64(1) << shift) - 1
}

func (k Keeper) addCount(ctx context.Context, m collections.Map[[]byte, uint64], key []byte, delta int64) error {
	n, err := m.Get(ctx, key)
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return err
	}
	next := int64(n) + delta
	if next <= 0 {
		return m.Remove(ctx, key)
	}
	return m.Set(ctx, key, uint64(next))
}

// score returns an account's score on a board and whether it is ranked.
func (k Keeper) score(ctx context.Context, board []byte, addr sdk.AccAddress) (uint64, bool, error) {
	s, err := k.Scores.Get(ctx, scoreKey(board, addr))
	if errors.Is(err, collections.ErrNotFound) {
		return 0, false, nil
	}
	return s, err == nil, err
}

// setScore ranks addr on board with score.
func (k Keeper) setScore(ctx context.Context, board []byte, addr sdk.AccAddress, score uint64) error {
	old, found, err := k.score(ctx, board, addr)
	if err != nil || (found && old == score) {
		return err
	}
	sameBucket := !counted(board) || (found && bucketOf(old) == bucketOf(score))
	if found {
		if err := k.Ranking.Remove(ctx, rankKey(board, old, addr)); err != nil {
			return err
		}
		if !sameBucket {
			if err := k.addCount(ctx, k.BucketCounts, bucketKey(board, bucketOf(old)), -1); err != nil {
				return err
			}
		}
	} else if err := k.addCount(ctx, k.BoardSize, board, 1); err != nil {
		return err
	}
	if err := k.Scores.Set(ctx, scoreKey(board, addr), score); err != nil {
		return err
	}
	if err := k.Ranking.Set(ctx, rankKey(board, score, addr)); err != nil {
		return err
	}
	if sameBucket {
		return nil
	}
	return k.addCount(ctx, k.BucketCounts, bucketKey(board, bucketOf(score)), 1)
}

// addScore adds delta to addr's score on board.
func (k Keeper) addScore(ctx context.Context, board []byte, addr sdk.AccAddress, delta uint64) error {
	old, _, err := k.score(ctx, board, addr)
	if err != nil {
		return err
	}
	next, err := types.AddUint64(old, delta, "leaderboard score")
	if err != nil {
		return err
	}
	return k.setScore(ctx, board, addr, next)
}

// removeScore takes addr off board.
func (k Keeper) removeScore(ctx context.Context, board []byte, addr sdk.AccAddress, score uint64) error {
	if err := k.Ranking.Remove(ctx, rankKey(board, score, addr)); err != nil {
		return err
	}
	if err := k.Scores.Remove(ctx, scoreKey(board, addr)); err != nil {
		return err
	}
	if counted(board) {
		if err := k.addCount(ctx, k.BucketCounts, bucketKey(board, bucketOf(score)), -1); err != nil {
			return err
		}
	}
	return k.addCount(ctx, k.BoardSize, board, -1)
}

// boardSize is the number of accounts ranked on board.
func (k Keeper) boardSize(ctx context.Context, board []byte) (uint64, error) {
	n, err := k.BoardSize.Get(ctx, board)
	if errors.Is(err, collections.ErrNotFound) {
		return 0, nil
	}
	return n, err
}

// rankEntry decodes a Ranking key under board.
func (k Keeper) rankEntry(board, key []byte) (sdk.AccAddress, uint64) {
	rest := key[len(board):]
	return sdk.AccAddress(rest[8:]), ^binary.BigEndian.Uint64(rest[:8])
}

// top lists the first limit accounts of board, best first.
func (k Keeper) top(ctx context.Context, board []byte, limit uint32) ([]types.LeaderboardEntry, error) {
	iter, err := k.Ranking.Iterate(ctx, new(collections.Range[[]byte]).StartInclusive(board).EndExclusive(prefixEnd(board)))
	if err != nil {
		return nil, err
	}
	defer iter.Close()
	var out []types.LeaderboardEntry
	for ; iter.Valid() && uint32(len(out)) < limit; iter.Next() {
		key, err := iter.Key()
		if err != nil {
			return nil, err
		}
		addr, score := k.rankEntry(board, key)
		addrStr, err := k.addressCodec.BytesToString(addr)
		if err != nil {
			return nil, err
		}
		out = append(out, types.LeaderboardEntry{Rank: uint64(len(out)) + 1, Address: addrStr, Score: score})
	}
	return out, nil
}

// rank returns addr's rank on board, or ErrNotRanked.
func (k Keeper) rank(ctx context.Context, board []byte, addr sdk.AccAddress) (uint64, uint64, error) {
	score, found, err := k.score(ctx, board, addr)
	if err != nil {
		return 0, 0, err
	}
	if !found {
		return 0, 0, types.ErrNotRanked.Wrapf("%s has no score on this leaderboard yet", addr)
	}
	own := rankKey(board, score, addr)
	if !counted(board) {
		n, err := k.countRange(ctx, board, own)
		return n + 1, score, err
	}
	bucket := bucketOf(score)
	var ahead uint64
	counts, err := k.BucketCounts.Iterate(ctx, new(collections.Range[[]byte]).
		StartInclusive(bucketKey(board, bucket+1)).EndExclusive(prefixEnd(board)))
	if err != nil {
		return 0, 0, err
	}
	defer counts.Close()
	for ; counts.Valid(); counts.Next() {
		n, err := counts.Value()
		if err != nil {
			return 0, 0, err
		}
		ahead += n
	}
	_, hi := bucketBounds(bucket)
	within, err := k.countRange(ctx, rankKey(board, hi, nil), own)
	return ahead + within + 1, score, err
}

// countRange counts the Ranking keys in [from, to).
func (k Keeper) countRange(ctx context.Context, from, to []byte) (uint64, error) {
	walk, err := k.Ranking.Iterate(ctx, new(collections.Range[[]byte]).StartInclusive(from).EndExclusive(to))
	if err != nil {
		return 0, err
	}
	defer walk.Close()
	var n uint64
	for ; walk.Valid(); walk.Next() {
		n++
	}
	return n, nil
}

// communitiesOf lists the communities addr is an active member of
// (PROSUMER, CONSUMER or COMMUNITY_MANAGER there), ascending, without
// duplicates: the community leaderboards it is ranked on.
func (k Keeper) communitiesOf(ctx context.Context, addr sdk.AccAddress) ([]uint64, error) {
	grants, err := k.rbac.GrantsOf(ctx, addr)
	if err != nil {
		return nil, err
	}
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	var out []uint64
	for _, g := range grants {
		if g.CommunityId == 0 || !isMemberRole(g.Role) || (g.ExpiresAt != nil && !now.Before(*g.ExpiresAt)) {
			continue
		}
		out = insertSorted(out, g.CommunityId)
	}
	return out, nil
}

func insertSorted(s []uint64, v uint64) []uint64 {
	for i, x := range s {
		if x == v {
			return s
		}
		if x > v {
			return append(s[:i], append([]uint64{v}, s[i:]...)...)
		}
	}
	return append(s, v)
}

// updateLeaderboards ranks addr's new value of a ranked metric on the
// chain-wide and community boards of each of its periods: all time holds
// the value, a week or month the sum of increases within it.
func (k Keeper) updateLeaderboards(ctx context.Context, addr sdk.AccAddress, communities []uint64, m types.Metric,
	value, increase uint64,
) error {
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	scopes := append([]uint64{0}, communities...)
	for _, period := range m.Periods() {
		if period != types.Period_PERIOD_ALL && increase == 0 {
			continue
		}
		idx := types.PeriodIndex(period, now)
		for _, community := range scopes {
			board := leaderboardKey(m, period, idx, community)
			var err error
			if period == types.Period_PERIOD_ALL {
				err = k.setScore(ctx, board, addr, value)
			} else {
				err = k.addScore(ctx, board, addr, increase)
			}
			if err != nil {
				return err
			}
		}
	}
	return nil
}
