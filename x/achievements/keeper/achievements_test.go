package keeper_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/achievements/keeper"
	"github.com/powershare/powershare/x/achievements/types"
)

func TestSoldThresholdMintsBadgeAndPaysRewardOnce(t *testing.T) {
	// ARRANGE: a funded pool; alice sells 100 kWh over four trades to bob.
	f := setup(t)
	f.fund(t, 100_000_000)
	before := f.balance(f.alice)

	// ACT
	for range 4 {
		f.settle(t, f.alice, f.bob, 25_000, 25_000)
	}
	f.settle(t, f.alice, f.bob, 25_000, 25_000) // past the threshold: nothing more

	// ASSERT: first-trade (1 PWC) and sold-100kwh (10 PWC), each once.
	require.ElementsMatch(t, []string{"first-trade", "sold-100kwh"}, earnedIDs(f.badges(t, f.alice)))
	require.Equal(t, before.AddRaw(11_000_000), f.balance(f.alice))
	require.ElementsMatch(t, []string{"first-trade", "bought-100kwh"}, earnedIDs(f.badges(t, f.bob)))
	pool, err := f.query.RewardPool(f.ctx, &types.QueryRewardPoolRequest{})
	require.NoError(t, err)
	require.Equal(t, int64(100_000_000-17_000_000), pool.Balance.Amount.Int64())
	require.Equal(t, pool.Balance.Amount, f.bank.balance(f.module), "the module account holds exactly the pool")
	require.Len(t, f.events("powershare.achievements.v1.EventAchievementEarned"), 4)

	// The badge carries its evidence and is alice's.
	var sold types.Earned
	for _, e := range f.badges(t, f.alice) {
		if e.AchievementId == "sold-100kwh" {
			sold = e
		}
	}
	nft, err := f.query.NFT(f.ctx, &types.QueryNFTRequest{ClassId: sold.ClassId, Id: sold.TokenId})
	require.NoError(t, err)
	require.Equal(t, f.alice, nft.Nft.Owner)
	require.Equal(t, uint64(100_000), nft.Nft.Data.Value)
	require.Equal(t, "trade 4", nft.Nft.Data.Evidence)
	p := f.progress(t, f.alice)
	require.Equal(t, uint64(125_000), p.Progress.EnergySoldWh)
	require.Equal(t, uint64(5), p.Progress.TradesSettled)
	require.Equal(t, uint64(1), p.Progress.DistinctCounterparties)
	require.Equal(t, uint64(10_000), p.EfficiencyBps)
}

func TestUndeliveredTradeLowersEfficiencyOnly(t *testing.T) {
	f := setup(t)
	f.settle(t, f.alice, f.bob, 3_000, 2_000)
	f.settle(t, f.alice, f.bob, 3_000, 0)

	p := f.progress(t, f.alice)
	require.Equal(t, uint64(2_000), p.Progress.EnergySoldWh)
	require.Equal(t, uint64(6_000), p.Progress.ContractedSoldWh)
	require.Equal(t, uint64(1), p.Progress.TradesSettled, "an undelivered trade is no trade")
	require.Equal(t, uint64(3_333), p.EfficiencyBps, "2000/6000 = 0.3333.. rounds down")
	require.Equal(t, uint64(2_000), f.progress(t, f.bob).Progress.EnergyBoughtWh)
}

func TestRewardNotPaidWhenPoolShortBadgeStands(t *testing.T) {
	f := setup(t)
	f.fund(t, 500_000) // less than first-trade's 1 PWC
	before := f.balance(f.alice)

	f.settle(t, f.alice, f.bob, 1_000, 1_000)

	es := f.badges(t, f.alice)
	require.Equal(t, []string{"first-trade"}, earnedIDs(es))
	require.True(t, es[0].RewardPaid.IsZero())
	require.Equal(t, before, f.balance(f.alice))
	require.Len(t, f.events("powershare.achievements.v1.EventRewardNotPaid"), 2) // alice and bob
	// A later funding does not pay an old badge: nothing is owed.
	f.fund(t, 10_000_000)
	f.settle(t, f.alice, f.bob, 1_000, 1_000)
	require.Equal(t, before, f.balance(f.alice))
}

func TestModuleAccountEarnsNothing(t *testing.T) {
	f := setup(t)
	f.settle(t, f.module.String(), f.bob, 1_000, 1_000)
	require.Empty(t, f.badges(t, f.module.String()))
	require.Equal(t, []string{"first-trade"}, earnedIDs(f.badges(t, f.bob)))
}

func TestAttestationAndRetirementCounters(t *testing.T) {
	f := setup(t)
	f.fund(t, 1_000_000_000)
	f.attest(t, f.alice, 600_000, true)
	f.attest(t, f.alice, 500_000, false) // not renewable: activity only
	f.attest(t, f.alice, 400_000, true)
	f.retire(t, f.alice, 1_000_000)

	p := f.progress(t, f.alice)
	require.Equal(t, uint64(1_000_000), p.Progress.RenewableProducedWh)
	require.Equal(t, uint64(1_000_000), p.Progress.CarbonRetiredG)
	require.ElementsMatch(t, []string{"renewable-1mwh", "carbon-1t"}, earnedIDs(f.badges(t, f.alice)))
}

func TestStreakResetsAfterMissedDayAndKeepsLongest(t *testing.T) {
	f := setup(t)
	f.fund(t, 1_000_000_000)
	day := 24 * time.Hour
	for range 3 { // three days in a row, twice on the first
		f.attest(t, f.alice, 1, true)
		f.attest(t, f.alice, 1, true)
		f.advance(day)
	}
	require.Equal(t, uint64(3), f.progress(t, f.alice).Progress.CurrentStreak)
	f.advance(day) // a whole day without activity
	require.Equal(t, uint64(0), f.progress(t, f.alice).Progress.CurrentStreak, "the query sees the lapsed streak")
	f.attest(t, f.alice, 1, true)
	p := f.progress(t, f.alice).Progress
	require.Equal(t, uint64(1), p.CurrentStreak)
	require.Equal(t, uint64(3), p.LongestStreak)

	for range 7 {
		f.advance(day)
		f.attest(t, f.alice, 1, true)
	}
	p = f.progress(t, f.alice).Progress
	require.Equal(t, uint64(8), p.LongestStreak)
	require.Contains(t, earnedIDs(f.badges(t, f.alice)), "streak-7")
	require.NotContains(t, earnedIDs(f.badges(t, f.alice)), "streak-30")
}

func TestLoyaltyTierBonusRoundsDown(t *testing.T) {
	// ARRANGE: one-day epochs; silver after 2 active epochs pays +50%.
	f := setup(t)
	params := types.DefaultParams()
	params.LoyaltyEpochDays = 1
	params.LoyaltyTiers = []types.LoyaltyTier{{Name: "bronze"}, {Name: "silver", MinActiveEpochs: 2, RewardBonusBps: 5_000}}
	_, err := deliver(f, func(ctx context.Context) (*types.MsgUpdateParamsResponse, error) {
		return f.msg.UpdateParams(ctx, &types.MsgUpdateParams{Authority: f.gov, Params: params})
	})
	require.NoError(t, err)
	_, err = deliver(f, func(ctx context.Context) (*types.MsgDefineAchievementResponse, error) {
		return f.msg.DefineAchievement(ctx, &types.MsgDefineAchievement{
			Creator: f.admin, Id: "big-seller", Name: "Big seller", ClassId: types.ClassTrading,
			Metric: types.Metric_METRIC_ENERGY_SOLD_WH, Threshold: 5, Reward: sdk.NewInt64Coin(denom, 3),
		})
	})
	require.NoError(t, err)
	f.fund(t, 1_000_000_000)

	// ACT: active on two days, then sell past the threshold.
	f.attest(t, f.alice, 1, true)
	f.advance(24 * time.Hour)
	f.attest(t, f.alice, 1, true)
	require.Len(t, f.events("powershare.achievements.v1.EventLoyaltyTierReached"), 1)
	before := f.balance(f.alice)
	f.settle(t, f.alice, f.bob, 5, 5)

	// ASSERT: first-trade 1 PWC + 50% = 1.5 PWC; big-seller 3 + floor(1.5) = 4.
	res := f.progress(t, f.alice)
	require.Equal(t, "silver", res.LoyaltyTier.Name)
	require.Nil(t, res.NextTier)
	require.Equal(t, before.AddRaw(1_500_000+4), f.balance(f.alice))
	require.Equal(t, int64(1), keeper.LoyaltyBonus(sdkmath.NewInt(3), 5_000).Int64())
	require.Equal(t, int64(0), keeper.LoyaltyBonus(sdkmath.NewInt(1), 9_999).Int64())
}

func TestCommunityAchievementPaysCommunityTokens(t *testing.T) {
	f := setup(t)
	_, err := deliver(f, func(ctx context.Context) (*types.MsgDefineAchievementResponse, error) {
		return f.msg.DefineAchievement(ctx, &types.MsgDefineAchievement{
			Creator: f.admin, Id: "green-street", Name: "Green street", ClassId: types.ClassSustainability,
			Metric: types.Metric_METRIC_RENEWABLE_PRODUCED_WH, Threshold: 10, Community: 1,
			Reward: sdk.NewInt64Coin("uct/1", 500),
		})
	})
	require.NoError(t, err)

	f.attest(t, f.alice, 10, true) // member of community 1
	f.attest(t, f.carol, 10, true) // member of community 2 only
	require.Equal(t, []string{"green-street"}, earnedIDs(f.badges(t, f.alice)))
	require.Empty(t, f.badges(t, f.carol))
	require.Len(t, f.assets.rewards, 1)

	// A refused mint (cap reached) leaves the badge and says why.
	f.assets.err = errors.New("community token cap reached")
	f.attest(t, f.bob, 10, true)
	es := f.badges(t, f.bob)
	require.Equal(t, []string{"green-street"}, earnedIDs(es))
	require.True(t, es[0].RewardPaid.IsZero())
	require.Len(t, f.events("powershare.achievements.v1.EventRewardNotPaid"), 1)
}
