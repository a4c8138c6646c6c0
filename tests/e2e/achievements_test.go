package e2e_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/suite"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/powershare/powershare/app/params"
	"github.com/powershare/powershare/testutil/network"
	achievementstypes "github.com/powershare/powershare/x/achievements/types"
	assetstypes "github.com/powershare/powershare/x/assets/types"
	markettypes "github.com/powershare/powershare/x/market/types"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// AchievementsSuite earns badges, rewards and a challenge prize through
// consensus on four validators. Slots are 40 s so that a 10 MW wind meter
// can sell 100 kWh in one.
type AchievementsSuite struct {
	suite.Suite
	net                                *network.Network
	admin, gridop, alice, bob, manager sdk.AccAddress
	query                              achievementstypes.QueryClient
	attestedUntil                      time.Time
}

func TestAchievements(t *testing.T) {
	suite.Run(t, new(AchievementsSuite))
}

const achSlotSeconds = 40

func (s *AchievementsSuite) SetupSuite() {
	cfg := network.DefaultConfig()
	var market markettypes.GenesisState
	cfg.Codec.MustUnmarshalJSON(cfg.GenesisState[markettypes.ModuleName], &market)
	market.Params.SlotSeconds, market.Params.GateClosureSeconds = achSlotSeconds, 3
	market.Zones = []markettypes.Zone{{Id: "zone-a", Description: "e2e zone"}}
	cfg.GenesisState[markettypes.ModuleName] = cfg.Codec.MustMarshalJSON(&market)
	s.net = network.New(s.T(), cfg)
	s.query = achievementstypes.NewQueryClient(s.net.Validators[0].ClientCtx)

	val := s.net.Validators[0]
	s.admin = val.Address
	fund := sdk.NewCoins(sdk.NewInt64Coin(params.BondDenom, 5_000_000_000))
	for _, a := range []struct {
		name string
		addr *sdk.AccAddress
	}{{"gridop", &s.gridop}, {"alice", &s.alice}, {"bob", &s.bob}, {"manager", &s.manager}} {
		addr, err := network.NewAccount(s.net, "ach-"+a.name, fund)
		s.Require().NoError(err)
		*a.addr = addr
	}
	s.ok(val.Moniker,
		&rbactypes.MsgCreateCommunity{Signer: s.admin.String(), Name: "Windy Lane", Zone: "zone-a", Geohash: "u33db"},
		&rbactypes.MsgGrantRole{Signer: s.admin.String(), Address: s.gridop.String(), Role: rbactypes.Role_GRID_OPERATOR},
		&rbactypes.MsgGrantRole{Signer: s.admin.String(), Address: s.alice.String(), Role: rbactypes.Role_PROSUMER, CommunityId: 1},
		&rbactypes.MsgGrantRole{Signer: s.admin.String(), Address: s.bob.String(), Role: rbactypes.Role_PROSUMER, CommunityId: 1},
		&rbactypes.MsgGrantRole{Signer: s.admin.String(), Address: s.manager.String(), Role: rbactypes.Role_COMMUNITY_MANAGER, CommunityId: 1},
		&achievementstypes.MsgFundRewardPool{Funder: s.admin.String(), Amount: sdk.NewInt64Coin(params.BondDenom, 100_000_000)},
	)
	for _, m := range []struct {
		id        string
		owner     sdk.AccAddress
		kind      assetstypes.MeterKind
		capacityW uint64
	}{{"alice-wind", s.alice, assetstypes.MeterKind_WIND, 10_000_000}, {"bob-solar", s.bob, assetstypes.MeterKind_SOLAR, 2_000_000}} {
		s.ok("ach-gridop", &assetstypes.MsgRegisterMeter{Signer: s.gridop.String(), MeterId: m.id, Owner: m.owner.String(),
			Kind: m.kind, CapacityW: m.capacityW, CommunityId: 1})
	}
	s.ok("ach-alice", &assetstypes.MsgAcceptMeter{Signer: s.alice.String(), MeterId: "alice-wind"})
	s.ok("ach-bob", &assetstypes.MsgAcceptMeter{Signer: s.bob.String(), MeterId: "bob-solar"})
	s.attestedUntil = time.Now().UTC().Add(-6 * time.Hour).Truncate(time.Hour)
}

func (s *AchievementsSuite) ok(signer string, msgs ...sdk.Msg) *sdk.TxResponse {
	res, err := network.DeliverWithGas(s.net, signer, 1_000_000, msgs...)
	s.Require().NoError(err)
	s.Require().Zero(res.Code, res.RawLog)
	return res
}

// attest attests the next hour of both meters.
func (s *AchievementsSuite) attest(aliceWh, bobWh uint64) {
	start := s.attestedUntil
	s.attestedUntil = start.Add(time.Hour)
	s.ok("ach-gridop", &assetstypes.MsgAttestProduction{Signer: s.gridop.String(), Readings: []assetstypes.Reading{
		{MeterId: "alice-wind", Start: start, End: s.attestedUntil, EnergyWh: aliceWh},
		{MeterId: "bob-solar", Start: start, End: s.attestedUntil, EnergyWh: bobWh},
	}})
}

// waitForBlockTime waits until a block at or after t is committed.
func (s *AchievementsSuite) waitForBlockTime(t time.Time) {
	s.Require().Eventually(func() bool {
		latest, err := s.net.LatestHeight()
		s.Require().NoError(err)
		block, err := s.net.Validators[0].RPCClient.Block(context.Background(), &latest)
		s.Require().NoError(err)
		return !block.Block.Time.Before(t)
	}, 3*time.Minute, time.Second)
}

// Test1Sold100kWh: alice sells 100 kWh to bob in settled trades and earns
// sold-100kwh with its 10 PWC reward (and first-trade's 1 PWC), paid once
// out of the reward pool.
func (s *AchievementsSuite) Test1Sold100kWh() {
	ctx := context.Background()
	poolBefore, err := s.query.RewardPool(ctx, &achievementstypes.QueryRewardPoolRequest{})
	s.Require().NoError(err)
	first := time.Now().UTC().Add(10 * time.Second).Unix()
	slot := time.Unix((first/achSlotSeconds+1)*achSlotSeconds, 0).UTC()
	s.ok("ach-alice", &markettypes.MsgPlaceOrder{Owner: s.alice.String(), Zone: "zone-a", SlotStart: slot,
		Side: markettypes.Side_SELL, QuantityWh: 100_000, Price: 150_000, MeterId: "alice-wind"})
	s.ok("ach-bob", &markettypes.MsgPlaceOrder{Owner: s.bob.String(), Zone: "zone-a", SlotStart: slot,
		Side: markettypes.Side_BUY, QuantityWh: 60_000, Price: 150_000})
	s.ok("ach-bob", &markettypes.MsgPlaceOrder{Owner: s.bob.String(), Zone: "zone-a", SlotStart: slot,
		Side: markettypes.Side_BUY, QuantityWh: 40_000, Price: 150_000})
	trades, err := markettypes.NewQueryClient(s.net.Validators[0].ClientCtx).TradesByOwner(ctx,
		&markettypes.QueryTradesByOwnerRequest{Owner: s.alice.String()})
	s.Require().NoError(err)
	s.Require().Len(trades.Trades, 2)
	s.waitForBlockTime(slot.Add(achSlotSeconds * time.Second))
	s.ok("ach-gridop", &markettypes.MsgSettleTrades{Signer: s.gridop.String(), Settlements: []markettypes.Settlement{
		{TradeId: trades.Trades[0].Id, DeliveredWh: trades.Trades[0].QuantityWh},
		{TradeId: trades.Trades[1].Id, DeliveredWh: trades.Trades[1].QuantityWh},
	}})

	badges, err := s.query.Badges(ctx, &achievementstypes.QueryBadgesRequest{Address: s.alice.String()})
	s.Require().NoError(err)
	paid := map[string]int64{}
	for _, e := range badges.Earned {
		paid[e.AchievementId] = e.RewardPaid.Amount.Int64()
	}
	s.Equal(map[string]int64{"first-trade": 1_000_000, "sold-100kwh": 10_000_000}, paid)
	nfts, err := s.query.NFTs(ctx, &achievementstypes.QueryNFTsRequest{Owner: s.alice.String()})
	s.Require().NoError(err)
	s.Len(nfts.Nfts, 2)
	progress, err := s.query.Progress(ctx, &achievementstypes.QueryProgressRequest{Address: s.alice.String()})
	s.Require().NoError(err)
	s.Equal(uint64(100_000), progress.Progress.EnergySoldWh)
	s.Equal(uint64(10_000), progress.EfficiencyBps)
	// bob earned first-trade (1 PWC) and bought-100kwh (5 PWC).
	poolAfter, err := s.query.RewardPool(ctx, &achievementstypes.QueryRewardPoolRequest{})
	s.Require().NoError(err)
	s.Equal(poolBefore.Balance.Amount.SubRaw(11_000_000+6_000_000), poolAfter.Balance.Amount)
	held, err := network.Balance(s.net.Validators[0].ClientCtx, authtypes.NewModuleAddress(achievementstypes.ModuleName), params.BondDenom)
	s.Require().NoError(err)
	s.Equal(poolAfter.Balance.Amount, held.Amount, "the module account holds the pool")
}

// Test2ChallengeAndLeaderboard: a challenge of community 1 pays its winner
// from the escrowed pool; the renewable leaderboard ranks alice over bob.
func (s *AchievementsSuite) Test2ChallengeAndLeaderboard() {
	ctx := context.Background()
	s.attest(120_000, 30_000) // before the challenge: ranks, does not count for it
	start := time.Now().UTC().Add(12 * time.Second).Truncate(time.Second)
	end := start.Add(25 * time.Second)
	res := s.ok("ach-manager", &achievementstypes.MsgCreateChallenge{
		Creator: s.manager.String(), Community: 1, Name: "Sunny sprint", Metric: achievementstypes.Metric_METRIC_RENEWABLE_PRODUCED_WH,
		Kind: achievementstypes.ChallengeKind_CHALLENGE_KIND_TOP_N, TopN: 1, Start: &start, End: &end,
		Pool: sdk.NewInt64Coin(params.BondDenom, 5_000_000), ClassId: achievementstypes.ClassChallenges,
	})
	s.Require().NotEmpty(res.TxHash)
	list, err := s.query.Challenges(ctx, &achievementstypes.QueryChallengesRequest{Community: 1})
	s.Require().NoError(err)
	s.Require().NotEmpty(list.Challenges)
	id := list.Challenges[0].Id
	s.ok("ach-alice", &achievementstypes.MsgJoinChallenge{Member: s.alice.String(), ChallengeId: id})
	s.ok("ach-bob", &achievementstypes.MsgJoinChallenge{Member: s.bob.String(), ChallengeId: id})
	bobBefore, err := network.Balance(s.net.Validators[0].ClientCtx, s.bob, params.BondDenom)
	s.Require().NoError(err)

	s.waitForBlockTime(start)
	s.attest(10_000, 20_000) // within the window: bob leads the challenge
	s.waitForBlockTime(end.Add(2 * time.Second))
	s.Require().Eventually(func() bool {
		c, err := s.query.Challenge(ctx, &achievementstypes.QueryChallengeRequest{Id: id})
		s.Require().NoError(err)
		return c.Challenge.Status == achievementstypes.ChallengeStatus_CHALLENGE_STATUS_FINISHED
	}, time.Minute, time.Second)
	c, err := s.query.Challenge(ctx, &achievementstypes.QueryChallengeRequest{Id: id})
	s.Require().NoError(err)
	s.Equal(uint64(1), c.Challenge.Paid)
	bobAfter, err := network.Balance(s.net.Validators[0].ClientCtx, s.bob, params.BondDenom)
	s.Require().NoError(err)
	s.Equal(bobBefore.Amount.AddRaw(5_000_000), bobAfter.Amount, "bob paid no fee since, and won the pool")
	bobNFTs, err := s.query.NFTs(ctx, &achievementstypes.QueryNFTsRequest{Owner: s.bob.String(), ClassId: achievementstypes.ClassChallenges})
	s.Require().NoError(err)
	s.Len(bobNFTs.Nfts, 1)

	board, err := s.query.Leaderboard(ctx, &achievementstypes.QueryLeaderboardRequest{
		Metric: achievementstypes.Metric_METRIC_RENEWABLE_PRODUCED_WH, Community: 1,
	})
	s.Require().NoError(err)
	s.Require().Len(board.Entries, 2)
	s.Equal(achievementstypes.LeaderboardEntry{Rank: 1, Address: s.alice.String(), Score: 130_000}, board.Entries[0])
	s.Equal(achievementstypes.LeaderboardEntry{Rank: 2, Address: s.bob.String(), Score: 50_000}, board.Entries[1])
	rank, err := s.query.Rank(ctx, &achievementstypes.QueryRankRequest{Address: s.bob.String(), Metric: achievementstypes.Metric_METRIC_RENEWABLE_PRODUCED_WH})
	s.Require().NoError(err)
	s.Equal(uint64(2), rank.Entry.Rank)
	s.Equal(uint64(2), rank.Total)
}
