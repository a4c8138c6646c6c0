package types

import (
	"fmt"

	"cosmossdk.io/core/address"
	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/internal/moduleutil"
)

// DefaultRewardDenom is the PowerCoin denom of the starter set's rewards:
// the app's bond denom. InitGenesis refuses a PowerCoin reward in any other
// denom than the keeper's.
const DefaultRewardDenom = "upwc"

// pwc is n whole PowerCoin in upwc.
func pwc(n int64) sdk.Coin { return sdk.NewCoin(DefaultRewardDenom, sdkmath.NewInt(n*1_000_000)) }

// Starter badge classes; all soulbound.
const (
	ClassTrading        = "ps:trading"
	ClassSustainability = "ps:sustainability"
	ClassStreaks        = "ps:streaks"
	ClassChallenges     = "ps:challenges"
)

// DefaultClasses are the starter badge classes.
func DefaultClasses() []Class {
	return []Class{
		{Id: ClassTrading, Name: "PowerShare trading badges", Symbol: "PSTRADE", Description: "Earned by settled energy trades."},
		{Id: ClassSustainability, Name: "PowerShare sustainability badges", Symbol: "PSGREEN", Description: "Earned by attested renewable production and retired carbon."},
		{Id: ClassStreaks, Name: "PowerShare streak badges", Symbol: "PSSTREAK", Description: "Earned by consecutive active days."},
		{Id: ClassChallenges, Name: "PowerShare challenge badges", Symbol: "PSCHAL", Description: "Won in community challenges."},
	}
}

// DefaultAchievements are the starter achievements. Their PowerCoin rewards
// are paid from the reward pool, which a new chain funds by
// MsgFundRewardPool (or its genesis); while it is short, badges are minted
// without the reward (EventRewardNotPaid).
func DefaultAchievements() []Achievement {
	return []Achievement{
		{Id: "first-trade", Name: "First trade", Description: "Settle your first trade with energy delivered.",
			ClassId: ClassTrading, Metric: Metric_METRIC_TRADES_SETTLED, Threshold: 1, Reward: pwc(1)},
		{Id: "ten-trades", Name: "Regular trader", Description: "Settle ten trades with energy delivered.",
			ClassId: ClassTrading, Metric: Metric_METRIC_TRADES_SETTLED, Threshold: 10, Reward: pwc(5)},
		{Id: "sold-100kwh", Name: "100 kWh sold", Description: "Deliver 100 kWh in settled sales.",
			ClassId: ClassTrading, Metric: Metric_METRIC_ENERGY_SOLD_WH, Threshold: 100_000, Reward: pwc(10)},
		{Id: "bought-100kwh", Name: "100 kWh bought", Description: "Receive 100 kWh in settled purchases.",
			ClassId: ClassTrading, Metric: Metric_METRIC_ENERGY_BOUGHT_WH, Threshold: 100_000, Reward: pwc(5)},
		{Id: "five-neighbours", Name: "Good neighbour", Description: "Settle trades with five different accounts.",
			ClassId: ClassTrading, Metric: Metric_METRIC_DISTINCT_COUNTERPARTIES, Threshold: 5, Reward: pwc(5)},
		{Id: "renewable-1mwh", Name: "1 MWh renewable", Description: "Produce 1 MWh of attested renewable energy.",
			ClassId: ClassSustainability, Metric: Metric_METRIC_RENEWABLE_PRODUCED_WH, Threshold: 1_000_000, Reward: pwc(25)},
		{Id: "carbon-1t", Name: "1 t CO2e retired", Description: "Retire 1 tCO2e of Carbon Credits.",
			ClassId: ClassSustainability, Metric: Metric_METRIC_CARBON_RETIRED_G, Threshold: 1_000_000, Reward: pwc(25)},
		{Id: "streak-7", Name: "7-day streak", Description: "Trade or produce on 7 consecutive UTC days.",
			ClassId: ClassStreaks, Metric: Metric_METRIC_STREAK_DAYS, Threshold: 7, Reward: pwc(5)},
		{Id: "streak-30", Name: "30-day streak", Description: "Trade or produce on 30 consecutive UTC days.",
			ClassId: ClassStreaks, Metric: Metric_METRIC_STREAK_DAYS, Threshold: 30, Reward: pwc(20)},
	}
}

// DefaultGenesis is the state of a new chain: the starter classes and
// achievements, nothing earned.
func DefaultGenesis() *GenesisState {
	return &GenesisState{
		Params: DefaultParams(), Classes: DefaultClasses(), Achievements: DefaultAchievements(),
		NextTokenSeq: 1, NextChallengeId: 1, RewardPool: sdkmath.ZeroInt(),
	}
}

// Validate checks the genesis state on its own; the app checks the module
// account's balance against the pool and escrows (app.ValidateAppGenesis).
func (gs GenesisState) Validate(ac address.Codec) error {
	if err := gs.Params.Validate(); err != nil {
		return err
	}
	if gs.NextTokenSeq == 0 || gs.NextChallengeId == 0 {
		return ErrInvalidGenesis.Wrap("next_token_seq and next_challenge_id start at 1")
	}
	if gs.RewardPool.IsNil() || gs.RewardPool.IsNegative() {
		return ErrInvalidGenesis.Wrap("reward_pool must be a non-negative amount")
	}
	classes := make(map[string]bool, len(gs.Classes))
	for _, c := range gs.Classes {
		if err := c.Validate(); err != nil {
			return ErrInvalidGenesis.Wrap(err.Error())
		}
		if classes[c.Id] {
			return ErrInvalidGenesis.Wrapf("class %s listed twice", c.Id)
		}
		classes[c.Id] = true
	}
	tokens := make(map[string]bool, len(gs.Nfts))
	for _, n := range gs.Nfts {
		key := n.ClassId + "/" + n.Id
		if !classes[n.ClassId] || tokens[key] {
			return ErrInvalidGenesis.Wrapf("nft %s: unknown class or listed twice", key)
		}
		if err := ValidateClassID(n.Id); err != nil {
			return ErrInvalidGenesis.Wrapf("nft %s: %v", key, err)
		}
		if _, err := moduleutil.ParseCanonicalAddress(ac, n.Owner); err != nil {
			return ErrInvalidGenesis.Wrapf("nft %s owner: %v", key, err)
		}
		tokens[key] = true
	}
	defs := make(map[string]Achievement, len(gs.Achievements))
	for _, a := range gs.Achievements {
		if err := a.Validate(""); err != nil {
			return ErrInvalidGenesis.Wrap(err.Error())
		}
		if _, dup := defs[a.Id]; dup || !classes[a.ClassId] {
			return ErrInvalidGenesis.Wrapf("achievement %s: listed twice or class %s unknown", a.Id, a.ClassId)
		}
		defs[a.Id] = a
	}
	if err := gs.validateAccounts(ac, defs, tokens); err != nil {
		return err
	}
	return gs.validateChallenges(ac, classes)
}

func (gs GenesisState) validateAccounts(ac address.Codec, defs map[string]Achievement, tokens map[string]bool) error {
	seen := make(map[string]bool, len(gs.Progress))
	for _, p := range gs.Progress {
		if _, err := moduleutil.ParseCanonicalAddress(ac, p.Address); err != nil || seen[p.Address] {
			return ErrInvalidGenesis.Wrapf("progress of %q: invalid or listed twice", p.Address)
		}
		if p.EnergySoldWh > p.ContractedSoldWh || p.CurrentStreak > p.LongestStreak {
			return ErrInvalidGenesis.Wrapf("progress of %s: sold above contracted, or streak above longest", p.Address)
		}
		seen[p.Address] = true
	}
	earned := make(map[string]bool, len(gs.Earned))
	for _, e := range gs.Earned {
		key := e.Address + "/" + e.AchievementId
		if _, err := moduleutil.ParseCanonicalAddress(ac, e.Address); err != nil || earned[key] {
			return ErrInvalidGenesis.Wrapf("earned %s: invalid address or earned twice", key)
		}
		if _, ok := defs[e.AchievementId]; !ok || !tokens[e.ClassId+"/"+e.TokenId] {
			return ErrInvalidGenesis.Wrapf("earned %s: unknown achievement or badge %s/%s", key, e.ClassId, e.TokenId)
		}
		earned[key] = true
	}
	pairs := make(map[string]bool, len(gs.Counterparties))
	for _, c := range gs.Counterparties {
		key := c.Address + "/" + c.Counterparty
		_, err1 := moduleutil.ParseCanonicalAddress(ac, c.Address)
		_, err2 := moduleutil.ParseCanonicalAddress(ac, c.Counterparty)
		if err1 != nil || err2 != nil || pairs[key] || c.Address == c.Counterparty {
			return ErrInvalidGenesis.Wrapf("counterparty pair %s: invalid or listed twice", key)
		}
		pairs[key] = true
	}
	scores := make(map[string]bool, len(gs.Scores))
	for _, s := range gs.Scores {
		key := fmt.Sprintf("%d/%d/%d/%d/%s", s.Metric, s.Period, s.PeriodIndex, s.Community, s.Address)
		if _, err := moduleutil.ParseCanonicalAddress(ac, s.Address); err != nil || scores[key] {
			return ErrInvalidGenesis.Wrapf("score %s: invalid address or listed twice", key)
		}
		if !s.Metric.Valid() || s.Period == Period_PERIOD_UNSPECIFIED || Period_name[int32(s.Period)] == "" ||
			(s.Period == Period_PERIOD_ALL) != (s.PeriodIndex == 0) || (!s.Metric.Additive() && s.Period != Period_PERIOD_ALL) {
			return ErrInvalidGenesis.Wrapf("score %s: metric, period or period index invalid", key)
		}
		scores[key] = true
	}
	return nil
}

func (gs GenesisState) validateChallenges(ac address.Codec, classes map[string]bool) error {
	challenges := make(map[uint64]Challenge, len(gs.Challenges))
	for _, c := range gs.Challenges {
		if c.Id == 0 || c.Id >= gs.NextChallengeId {
			return ErrInvalidGenesis.Wrapf("challenge %d: id out of range", c.Id)
		}
		if _, dup := challenges[c.Id]; dup {
			return ErrInvalidGenesis.Wrapf("challenge %d listed twice", c.Id)
		}
		if _, err := moduleutil.ParseCanonicalAddress(ac, c.Creator); err != nil {
			return ErrInvalidGenesis.Wrapf("challenge %d creator: %v", c.Id, err)
		}
		if !classes[c.ClassId] || !c.Metric.Additive() || ChallengeStatus_name[int32(c.Status)] == "" ||
			c.Status == ChallengeStatus_CHALLENGE_STATUS_UNSPECIFIED {
			return ErrInvalidGenesis.Wrapf("challenge %d: class, metric or status invalid", c.Id)
		}
		if c.Escrow.IsNil() || c.Escrow.IsNegative() || c.PayoutEach.IsNil() || c.Pool.Amount.IsNil() ||
			c.Escrow.GT(c.Pool.Amount) || c.Paid > c.Winners {
			return ErrInvalidGenesis.Wrapf("challenge %d: escrow, payout or paid count invalid", c.Id)
		}
		done := c.Status == ChallengeStatus_CHALLENGE_STATUS_FINISHED || c.Status == ChallengeStatus_CHALLENGE_STATUS_CANCELLED
		if done != c.Escrow.IsZero() {
			return ErrInvalidGenesis.Wrapf("challenge %d: a finished or cancelled challenge holds no escrow, an open one holds some", c.Id)
		}
		challenges[c.Id] = c
	}
	counts := make(map[uint64]uint64, len(gs.Challenges))
	seen := make(map[string]bool, len(gs.Participations))
	for _, p := range gs.Participations {
		key := fmt.Sprintf("%d/%s", p.ChallengeId, p.Address)
		if _, ok := challenges[p.ChallengeId]; !ok || seen[key] {
			return ErrInvalidGenesis.Wrapf("participation %s: unknown challenge or listed twice", key)
		}
		if _, err := moduleutil.ParseCanonicalAddress(ac, p.Address); err != nil {
			return ErrInvalidGenesis.Wrapf("participation %s: %v", key, err)
		}
		seen[key] = true
		counts[p.ChallengeId]++
	}
	for _, c := range gs.Challenges {
		open := c.Status == ChallengeStatus_CHALLENGE_STATUS_OPEN || c.Status == ChallengeStatus_CHALLENGE_STATUS_PAYING
		if open && counts[c.Id] > c.Participants {
			return ErrInvalidGenesis.Wrapf("challenge %d: %d participations for %d participants", c.Id, counts[c.Id], c.Participants)
		}
	}
	return nil
}

// TotalEscrow is the PowerCoin the genesis challenges hold.
func (gs GenesisState) TotalEscrow() sdkmath.Int {
	total := sdkmath.ZeroInt()
	for _, c := range gs.Challenges {
		total = total.Add(c.Escrow)
	}
	return total
}
