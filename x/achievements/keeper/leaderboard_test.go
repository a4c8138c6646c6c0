package keeper_test

import (
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/powershare/powershare/x/achievements/types"
)

func (f *fixture) board(t *testing.T, m types.Metric, period types.Period, community uint64) []types.LeaderboardEntry {
	t.Helper()
	res, err := f.query.Leaderboard(f.ctx, &types.QueryLeaderboardRequest{Metric: m, Period: period, Community: community, Limit: 100})
	require.NoError(t, err)
	return res.Entries
}

func TestLeaderboardOrdersByScoreThenAddress(t *testing.T) {
	f := setup(t)
	f.attest(t, f.bob, 500, true)
	f.attest(t, f.alice, 500, true) // tie with bob: alice's address sorts first
	f.attest(t, f.carol, 900, true)
	f.attest(t, f.manager, 100, true)

	got := f.board(t, types.Metric_METRIC_RENEWABLE_PRODUCED_WH, types.Period_PERIOD_ALL, 0)
	require.Equal(t, []types.LeaderboardEntry{
		{Rank: 1, Address: f.carol, Score: 900}, {Rank: 2, Address: f.alice, Score: 500},
		{Rank: 3, Address: f.bob, Score: 500}, {Rank: 4, Address: f.manager, Score: 100},
	}, got)
	// Community 1 holds alice, bob and the manager; carol is in community 2.
	c1 := f.board(t, types.Metric_METRIC_RENEWABLE_PRODUCED_WH, types.Period_PERIOD_ALL, 1)
	require.Equal(t, []string{f.alice, f.bob, f.manager}, []string{c1[0].Address, c1[1].Address, c1[2].Address})

	// bob overtakes: an update moves his entry.
	f.attest(t, f.bob, 500, true)
	rank, err := f.query.Rank(f.ctx, &types.QueryRankRequest{Address: f.bob, Metric: types.Metric_METRIC_RENEWABLE_PRODUCED_WH})
	require.NoError(t, err)
	require.Equal(t, types.LeaderboardEntry{Rank: 1, Address: f.bob, Score: 1_000}, rank.Entry)
	require.Equal(t, uint64(4), rank.Total)
}

func TestLeaderboardPeriodsStartAfresh(t *testing.T) {
	f := setup(t) // Tuesday
	f.attest(t, f.alice, 300, true)
	f.advance(6 * 24 * time.Hour) // the next Monday: a new week, same month
	f.attest(t, f.bob, 100, true)

	week := f.board(t, types.Metric_METRIC_RENEWABLE_PRODUCED_WH, types.Period_PERIOD_WEEK, 0)
	require.Equal(t, []types.LeaderboardEntry{{Rank: 1, Address: f.bob, Score: 100}}, week)
	month := f.board(t, types.Metric_METRIC_RENEWABLE_PRODUCED_WH, types.Period_PERIOD_MONTH, 0)
	require.Len(t, month, 2)
	// Weekly and monthly boards keep no bucket counts: their ranks walk from the top.
	rank, err := f.query.Rank(f.ctx, &types.QueryRankRequest{Address: f.bob, Metric: types.Metric_METRIC_RENEWABLE_PRODUCED_WH,
		Period: types.Period_PERIOD_MONTH})
	require.NoError(t, err)
	require.Equal(t, types.LeaderboardEntry{Rank: 2, Address: f.bob, Score: 100}, rank.Entry)
	_, err = f.query.Leaderboard(f.ctx, &types.QueryLeaderboardRequest{Metric: types.Metric_METRIC_EFFICIENCY_BPS, Period: types.Period_PERIOD_WEEK})
	require.Error(t, err, "efficiency is ranked over all time only")
	_, err = f.query.Leaderboard(f.ctx, &types.QueryLeaderboardRequest{Metric: types.Metric_METRIC_TRADES_SETTLED})
	require.Error(t, err, "not a ranked metric")
	_, err = f.query.Rank(f.ctx, &types.QueryRankRequest{Address: f.carol, Metric: types.Metric_METRIC_RENEWABLE_PRODUCED_WH})
	require.Error(t, err, "carol has no score")
}

func TestEfficiencyLeaderboard(t *testing.T) {
	f := setup(t)
	f.settle(t, f.alice, f.bob, 1_000, 1_000)
	f.settle(t, f.carol, f.bob, 1_000, 900)
	f.settle(t, f.manager, f.bob, 1_000, 950)
	got := f.board(t, types.Metric_METRIC_EFFICIENCY_BPS, types.Period_PERIOD_ALL, 0)
	require.Equal(t, []string{f.alice, f.manager, f.carol}, []string{got[0].Address, got[1].Address, got[2].Address})
	require.Equal(t, uint64(9_000), got[2].Score)
	// Efficiency can fall: carol's next undelivered trade moves her entry down.
	f.settle(t, f.alice, f.bob, 1_000, 0)
	got = f.board(t, types.Metric_METRIC_EFFICIENCY_BPS, types.Period_PERIOD_ALL, 0)
	require.Equal(t, types.LeaderboardEntry{Rank: 3, Address: f.alice, Score: 5_000}, got[2])
}

// TestRankMatchesSortedOrder checks rank answers against a full sort over
// scores spread across many buckets, with ties.
func TestRankMatchesSortedOrder(t *testing.T) {
	f := setup(t)
	type acc struct {
		addr, name string
		score      uint64
	}
	var all []acc
	for i := range 60 {
		name := fmt.Sprintf("ranked-%02d", i)
		addr := account(name)
		f.grant(addr, 6, 0) // PROSUMER chain-wide
		score := uint64(i%7) + uint64(i*i*i)*uint64(1+i%3) + 1
		if i%10 == 0 {
			score = 42 // ties
		}
		f.attest(t, addr, score, true)
		all = append(all, acc{addr, name, score})
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].score != all[j].score {
			return all[i].score > all[j].score
		}
		return all[i].name < all[j].name // the address bytes are the name, zero-padded
	})
	top := f.board(t, types.Metric_METRIC_RENEWABLE_PRODUCED_WH, types.Period_PERIOD_ALL, 0)
	require.Len(t, top, 60)
	for i, a := range all {
		require.Equal(t, a.addr, top[i].Address, "position %d", i)
		res, err := f.query.Rank(f.ctx, &types.QueryRankRequest{Address: a.addr, Metric: types.Metric_METRIC_RENEWABLE_PRODUCED_WH})
		require.NoError(t, err)
		require.Equal(t, uint64(i+1), res.Entry.Rank, "rank of %s with %d", a.addr, a.score)
	}
}
