package keeper_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	codectestutil "github.com/cosmos/cosmos-sdk/codec/testutil"
	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"

	"github.com/powershare/powershare/x/achievements/keeper"
	"github.com/powershare/powershare/x/achievements/types"
)

func TestGenesisRoundTrip(t *testing.T) {
	// ARRANGE: badges, scores in several periods, a challenge mid-payout.
	f := setup(t)
	f.fund(t, 100_000_000)
	f.settle(t, f.alice, f.bob, 100_000, 100_000)
	f.attest(t, f.carol, 5_000, true)
	f.retire(t, f.alice, 10)
	params := types.DefaultParams()
	params.MaxPayoutsPerBlock = 1
	require.NoError(t, f.k.Params.Set(f.ctx, params))
	id, err := f.create(f.challengeMsg(types.ChallengeKind_CHALLENGE_KIND_TOP_N, 1_000))
	require.NoError(t, err)
	require.NoError(t, f.join(f.alice, id))
	require.NoError(t, f.join(f.bob, id))
	f.advance(2 * time.Hour)
	f.attest(t, f.alice, 10, true)
	f.attest(t, f.bob, 20, true)
	f.advance(24 * time.Hour)
	f.endBlock(t) // pays bob only
	exported, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.NoError(t, exported.Validate(addresscodec.NewBech32Codec("power")))

	// ACT: import into a fresh store.
	key := storetypes.NewKVStoreKey(types.StoreKey)
	ctx := testutil.DefaultContextWithDB(t, key, storetypes.NewTransientStoreKey("t2")).Ctx.WithBlockTime(f.ctx.BlockTime())
	cdc := codectestutil.CodecOptions{AccAddressPrefix: "power", ValAddressPrefix: "powervaloper"}.NewCodec()
	k2 := keeper.NewKeeper(cdc, runtime.NewKVStoreService(key), addresscodec.NewBech32Codec("power"), f.bank,
		f.rbac, f.assets, f.gov).WithRewardDenom(denom).WithModuleAccounts(moduleAddrs()...)
	require.NoError(t, k2.InitGenesis(ctx, *exported))
	again, err := k2.ExportGenesis(ctx)
	require.NoError(t, err)

	// ASSERT: the same state, and the derived indexes answer the same.
	require.Equal(t, exported, again)
	q2 := keeper.NewQueryServerImpl(k2)
	for _, period := range []types.Period{types.Period_PERIOD_ALL, types.Period_PERIOD_WEEK, types.Period_PERIOD_MONTH} {
		req := &types.QueryLeaderboardRequest{Metric: types.Metric_METRIC_RENEWABLE_PRODUCED_WH, Period: period}
		want, err := f.query.Leaderboard(f.ctx, req)
		require.NoError(t, err)
		got, err := q2.Leaderboard(ctx, req)
		require.NoError(t, err)
		require.Equal(t, want, got)
	}
	// The paid winner is not paid again after the import; alice still is.
	aliceBefore := f.balance(f.alice)
	require.NoError(t, k2.EndBlocker(ctx))
	require.NoError(t, k2.EndBlocker(ctx))
	c, err := k2.GetChallenge(ctx, id)
	require.NoError(t, err)
	require.Equal(t, types.ChallengeStatus_CHALLENGE_STATUS_FINISHED, c.Status)
	require.Equal(t, uint64(2), c.Paid)
	require.Equal(t, aliceBefore.AddRaw(500), f.balance(f.alice))
}

func TestGenesisValidateRefuses(t *testing.T) {
	ac := addresscodec.NewBech32Codec("power")
	alice := account("alice")
	for name, tc := range map[string]func(gs *types.GenesisState){
		"duplicate class":       func(gs *types.GenesisState) { gs.Classes = append(gs.Classes, gs.Classes[0]) },
		"achievement bad class": func(gs *types.GenesisState) { gs.Achievements[0].ClassId = "ps:unknown" },
		"duplicate achievement": func(gs *types.GenesisState) { gs.Achievements = append(gs.Achievements, gs.Achievements[0]) },
		"nft of unknown class": func(gs *types.GenesisState) {
			gs.Nfts = []types.NFT{{ClassId: "ps:unknown", Id: "badge-1", Owner: alice}}
		},
		"earned twice": func(gs *types.GenesisState) {
			gs.Nfts = []types.NFT{{ClassId: types.ClassTrading, Id: "badge-1", Owner: alice}}
			e := types.Earned{Address: alice, AchievementId: "first-trade", ClassId: types.ClassTrading, TokenId: "badge-1"}
			gs.Earned = []types.Earned{e, e}
		},
		"earned without badge": func(gs *types.GenesisState) {
			gs.Earned = []types.Earned{{Address: alice, AchievementId: "first-trade", ClassId: types.ClassTrading, TokenId: "badge-9"}}
		},
		"sold above contracted": func(gs *types.GenesisState) {
			gs.Progress = []types.Progress{{Address: alice, EnergySoldWh: 2, ContractedSoldWh: 1}}
		},
		"weekly efficiency": func(gs *types.GenesisState) {
			gs.Scores = []types.Score{{Metric: types.Metric_METRIC_EFFICIENCY_BPS, Period: types.Period_PERIOD_WEEK, PeriodIndex: 3, Address: alice}}
		},
		"negative pool": func(gs *types.GenesisState) { gs.RewardPool = sdkmath.NewInt(-1) },
		"zero next seq": func(gs *types.GenesisState) { gs.NextTokenSeq = 0 },
		"bad params":    func(gs *types.GenesisState) { gs.Params.MaxPayoutsPerBlock = 0 },
		"challenge id ≥ next": func(gs *types.GenesisState) {
			gs.Challenges = []types.Challenge{{Id: 1, Creator: alice, ClassId: types.ClassChallenges,
				Metric: types.Metric_METRIC_ENERGY_SOLD_WH, Status: types.ChallengeStatus_CHALLENGE_STATUS_OPEN,
				Escrow: sdkmath.NewInt(1), PayoutEach: sdkmath.ZeroInt()}}
		},
		"participation of unknown challenge": func(gs *types.GenesisState) {
			gs.Participations = []types.Participation{{ChallengeId: 4, Address: alice}}
		},
	} {
		t.Run(name, func(t *testing.T) {
			gs := types.DefaultGenesis()
			tc(gs)
			err := gs.Validate(ac)
			require.Error(t, err)
			if !errors.Is(err, types.ErrInvalidParams) {
				require.ErrorIs(t, err, types.ErrInvalidGenesis)
			}
		})
	}
	require.NoError(t, types.DefaultGenesis().Validate(ac))
}
