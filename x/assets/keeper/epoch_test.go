package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	"github.com/powershare/powershare/x/assets/types"
)

// TestEpochLengthChangeKeepsTheRunningEpoch covers the epoch part of
// finding 11 of issue 11: changing epoch_seconds mid-epoch neither resets
// the allowance used (a shorter length) nor extends it (a longer one); the
// new length applies from the end of the running epoch.
func TestEpochLengthChangeKeepsTheRunningEpoch(t *testing.T) {
	const week, day = 7 * 24 * 3600, 24 * 3600
	for name, tc := range map[string]struct {
		newSeconds uint64
	}{
		"shorter": {day},
		"longer":  {4 * week},
	} {
		t.Run(name, func(t *testing.T) {
			f := setup(t)
			p := types.DefaultParams()
			p.CtCapPerEpoch = sdkmath.NewInt(1000)
			p.TreasuryLimitPerEpoch = sdkmath.NewInt(1000)
			_, err := f.msg.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: p})
			require.NoError(t, err)
			f.fundTreasury(t, 10_000)
			reward := func(at time.Time, n int64) error {
				ctx, write := f.ctx.WithBlockTime(at).CacheContext()
				_, err := f.msg.RewardMembers(ctx, &types.MsgRewardMembers{Signer: f.manager, CommunityId: 1,
					Rewards: []types.Payout{{Address: f.bob, Amount: sdkmath.NewInt(n)}}})
				if err == nil {
					write()
				}
				return err
			}
			spend := func(at time.Time, n int64) error {
				ctx, write := f.ctx.WithBlockTime(at).CacheContext()
				_, err := f.msg.TreasurySpend(ctx, &types.MsgTreasurySpend{Signer: f.admin, Recipient: f.bob, Amount: sdkmath.NewInt(n)})
				if err == nil {
					write()
				}
				return err
			}
			// ARRANGE: the week-long epoch holding now, its allowances used up.
			epochStart := time.Unix(now.Unix()/week*week, 0).UTC()
			epochEnd := epochStart.Add(week * time.Second)
			require.NoError(t, reward(now, 1000))
			require.NoError(t, spend(now, 1000))

			// ACT: governance changes the length mid-epoch.
			p.EpochSeconds = tc.newSeconds
			_, err = f.msg.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: p})
			require.NoError(t, err)

			// ASSERT: nothing resets before the running epoch's end ...
			for _, at := range []time.Time{now, now.Add(day * time.Second), epochEnd.Add(-time.Second)} {
				require.ErrorIs(t, reward(at, 1), types.ErrCapExceeded, "at %s", at)
				require.ErrorIs(t, spend(at, 1), types.ErrCapExceeded, "at %s", at)
			}
			// ... and the next epoch starts exactly at it, with the new length.
			require.NoError(t, reward(epochEnd, 1000))
			require.NoError(t, spend(epochEnd, 1000))
			e, err := f.k.Epoch.Get(f.ctx)
			require.NoError(t, err)
			require.Equal(t, epochEnd, e.Start)
			require.Equal(t, tc.newSeconds, e.Seconds)
			newEnd := epochEnd.Add(time.Duration(tc.newSeconds) * time.Second)
			require.ErrorIs(t, reward(newEnd.Add(-time.Second), 1), types.ErrCapExceeded)
			require.NoError(t, reward(newEnd, 1000))

			// Epochs that pass unused are skipped in one step.
			later := newEnd.Add(time.Duration(10*tc.newSeconds)*time.Second + time.Hour)
			require.NoError(t, reward(later, 1000))
			e, err = f.k.Epoch.Get(f.ctx)
			require.NoError(t, err)
			require.Equal(t, newEnd.Add(time.Duration(10*tc.newSeconds)*time.Second), e.Start)
		})
	}
}
