package keeper

import (
	"context"
	"errors"
	"slices"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/achievements/types"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// memberRoles make an account a member of a community, as in x/assets.
var memberRoles = []rbactypes.Role{rbactypes.Role_PROSUMER, rbactypes.Role_CONSUMER, rbactypes.Role_COMMUNITY_MANAGER}

func isMemberRole(r rbactypes.Role) bool { return slices.Contains(memberRoles, r) }

// isMember reports whether addr holds an active member role in community.
func (k Keeper) isMember(ctx context.Context, addr sdk.AccAddress, community uint64) (bool, error) {
	for _, role := range memberRoles {
		ok, err := k.rbac.HasActiveRole(ctx, addr, role, community)
		if err != nil || ok {
			return ok, err
		}
	}
	return false, nil
}

// allMetrics are the metrics compared before and after a change, in enum order.
var allMetrics = []types.Metric{
	types.Metric_METRIC_ENERGY_SOLD_WH, types.Metric_METRIC_ENERGY_BOUGHT_WH, types.Metric_METRIC_RENEWABLE_PRODUCED_WH,
	types.Metric_METRIC_TRADES_SETTLED, types.Metric_METRIC_CARBON_RETIRED_G, types.Metric_METRIC_STREAK_DAYS,
	types.Metric_METRIC_DISTINCT_COUNTERPARTIES, types.Metric_METRIC_EFFICIENCY_BPS,
}

// GetProgress returns an account's counters (zero for an account never seen).
func (k Keeper) GetProgress(ctx context.Context, addr sdk.AccAddress) (types.Progress, error) {
	p, err := k.Progress.Get(ctx, addr)
	if errors.Is(err, collections.ErrNotFound) {
		s, err := k.addressCodec.BytesToString(addr)
		return types.Progress{Address: s}, err
	}
	return p, err
}

// record changes addr's counters with change, marks the block's UTC day
// active when active is set, and then reacts to every metric that moved:
// achievements it crosses are awarded, its leaderboards and the challenges
// addr takes part in are updated. evidence names the chain fact ("trade 42").
func (k Keeper) record(ctx context.Context, addr sdk.AccAddress, evidence string, active bool,
	change func(p *types.Progress) error,
) error {
	if k.isModuleAccount(addr) {
		return nil // a module account (escrow, treasury) is no participant
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	before, err := k.GetProgress(ctx, addr)
	if err != nil {
		return err
	}
	after := before
	if err := change(&after); err != nil {
		return err
	}
	if active {
		if err := k.markActive(ctx, &after, before, params); err != nil {
			return err
		}
	}
	if err := k.Progress.Set(ctx, addr, after); err != nil {
		return err
	}
	var communities []uint64
	communitiesRead := false
	var increases []metricIncrease
	for _, m := range allMetrics {
		was, now := before.Value(m), after.Value(m)
		if was == now {
			continue
		}
		if err := k.checkAchievements(ctx, addr, after, m, now, evidence, params); err != nil {
			return err
		}
		var increase uint64
		if m.Additive() && now > was {
			increase = now - was
		}
		if params.Ranked(m) {
			if !communitiesRead {
				if communities, err = k.communitiesOf(ctx, addr); err != nil {
					return err
				}
				communitiesRead = true
			}
			if err := k.updateLeaderboards(ctx, addr, communities, m, now, increase); err != nil {
				return err
			}
		}
		if increase > 0 {
			increases = append(increases, metricIncrease{m, increase})
		}
	}
	if len(increases) == 0 {
		return nil
	}
	return k.advanceChallenges(ctx, addr, increases)
}

// metricIncrease is how much an additive metric grew.
type metricIncrease struct {
	metric   types.Metric
	increase uint64
}

// markActive counts the block's UTC day for p: the day after the last
// active one extends the streak, a later one starts a new streak of 1, the
// same day changes nothing. The first active day of a loyalty epoch counts
// the epoch, and reaching a higher tier is evented.
func (k Keeper) markActive(ctx context.Context, p *types.Progress, before types.Progress, params types.Params) error {
	day := types.Day(sdk.UnwrapSDKContext(ctx).BlockTime())
	if p.LastActiveDay == day {
		return nil
	}
	if p.LastActiveDay != 0 && p.LastActiveDay+1 == day {
		p.CurrentStreak++
	} else {
		p.CurrentStreak = 1
	}
	p.LongestStreak = max(p.LongestStreak, p.CurrentStreak)
	p.LastActiveDay = day
	epoch := day/uint64(params.LoyaltyEpochDays) + 1
	if p.LastActiveEpoch == epoch {
		return nil
	}
	p.LastActiveEpoch = epoch
	p.ActiveEpochs++
	if tier := params.Tier(p.ActiveEpochs); tier != params.Tier(before.ActiveEpochs) {
		return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventLoyaltyTierReached{
			Address: p.Address, Tier: params.LoyaltyTiers[tier].Name, ActiveEpochs: p.ActiveEpochs,
		})
	}
	return nil
}
