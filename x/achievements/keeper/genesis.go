package keeper

import (
	"context"
	"encoding/binary"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/achievements/types"
	assetstypes "github.com/powershare/powershare/x/assets/types"
	"github.com/powershare/powershare/x/internal/moduleutil"
)

// InitGenesis loads the module's state. The leaderboard orderings, the
// challenges' standings and queue, and each account's joined challenges are
// derived from the scores, participations and challenges.
func (k Keeper) InitGenesis(ctx context.Context, gs types.GenesisState) error {
	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return err
	}
	for _, c := range gs.Classes {
		if err := k.Classes.Set(ctx, c.Id, c); err != nil {
			return err
		}
	}
	for _, n := range gs.Nfts {
		if err := k.NFTs.Set(ctx, collections.Join(n.ClassId, n.Id), n); err != nil {
			return err
		}
		s, err := k.supply(ctx, n.ClassId)
		if err != nil {
			return err
		}
		if err := k.ClassSupply.Set(ctx, n.ClassId, s+1); err != nil {
			return err
		}
	}
	if err := k.TokenSeq.Set(ctx, gs.NextTokenSeq); err != nil {
		return err
	}
	for _, a := range gs.Achievements {
		if _, isCT, _ := assetstypes.ParseCommunityTokenDenom(a.Reward.Denom); types.HasReward(a.Reward) && !isCT &&
			a.Reward.Denom != k.rewardDenom {
			return types.ErrInvalidGenesis.Wrapf("achievement %s: reward in %s, PowerCoin is %s", a.Id, a.Reward.Denom, k.rewardDenom)
		}
		if err := k.Achievements.Set(ctx, a.Id, a); err != nil {
			return err
		}
	}
	for _, p := range gs.Progress {
		addr, err := k.addressCodec.StringToBytes(p.Address)
		if err != nil {
			return err
		}
		if err := k.Progress.Set(ctx, addr, p); err != nil {
			return err
		}
	}
	for _, e := range gs.Earned {
		addr, err := k.addressCodec.StringToBytes(e.Address)
		if err != nil {
			return err
		}
		if err := k.Earned.Set(ctx, collections.Join(sdk.AccAddress(addr), e.AchievementId), e); err != nil {
			return err
		}
	}
	for _, c := range gs.Counterparties {
		a, err := k.addressCodec.StringToBytes(c.Address)
		if err != nil {
			return err
		}
		b, err := k.addressCodec.StringToBytes(c.Counterparty)
		if err != nil {
			return err
		}
		if err := k.Counterparties.Set(ctx, collections.Join(sdk.AccAddress(a), sdk.AccAddress(b))); err != nil {
			return err
		}
	}
	for _, s := range gs.Scores {
		addr, err := k.addressCodec.StringToBytes(s.Address)
		if err != nil {
			return err
		}
		if err := k.setScore(ctx, leaderboardKey(s.Metric, s.Period, s.PeriodIndex, s.Community), addr, s.Score); err != nil {
			return err
		}
	}
	if err := k.initChallenges(ctx, gs); err != nil {
		return err
	}
	return k.RewardPool.Set(ctx, gs.RewardPool)
}

func (k Keeper) initChallenges(ctx context.Context, gs types.GenesisState) error {
	for _, c := range gs.Challenges {
		if err := k.Challenges.Set(ctx, c.Id, c); err != nil {
			return err
		}
		if c.Status != types.ChallengeStatus_CHALLENGE_STATUS_FINISHED {
			// An open or paying challenge waits for its end; a cancelled one
			// is queued so that its remaining participants are let go.
			if err := k.ChallengeQueue.Set(ctx, collections.Join(c.End.Unix(), c.Id)); err != nil {
				return err
			}
		}
	}
	for _, p := range gs.Participations {
		addr, err := k.addressCodec.StringToBytes(p.Address)
		if err != nil {
			return err
		}
		if err := k.Participations.Set(ctx, collections.Join(p.ChallengeId, sdk.AccAddress(addr)), p); err != nil {
			return err
		}
		if p.Settled {
			continue
		}
		if err := k.Joined.Set(ctx, collections.Join(sdk.AccAddress(addr), p.ChallengeId)); err != nil {
			return err
		}
		if err := k.setScore(ctx, challengeBoardKey(p.ChallengeId), addr, p.Progress); err != nil {
			return err
		}
	}
	return k.ChallengeSeq.Set(ctx, gs.NextChallengeId)
}

// ExportGenesis exports the module's state.
func (k Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	gs := &types.GenesisState{}
	var err error
	if gs.Params, err = k.Params.Get(ctx); err != nil {
		return nil, err
	}
	if gs.Classes, err = moduleutil.Values(ctx, k.Classes); err != nil {
		return nil, err
	}
	if gs.Nfts, err = moduleutil.Values(ctx, k.NFTs); err != nil {
		return nil, err
	}
	if gs.NextTokenSeq, err = k.TokenSeq.Peek(ctx); err != nil {
		return nil, err
	}
	if gs.Achievements, err = moduleutil.Values(ctx, k.Achievements); err != nil {
		return nil, err
	}
	if gs.Progress, err = moduleutil.Values(ctx, k.Progress); err != nil {
		return nil, err
	}
	if gs.Earned, err = moduleutil.Values(ctx, k.Earned); err != nil {
		return nil, err
	}
	if gs.Counterparties, err = k.exportCounterparties(ctx); err != nil {
		return nil, err
	}
	if gs.Scores, err = k.exportScores(ctx); err != nil {
		return nil, err
	}
	if gs.Challenges, err = moduleutil.Values(ctx, k.Challenges); err != nil {
		return nil, err
	}
	if gs.Participations, err = moduleutil.Values(ctx, k.Participations); err != nil {
		return nil, err
	}
	if gs.NextChallengeId, err = k.ChallengeSeq.Peek(ctx); err != nil {
		return nil, err
	}
	if gs.RewardPool, err = k.rewardPool(ctx); err != nil {
		return nil, err
	}
	return gs, nil
}

func (k Keeper) exportCounterparties(ctx context.Context) ([]types.Counterparty, error) {
	iter, err := k.Counterparties.Iterate(ctx, nil)
	if err != nil {
		return nil, err
	}
	keys, err := iter.Keys()
	if err != nil {
		return nil, err
	}
	out := make([]types.Counterparty, 0, len(keys))
	for _, key := range keys {
		a, err := k.addressCodec.BytesToString(key.K1())
		if err != nil {
			return nil, err
		}
		b, err := k.addressCodec.BytesToString(key.K2())
		if err != nil {
			return nil, err
		}
		out = append(out, types.Counterparty{Address: a, Counterparty: b})
	}
	return out, nil
}

// exportScores lists the leaderboard scores; challenge standings are
// derived from the participations.
func (k Keeper) exportScores(ctx context.Context) ([]types.Score, error) {
	board := []byte{boardLeaderboard}
	iter, err := k.Scores.Iterate(ctx, new(collections.Range[[]byte]).StartInclusive(board).EndExclusive(prefixEnd(board)))
	if err != nil {
		return nil, err
	}
	kvs, err := iter.KeyValues()
	if err != nil {
		return nil, err
	}
	out := make([]types.Score, 0, len(kvs))
	for _, kv := range kvs {
		key := kv.Key
		addr, err := k.addressCodec.BytesToString(key[19:])
		if err != nil {
			return nil, err
		}
		out = append(out, types.Score{
			Metric: types.Metric(key[1]), Period: types.Period(key[2]),
			PeriodIndex: binary.BigEndian.Uint64(key[3:11]), Community: binary.BigEndian.Uint64(key[11:19]),
			Address: addr, Score: kv.Value,
		})
	}
	return out, nil
}
