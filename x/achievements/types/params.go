package types

// DefaultParams returns the parameters of a new chain.
func DefaultParams() Params {
	return Params{
		MaxPayoutsPerBlock: 50,
		LoyaltyEpochDays:   7, // an active week is one loyalty epoch
		LoyaltyTiers: []LoyaltyTier{
			{Name: "bronze", MinActiveEpochs: 0, RewardBonusBps: 0},
			{Name: "silver", MinActiveEpochs: 4, RewardBonusBps: 500},      // about a month: +5%
			{Name: "gold", MinActiveEpochs: 13, RewardBonusBps: 1_000},     // about a quarter: +10%
			{Name: "platinum", MinActiveEpochs: 52, RewardBonusBps: 2_000}, // about a year: +20%
		},
		RankedMetrics: []Metric{
			Metric_METRIC_ENERGY_SOLD_WH, Metric_METRIC_RENEWABLE_PRODUCED_WH, Metric_METRIC_EFFICIENCY_BPS,
		},
		MaxLeaderboardLimit:      100,
		MaxJoinedChallenges:      10,
		MaxChallengeParticipants: 10_000,
		MaxChallengeDays:         92,
	}
}

// Validate checks the parameters.
func (p Params) Validate() error {
	switch {
	case p.MaxPayoutsPerBlock == 0 || p.MaxPayoutsPerBlock > 1_000:
		return ErrInvalidParams.Wrap("max_payouts_per_block must be 1..1000")
	case p.LoyaltyEpochDays == 0 || p.LoyaltyEpochDays > 366:
		return ErrInvalidParams.Wrap("loyalty_epoch_days must be 1..366")
	case len(p.LoyaltyTiers) == 0 || len(p.LoyaltyTiers) > 16:
		return ErrInvalidParams.Wrap("loyalty_tiers must have 1 to 16 tiers")
	case p.MaxLeaderboardLimit == 0 || p.MaxLeaderboardLimit > 1_000:
		return ErrInvalidParams.Wrap("max_leaderboard_limit must be 1..1000")
	case p.MaxJoinedChallenges == 0 || p.MaxJoinedChallenges > 100:
		return ErrInvalidParams.Wrap("max_joined_challenges must be 1..100")
	case p.MaxChallengeParticipants == 0 || p.MaxChallengeParticipants > 1_000_000:
		return ErrInvalidParams.Wrap("max_challenge_participants must be 1..1000000")
	case p.MaxChallengeDays == 0 || p.MaxChallengeDays > 366:
		return ErrInvalidParams.Wrap("max_challenge_days must be 1..366")
	case len(p.RankedMetrics) > 8:
		return ErrInvalidParams.Wrap("ranked_metrics lists at most 8 metrics")
	}
	for i, t := range p.LoyaltyTiers {
		if t.Name == "" || len(t.Name) > 32 {
			return ErrInvalidParams.Wrapf("loyalty tier %d: name must be 1 to 32 characters", i)
		}
		if t.RewardBonusBps > BpsDenominator {
			return ErrInvalidParams.Wrapf("loyalty tier %s: reward_bonus_bps must be at most 10000", t.Name)
		}
		if i == 0 && t.MinActiveEpochs != 0 {
			return ErrInvalidParams.Wrap("the first loyalty tier must need 0 active epochs")
		}
		if i > 0 && t.MinActiveEpochs <= p.LoyaltyTiers[i-1].MinActiveEpochs {
			return ErrInvalidParams.Wrapf("loyalty tier %s: min_active_epochs must increase", t.Name)
		}
	}
	for i, m := range p.RankedMetrics {
		if !m.Valid() {
			return ErrInvalidParams.Wrapf("ranked_metrics[%d]: %v is not a metric", i, m)
		}
		for _, prev := range p.RankedMetrics[:i] {
			if prev == m {
				return ErrInvalidParams.Wrapf("ranked_metrics lists %v twice", m)
			}
		}
	}
	return nil
}
