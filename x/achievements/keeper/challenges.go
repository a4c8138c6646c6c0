package keeper

import (
	"context"
	"errors"
	"fmt"
	"time"

	"cosmossdk.io/collections"
	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/achievements/types"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// GetChallenge returns a challenge or ErrUnknownChallenge.
func (k Keeper) GetChallenge(ctx context.Context, id uint64) (types.Challenge, error) {
	c, err := k.Challenges.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return c, types.ErrUnknownChallenge.Wrapf("challenge %d (see 'q achievements challenges')", id)
	}
	return c, err
}

// mayRunChallenge checks that signer may create or cancel a challenge of
// community: an ADMIN for any, a COMMUNITY_MANAGER for its own.
func (k Keeper) mayRunChallenge(ctx context.Context, signer sdk.AccAddress, community uint64) error {
	admin, err := k.rbac.IsAdmin(ctx, signer)
	if err != nil || admin {
		return err
	}
	if community != 0 {
		ok, err := k.rbac.HasActiveRole(ctx, signer, rbactypes.Role_COMMUNITY_MANAGER, community)
		if err != nil || ok {
			return err
		}
		return types.ErrUnauthorized.Wrapf("%s is no COMMUNITY_MANAGER of community %d nor an ADMIN", signer, community)
	}
	return types.ErrUnauthorized.Wrapf("only an ADMIN runs chain-wide challenges (community 0); %s is none", signer)
}

// challengeWindow resolves a challenge's start and end.
func challengeWindow(msg *types.MsgCreateChallenge, now time.Time, maxDays uint32) (start, end time.Time, err error) {
	switch msg.Preset {
	case types.ChallengePreset_CHALLENGE_PRESET_WEEKLY:
		start, end = types.NextWeek(now)
	case types.ChallengePreset_CHALLENGE_PRESET_MONTHLY:
		start, end = types.NextMonth(now)
	case types.ChallengePreset_CHALLENGE_PRESET_UNSPECIFIED:
		if msg.Start == nil || msg.End == nil {
			return start, end, types.ErrInvalidChallenge.Wrap("give --start and --end (RFC 3339), or --preset weekly|monthly")
		}
		start, end = msg.Start.UTC(), msg.End.UTC()
	default:
		return start, end, types.ErrInvalidChallenge.Wrapf("preset %v is none of weekly, monthly", msg.Preset)
	}
	if start.Before(now) {
		return start, end, types.ErrInvalidChallenge.Wrapf("start %s is before the block time %s", start.Format(time.RFC3339), now.Format(time.RFC3339))
	}
	if !end.After(start) || end.Sub(start) > time.Duration(maxDays)*24*time.Hour {
		return start, end, types.ErrInvalidChallenge.Wrapf("end must be after start and at most %d days later", maxDays)
	}
	return start, end, nil
}

// createChallenge validates, escrows the pool and stores a new challenge.
func (k Keeper) createChallenge(ctx context.Context, msg *types.MsgCreateChallenge) (uint64, error) {
	creator, err := k.parseAddress("creator", msg.Creator)
	if err != nil {
		return 0, err
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return 0, err
	}
	switch {
	case len(msg.Name) == 0 || len(msg.Name) > 64:
		return 0, types.ErrInvalidChallenge.Wrap("name must be 1 to 64 bytes")
	case !msg.Metric.Additive():
		return 0, types.ErrInvalidChallenge.Wrapf("metric %v: a challenge counts energy sold or bought, renewable produced, trades or carbon retired", msg.Metric)
	case msg.Kind == types.ChallengeKind_CHALLENGE_KIND_TARGET && msg.Target == 0:
		return 0, types.ErrInvalidChallenge.Wrap("a target challenge needs --target of at least 1")
	case msg.Kind == types.ChallengeKind_CHALLENGE_KIND_TOP_N && msg.TopN == 0:
		return 0, types.ErrInvalidChallenge.Wrap("a top-n challenge needs --top-n of at least 1")
	case msg.Kind != types.ChallengeKind_CHALLENGE_KIND_TARGET && msg.Kind != types.ChallengeKind_CHALLENGE_KIND_TOP_N:
		return 0, types.ErrInvalidChallenge.Wrapf("kind %v is none of target, top-n", msg.Kind)
	case k.rewardDenom == "" || msg.Pool.Denom != k.rewardDenom || msg.Pool.Amount.IsNil() || !msg.Pool.Amount.IsPositive():
		return 0, types.ErrInvalidAmount.Wrapf("pool must be a positive amount of %s, not %q", k.rewardDenom, msg.Pool)
	}
	if _, err := k.GetClass(ctx, msg.ClassId); err != nil {
		return 0, err
	}
	if msg.Community != 0 {
		if _, err := k.rbac.CommunityZone(ctx, msg.Community); err != nil {
			return 0, err
		}
	}
	if err := k.mayRunChallenge(ctx, creator, msg.Community); err != nil {
		return 0, err
	}
	start, end, err := challengeWindow(msg, sdk.UnwrapSDKContext(ctx).BlockTime(), params.MaxChallengeDays)
	if err != nil {
		return 0, err
	}
	if err := k.bank.SendCoinsFromAccountToModule(ctx, creator, types.ModuleName, sdk.NewCoins(msg.Pool)); err != nil {
		return 0, err
	}
	id, err := k.ChallengeSeq.Next(ctx)
	if err != nil {
		return 0, err
	}
	c := types.Challenge{
		Id: id, Creator: msg.Creator, Community: msg.Community, Name: msg.Name, Metric: msg.Metric, Kind: msg.Kind,
		Target: msg.Target, TopN: msg.TopN, Start: start, End: end, Pool: msg.Pool, ClassId: msg.ClassId,
		Status: types.ChallengeStatus_CHALLENGE_STATUS_OPEN, PayoutEach: sdkmath.ZeroInt(), Escrow: msg.Pool.Amount,
	}
	if c.Kind == types.ChallengeKind_CHALLENGE_KIND_TOP_N {
		c.Target = 0
	} else {
		c.TopN = 0
	}
	if err := k.Challenges.Set(ctx, id, c); err != nil {
		return 0, err
	}
	if err := k.ChallengeQueue.Set(ctx, collections.Join(end.Unix(), id)); err != nil {
		return 0, err
	}
	return id, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventChallengeCreated{Challenge: c})
}

// joinChallenge enters member in an open challenge.
func (k Keeper) joinChallenge(ctx context.Context, msg *types.MsgJoinChallenge) error {
	member, err := k.parseAddress("member", msg.Member)
	if err != nil {
		return err
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	c, err := k.GetChallenge(ctx, msg.ChallengeId)
	if err != nil {
		return err
	}
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	if c.Status != types.ChallengeStatus_CHALLENGE_STATUS_OPEN || !now.Before(c.End) {
		return types.ErrChallengeClosed.Wrapf("challenge %d ended or was cancelled; join an open one", c.Id)
	}
	if c.Community != 0 {
		ok, err := k.isMember(ctx, member, c.Community)
		if err != nil {
			return err
		}
		if !ok {
			return types.ErrNotMember.Wrapf("%s is no member of community %d, whose members challenge %d is for", msg.Member, c.Community, c.Id)
		}
	}
	key := collections.Join(c.Id, member)
	if has, err := k.Participations.Has(ctx, key); err != nil || has {
		if err == nil {
			err = types.ErrAlreadyJoined.Wrapf("%s is already in challenge %d", msg.Member, c.Id)
		}
		return err
	}
	if c.Participants >= uint64(params.MaxChallengeParticipants) {
		return types.ErrTooMany.Wrapf("challenge %d has its %d participants", c.Id, params.MaxChallengeParticipants)
	}
	joined, err := k.joinedCount(ctx, member, params.MaxJoinedChallenges)
	if err != nil {
		return err
	}
	if joined >= params.MaxJoinedChallenges {
		return types.ErrTooMany.Wrapf("%s already takes part in %d challenges; wait for one to end", msg.Member, joined)
	}
	if err := k.Participations.Set(ctx, key, types.Participation{ChallengeId: c.Id, Address: msg.Member}); err != nil {
		return err
	}
	if err := k.Joined.Set(ctx, collections.Join(member, c.Id)); err != nil {
		return err
	}
	if err := k.setScore(ctx, challengeBoardKey(c.Id), member, 0); err != nil {
		return err
	}
	c.Participants++
	if err := k.Challenges.Set(ctx, c.Id, c); err != nil {
		return err
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventChallengeJoined{ChallengeId: c.Id, Member: msg.Member})
}

// joinedCount counts member's challenges not yet paid out, reading at most limit entries.
func (k Keeper) joinedCount(ctx context.Context, member sdk.AccAddress, limit uint32) (uint32, error) {
	iter, err := k.Joined.Iterate(ctx, collections.NewPrefixedPairRange[sdk.AccAddress, uint64](member))
	if err != nil {
		return 0, err
	}
	defer iter.Close()
	var n uint32
	for ; iter.Valid() && n < limit; iter.Next() {
		n++
	}
	return n, nil
}

// cancelChallenge refunds an unstarted challenge. Its participants are
// let go by the EndBlocker, a bounded number per block.
func (k Keeper) cancelChallenge(ctx context.Context, msg *types.MsgCancelChallenge) (sdk.Coin, error) {
	signer, err := k.parseAddress("signer", msg.Signer)
	if err != nil {
		return sdk.Coin{}, err
	}
	c, err := k.GetChallenge(ctx, msg.ChallengeId)
	if err != nil {
		return sdk.Coin{}, err
	}
	if msg.Signer != c.Creator {
		admin, err := k.rbac.IsAdmin(ctx, signer)
		if err != nil {
			return sdk.Coin{}, err
		}
		if !admin {
			return sdk.Coin{}, types.ErrUnauthorized.Wrapf("only challenge %d's creator %s or an ADMIN may cancel it", c.Id, c.Creator)
		}
	}
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	if c.Status != types.ChallengeStatus_CHALLENGE_STATUS_OPEN || !now.Before(c.Start) {
		return sdk.Coin{}, types.ErrChallengeClosed.Wrapf("challenge %d has started, ended or been cancelled; only an unstarted one can be cancelled", c.Id)
	}
	creator, err := k.parseAddress("creator", c.Creator)
	if err != nil {
		return sdk.Coin{}, err
	}
	refund := k.coin(c.Escrow)
	if err := k.bank.SendCoinsFromModuleToAccount(ctx, types.ModuleName, creator, sdk.NewCoins(refund)); err != nil {
		return sdk.Coin{}, err
	}
	if err := k.ChallengeQueue.Remove(ctx, collections.Join(c.End.Unix(), c.Id)); err != nil {
		return sdk.Coin{}, err
	}
	if err := k.ChallengeQueue.Set(ctx, collections.Join(now.Unix(), c.Id)); err != nil {
		return sdk.Coin{}, err
	}
	c.Status, c.Escrow = types.ChallengeStatus_CHALLENGE_STATUS_CANCELLED, sdkmath.ZeroInt()
	if err := k.Challenges.Set(ctx, c.Id, c); err != nil {
		return sdk.Coin{}, err
	}
	return refund, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventChallengeCancelled{
		ChallengeId: c.Id, By: msg.Signer, Refund: refund,
	})
}

// advanceChallenges adds the increases of additive metrics to every running
// challenge on them that addr takes part in (at most max_joined_challenges).
func (k Keeper) advanceChallenges(ctx context.Context, addr sdk.AccAddress, increases []metricIncrease) error {
	iter, err := k.Joined.Iterate(ctx, collections.NewPrefixedPairRange[sdk.AccAddress, uint64](addr))
	if err != nil {
		return err
	}
	keys, err := iter.Keys()
	if err != nil {
		return err
	}
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	for _, key := range keys {
		c, err := k.GetChallenge(ctx, key.K2())
		if err != nil {
			return err
		}
		var increase uint64
		for _, inc := range increases {
			if inc.metric == c.Metric {
				increase = inc.increase
			}
		}
		if increase == 0 || c.Status != types.ChallengeStatus_CHALLENGE_STATUS_OPEN || now.Before(c.Start) || !now.Before(c.End) {
			continue
		}
		part, err := k.Participations.Get(ctx, collections.Join(c.Id, addr))
		if err != nil {
			return err
		}
		was := part.Progress
		if part.Progress, err = types.AddUint64(was, increase, "challenge progress"); err != nil {
			return err
		}
		if err := k.Participations.Set(ctx, collections.Join(c.Id, addr), part); err != nil {
			return err
		}
		if err := k.setScore(ctx, challengeBoardKey(c.Id), addr, part.Progress); err != nil {
			return err
		}
		if qualifies(c, part.Progress) && !qualifies(c, was) {
			c.Qualified++
			if err := k.Challenges.Set(ctx, c.Id, c); err != nil {
				return err
			}
		}
	}
	return nil
}

// qualifies reports whether progress can win c: the target reached, or any
// progress in a top-N challenge.
func qualifies(c types.Challenge, progress uint64) bool {
	if c.Kind == types.ChallengeKind_CHALLENGE_KIND_TARGET {
		return progress >= c.Target
	}
	return progress > 0
}

// processChallenge does at most budget steps of an ended or cancelled
// challenge and reports how many it did. Each step takes the best
// remaining participant off the challenge's standings and, while winners
// are left, pays it payout_each and mints its badge. Once the standings are
// empty, the leftover escrow (the rounding remainder of pool / winners, or
// the whole pool without winners) returns to the creator and the challenge
// leaves the queue.
func (k Keeper) processChallenge(ctx context.Context, queueKey collections.Pair[int64, uint64], budget uint32) (uint32, error) {
	c, err := k.GetChallenge(ctx, queueKey.K2())
	if err != nil {
		return 0, err
	}
	if c.Status == types.ChallengeStatus_CHALLENGE_STATUS_OPEN {
		c.Status = types.ChallengeStatus_CHALLENGE_STATUS_PAYING
		c.Winners = c.Qualified
		if c.Kind == types.ChallengeKind_CHALLENGE_KIND_TOP_N {
			c.Winners = min(c.Qualified, uint64(c.TopN))
		}
		c.PayoutEach = sdkmath.ZeroInt()
		if c.Winners > 0 {
			c.PayoutEach = c.Escrow.QuoRaw(int64(c.Winners)) // rounded down; the remainder is refunded
		}
	}
	board := challengeBoardKey(c.Id)
	var used uint32
	for used < budget {
		entries, err := k.top(ctx, board, 1)
		if err != nil {
			return used, err
		}
		if len(entries) == 0 {
			return used + 1, k.finishChallenge(ctx, c, queueKey)
		}
		e := entries[0]
		addr, err := k.parseAddress("participant", e.Address)
		if err != nil {
			return used, err
		}
		if err := k.removeScore(ctx, board, addr, e.Score); err != nil {
			return used, err
		}
		if err := k.Joined.Remove(ctx, collections.Join(addr, c.Id)); err != nil {
			return used, err
		}
		if err := k.settleParticipation(ctx, c.Id, addr); err != nil {
			return used, err
		}
		if c.Status == types.ChallengeStatus_CHALLENGE_STATUS_PAYING && c.Paid < c.Winners && qualifies(c, e.Score) {
			if err := k.payWinner(ctx, &c, addr, e); err != nil {
				return used, err
			}
		}
		used++
	}
	return used, k.Challenges.Set(ctx, c.Id, c)
}

// payWinner pays one winner and mints its badge.
func (k Keeper) payWinner(ctx context.Context, c *types.Challenge, addr sdk.AccAddress, e types.LeaderboardEntry) error {
	c.Paid++
	if c.PayoutEach.IsPositive() {
		if err := k.bank.SendCoinsFromModuleToAccount(ctx, types.ModuleName, addr, sdk.NewCoins(k.coin(c.PayoutEach))); err != nil {
			return err
		}
		c.Escrow = c.Escrow.Sub(c.PayoutEach)
	}
	nft, err := k.mintBadge(ctx, c.ClassId, addr, types.BadgeData{
		ChallengeId: c.Id, Metric: c.Metric, Threshold: c.Target, Value: e.Score,
		Evidence: fmt.Sprintf("challenge %d rank %d of %d", c.Id, c.Paid, c.Winners),
	})
	if err != nil {
		return err
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventChallengeWon{
		ChallengeId: c.Id, Winner: e.Address, Rank: c.Paid, Progress: e.Score, Amount: k.coin(c.PayoutEach), TokenId: nft.Id,
	})
}

// finishChallenge refunds the leftover and takes c off the queue.
func (k Keeper) finishChallenge(ctx context.Context, c types.Challenge, queueKey collections.Pair[int64, uint64]) error {
	if err := k.ChallengeQueue.Remove(ctx, queueKey); err != nil {
		return err
	}
	if c.Status == types.ChallengeStatus_CHALLENGE_STATUS_CANCELLED {
		return k.Challenges.Set(ctx, c.Id, c)
	}
	refund := k.coin(c.Escrow)
	if c.Escrow.IsPositive() {
		creator, err := k.parseAddress("creator", c.Creator)
		if err != nil {
			return err
		}
		if err := k.bank.SendCoinsFromModuleToAccount(ctx, types.ModuleName, creator, sdk.NewCoins(refund)); err != nil {
			return err
		}
	}
	c.Status, c.Escrow = types.ChallengeStatus_CHALLENGE_STATUS_FINISHED, sdkmath.ZeroInt()
	if err := k.Challenges.Set(ctx, c.Id, c); err != nil {
		return err
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventChallengeFinished{
		ChallengeId: c.Id, Winners: c.Paid, Refund: refund,
	})
}

// settleParticipation marks a participation as taken off the standings, so
// that a genesis export and import never puts it back.
func (k Keeper) settleParticipation(ctx context.Context, id uint64, addr sdk.AccAddress) error {
	part, err := k.Participations.Get(ctx, collections.Join(id, addr))
	if err != nil {
		return err
	}
	part.Settled = true
	return k.Participations.Set(ctx, collections.Join(id, addr), part)
}
