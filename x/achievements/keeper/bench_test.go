package keeper_test

import (
	"fmt"
	"testing"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/achievements/types"
	assetstypes "github.com/powershare/powershare/x/assets/types"
)

// BenchmarkLeaderboard measures a score update (an attestation moving an
// account's renewable all-time, weekly and monthly scores) and the top-100
// and rank queries with 10^3 and 10^5 accounts ranked, and reports the
// 10^5 figures as ratios to the 10^3 ones measured in the same run.
func BenchmarkLeaderboard(b *testing.B) {
	var base map[string]float64
	for _, n := range []int{1_000, 100_000} {
		b.Run(fmt.Sprintf("accounts=%d", n), func(b *testing.B) {
			f := setupBench(b, n)
			owners := make([]sdk.AccAddress, 64)
			for i := range owners {
				owners[i] = benchAccount(i * (n / len(owners)))
			}
			top := &types.QueryLeaderboardRequest{Metric: types.Metric_METRIC_RENEWABLE_PRODUCED_WH, Limit: 100}
			got := map[string]float64{}
			measure := func(name string, op func(i int)) {
				b.Run(name, func(b *testing.B) {
					for i := 0; b.Loop(); i++ {
						op(i)
					}
					got[name] = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
					if base != nil && base[name] > 0 {
						b.ReportMetric(got[name]/base[name], "vs-1000-accounts")
					}
				})
			}
			measure("update", func(i int) {
				a := assetstypes.Attestation{MeterId: "m", EnergyWh: uint64(1 + i%1_000), EcMinted: sdkmath.OneInt()}
				f.ctx = f.ctx.WithEventManager(sdk.NewEventManager())
				if err := f.hooks.AfterProductionAttested(f.ctx, a, owners[i%len(owners)]); err != nil {
					b.Fatal(err)
				}
			})
			measure("top100", func(int) {
				res, err := f.query.Leaderboard(f.ctx, top)
				if err != nil || len(res.Entries) != 100 {
					b.Fatalf("top 100: %v (%d entries)", err, len(res.Entries))
				}
			})
			measure("rank", func(i int) {
				addr := owners[i%len(owners)].String()
				if _, err := f.query.Rank(f.ctx, &types.QueryRankRequest{Address: addr, Metric: top.Metric}); err != nil {
					b.Fatal(err)
				}
			})
			if base == nil {
				base = got
			}
		})
	}
}

func benchAccount(i int) sdk.AccAddress {
	bz := make([]byte, 20)
	copy(bz, fmt.Sprintf("bench-%08d", i))
	return bz
}

// setupBench is the keeper fixture with n accounts ranked on the all-time
// renewable board, loaded through genesis (which ranks them as updates do).
func setupBench(b *testing.B, n int) *fixture {
	f := setup(b)
	gs := types.DefaultGenesis()
	gs.Progress = make([]types.Progress, 0, n)
	gs.Scores = make([]types.Score, 0, n)
	for i := range n {
		addr := benchAccount(i).String()
		wh := uint64(1_000 + (i*7_919)%1_000_003)
		gs.Progress = append(gs.Progress, types.Progress{Address: addr, RenewableProducedWh: wh})
		gs.Scores = append(gs.Scores, types.Score{Metric: types.Metric_METRIC_RENEWABLE_PRODUCED_WH,
			Period: types.Period_PERIOD_ALL, Address: addr, Score: wh})
	}
	if err := f.k.InitGenesis(f.ctx, *gs); err != nil {
		b.Fatal(err)
	}
	// Commit, as a chain does after each block: IAVL sorts its uncommitted
	// keys on every iterator, which is no cost a ranked account pays.
	f.cms.Commit()
	return f
}
