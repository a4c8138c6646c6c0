package types

import (
	"math/bits"
	"slices"
	"time"
)

// SecondsPerDay is the length of a UTC day; streaks and loyalty epochs count
// UTC days of the block time.
const SecondsPerDay = 86_400

// BpsDenominator is 100% in basis points.
const BpsDenominator = 10_000

// Additive reports whether a metric is a sum of events, so that it has
// weekly and monthly leaderboards and can be a challenge's metric. The
// others (streak, counterparties, efficiency) are states, ranked over all
// time only.
func (m Metric) Additive() bool {
	switch m {
	case Metric_METRIC_ENERGY_SOLD_WH, Metric_METRIC_ENERGY_BOUGHT_WH, Metric_METRIC_RENEWABLE_PRODUCED_WH,
		Metric_METRIC_TRADES_SETTLED, Metric_METRIC_CARBON_RETIRED_G:
		return true
	}
	return false
}

// Valid reports whether m is a defined metric other than UNSPECIFIED.
func (m Metric) Valid() bool {
	_, ok := Metric_name[int32(m)]
	return ok && m != Metric_METRIC_UNSPECIFIED
}

// Value is the metric's value in p.
func (p Progress) Value(m Metric) uint64 {
	switch m {
	case Metric_METRIC_ENERGY_SOLD_WH:
		return p.EnergySoldWh
	case Metric_METRIC_ENERGY_BOUGHT_WH:
		return p.EnergyBoughtWh
	case Metric_METRIC_RENEWABLE_PRODUCED_WH:
		return p.RenewableProducedWh
	case Metric_METRIC_TRADES_SETTLED:
		return p.TradesSettled
	case Metric_METRIC_CARBON_RETIRED_G:
		return p.CarbonRetiredG
	case Metric_METRIC_STREAK_DAYS:
		return p.LongestStreak
	case Metric_METRIC_DISTINCT_COUNTERPARTIES:
		return p.DistinctCounterparties
	case Metric_METRIC_EFFICIENCY_BPS:
		return p.EfficiencyBps()
	}
	return 0
}

// EfficiencyBps is the efficiency score: the energy delivered in settled
// sales per unit of energy sold in them, in basis points, rounded down
// (10,000 = every Wh sold was delivered). An account that never sold has 0.
func (p Progress) EfficiencyBps() uint64 {
	if p.ContractedSoldWh == 0 {
		return 0
	}
	hi, lo := bits.Mul64(min(p.EnergySoldWh, p.ContractedSoldWh), BpsDenominator)
	q, _ := bits.Div64(hi, lo, p.ContractedSoldWh) // hi < divisor since sold <= contracted
	return q
}

// StreakAt is the current streak seen on day: it lapses once a whole UTC day
// passes without activity.
func (p Progress) StreakAt(day uint64) uint64 {
	if p.LastActiveDay == 0 || day > p.LastActiveDay+1 {
		return 0
	}
	return p.CurrentStreak
}

// Day is the UTC day number of t (days since 1970-01-01).
func Day(t time.Time) uint64 { return uint64(t.Unix()) / SecondsPerDay }

// PeriodIndex numbers the period containing t: weeks since Monday
// 1970-01-05 (weeks run Monday 00:00 UTC to Monday 00:00 UTC; 1970-01-01
// was a Thursday), months as year*12 + month - 1, and 0 for all time.
func PeriodIndex(period Period, t time.Time) uint64 {
	switch period {
	case Period_PERIOD_WEEK:
		return (Day(t) + 3) / 7
	case Period_PERIOD_MONTH:
		t = t.UTC()
		return uint64(t.Year())*12 + uint64(t.Month()) - 1
	}
	return 0
}

// NextWeek is the start of the UTC week after t's, and the week after it.
func NextWeek(t time.Time) (start, end time.Time) {
	idx := PeriodIndex(Period_PERIOD_WEEK, t) + 1
	start = time.Unix(int64(idx*7-3)*SecondsPerDay, 0).UTC()
	return start, start.AddDate(0, 0, 7)
}

// NextMonth is the first of the UTC month after t's, and of the month after it.
func NextMonth(t time.Time) (start, end time.Time) {
	t = t.UTC()
	start = time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 1, 0)
	return start, start.AddDate(0, 1, 0)
}

// Periods are the leaderboard periods a metric is ranked over.
func (m Metric) Periods() []Period {
	if m.Additive() {
		return []Period{Period_PERIOD_ALL, Period_PERIOD_WEEK, Period_PERIOD_MONTH}
	}
	return []Period{Period_PERIOD_ALL}
}

// Ranked reports whether leaderboards are kept for m under p.
func (p Params) Ranked(m Metric) bool { return slices.Contains(p.RankedMetrics, m) }

// AddUint64 adds with an overflow check, naming what overflowed.
func AddUint64(a, b uint64, what string) (uint64, error) {
	s, carry := bits.Add64(a, b, 0)
	if carry != 0 {
		return 0, ErrOverflow.Wrapf("%s: %d + %d", what, a, b)
	}
	return s, nil
}

// Tier returns the index of the highest tier active_epochs reaches; tiers
// are sorted by min_active_epochs and the first needs 0 (Params.Validate).
func (p Params) Tier(activeEpochs uint64) int {
	tier := 0
	for i, t := range p.LoyaltyTiers {
		if activeEpochs >= t.MinActiveEpochs {
			tier = i
		}
	}
	return tier
}
