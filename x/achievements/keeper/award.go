package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/achievements/types"
	"github.com/powershare/powershare/x/internal/moduleutil"
)

// checkAchievements awards every achievement on metric m that value
// reaches and addr has not earned yet. A community achievement needs addr to
// be a member of its community when the metric moves. A definition added
// later is earned the next time its metric moves.
func (k Keeper) checkAchievements(ctx context.Context, addr sdk.AccAddress, p types.Progress, m types.Metric, value uint64,
	evidence string, params types.Params,
) error {
	iter, err := k.Achievements.Indexes.ByMetric.MatchExact(ctx, int32(m))
	if err != nil {
		return err
	}
	ids, err := iter.PrimaryKeys()
	if err != nil {
		return err
	}
	for _, id := range ids {
		def, err := k.Achievements.Get(ctx, id)
		if err != nil {
			return err
		}
		if value < def.Threshold {
			continue
		}
		earned, err := k.Earned.Has(ctx, collections.Join(addr, id))
		if err != nil {
			return err
		}
		if earned {
			continue
		}
		if def.Community != 0 {
			member, err := k.isMember(ctx, addr, def.Community)
			if err != nil {
				return err
			}
			if !member {
				continue
			}
		}
		if err := k.award(ctx, addr, p, def, value, evidence, params); err != nil {
			return err
		}
	}
	return nil
}

// award mints def's badge to addr, pays its reward and records both.
func (k Keeper) award(ctx context.Context, addr sdk.AccAddress, p types.Progress, def types.Achievement, value uint64,
	evidence string, params types.Params,
) error {
	nft, err := k.mintBadge(ctx, def.ClassId, addr, types.BadgeData{
		AchievementId: def.Id, Metric: def.Metric, Threshold: def.Threshold, Value: value, Evidence: evidence,
	})
	if err != nil {
		return err
	}
	paid, bonus, err := k.payReward(ctx, addr, p, def, params)
	if err != nil {
		return err
	}
	e := types.Earned{
		Address: p.Address, AchievementId: def.Id, ClassId: nft.ClassId, TokenId: nft.Id,
		Height: sdk.UnwrapSDKContext(ctx).BlockHeight(), RewardPaid: paid,
	}
	if err := k.Earned.Set(ctx, collections.Join(addr, def.Id), e); err != nil {
		return err
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventAchievementEarned{
		Earned: e, Value: value, LoyaltyBonus: bonus,
	})
}

// LoyaltyBonus is the loyalty bonus on a PowerCoin reward: reward x the
// tier's reward_bonus_bps / 10,000, rounded down.
func LoyaltyBonus(reward sdkmath.Int, bonusBps uint32) sdkmath.Int {
	return reward.MulRaw(int64(bonusBps)).QuoRaw(types.BpsDenominator)
}

// payReward pays def's reward to addr: PowerCoin out of the reward pool
// with the loyalty tier's bonus, or the community's tokens minted by
// x/assets within its cap. A reward that cannot be paid (pool short, cap
// reached) is evented and skipped; the badge stands, and nothing is owed.
func (k Keeper) payReward(ctx context.Context, addr sdk.AccAddress, p types.Progress, def types.Achievement,
	params types.Params,
) (paid, bonus sdk.Coin, err error) {
	zero := sdk.NewCoin(def.Reward.Denom, sdkmath.ZeroInt())
	if def.Reward.Denom == "" {
		zero = k.coin(sdkmath.ZeroInt())
	}
	if !types.HasReward(def.Reward) {
		return zero, zero, nil
	}
	notPaid := func(reason string) (sdk.Coin, sdk.Coin, error) {
		return zero, zero, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventRewardNotPaid{
			Address: p.Address, AchievementId: def.Id, Reward: def.Reward, Reason: reason,
		})
	}
	if def.Reward.Denom != k.rewardDenom {
		err := moduleutil.RunCached(ctx, func(ctx context.Context) error {
			return k.assets.RewardMember(ctx, def.Community, addr, def.Reward.Amount, "achievement "+def.Id)
		})
		if err != nil {
			return notPaid(err.Error())
		}
		return def.Reward, zero, nil
	}
	tier := params.LoyaltyTiers[params.Tier(p.ActiveEpochs)]
	extra := LoyaltyBonus(def.Reward.Amount, tier.RewardBonusBps)
	total := def.Reward.Amount.Add(extra)
	pool, err := k.rewardPool(ctx)
	if err != nil {
		return zero, zero, err
	}
	if pool.LT(total) {
		return notPaid("the reward pool holds " + pool.String() + k.rewardDenom + ", " + total.String() + " needed; fund it with 'tx achievements fund-reward-pool'")
	}
	if err := k.bank.SendCoinsFromModuleToAccount(ctx, types.ModuleName, addr, sdk.NewCoins(k.coin(total))); err != nil {
		return zero, zero, err
	}
	if err := k.RewardPool.Set(ctx, pool.Sub(total)); err != nil {
		return zero, zero, err
	}
	return k.coin(total), k.coin(extra), nil
}

func (k Keeper) rewardPool(ctx context.Context) (sdkmath.Int, error) {
	pool, err := k.RewardPool.Get(ctx)
	if errors.Is(err, collections.ErrNotFound) {
		return sdkmath.ZeroInt(), nil
	}
	return pool, err
}

// fundRewardPool moves PowerCoin from funder into the pool.
func (k Keeper) fundRewardPool(ctx context.Context, msg *types.MsgFundRewardPool) (sdk.Coin, error) {
	funder, err := k.parseAddress("funder", msg.Funder)
	if err != nil {
		return sdk.Coin{}, err
	}
	if k.rewardDenom == "" || msg.Amount.Denom != k.rewardDenom || msg.Amount.Amount.IsNil() || !msg.Amount.Amount.IsPositive() {
		return sdk.Coin{}, types.ErrInvalidAmount.Wrapf("fund the pool with a positive amount of %s, not %q", k.rewardDenom, msg.Amount)
	}
	if err := k.bank.SendCoinsFromAccountToModule(ctx, funder, types.ModuleName, sdk.NewCoins(msg.Amount)); err != nil {
		return sdk.Coin{}, err
	}
	pool, err := k.rewardPool(ctx)
	if err != nil {
		return sdk.Coin{}, err
	}
	pool = pool.Add(msg.Amount.Amount)
	if err := k.RewardPool.Set(ctx, pool); err != nil {
		return sdk.Coin{}, err
	}
	balance := k.coin(pool)
	return balance, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventRewardPoolFunded{
		Funder: msg.Funder, Amount: msg.Amount, Balance: balance,
	})
}
