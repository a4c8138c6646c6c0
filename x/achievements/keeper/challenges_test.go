package keeper_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/achievements/types"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

func (f *fixture) challengeMsg(kind types.ChallengeKind, pool int64) *types.MsgCreateChallenge {
	start, end := f.ctx.BlockTime().Add(time.Hour), f.ctx.BlockTime().Add(25*time.Hour)
	m := &types.MsgCreateChallenge{
		Creator: f.manager, Community: 1, Name: "Solar day", Metric: types.Metric_METRIC_RENEWABLE_PRODUCED_WH,
		Kind: kind, Start: &start, End: &end, Pool: sdk.NewInt64Coin(denom, pool), ClassId: types.ClassChallenges,
	}
	if kind == types.ChallengeKind_CHALLENGE_KIND_TARGET {
		m.Target = 100
	} else {
		m.TopN = 2
	}
	return m
}

func (f *fixture) create(m *types.MsgCreateChallenge) (uint64, error) {
	res, err := deliver(f, func(ctx context.Context) (*types.MsgCreateChallengeResponse, error) {
		return f.msg.CreateChallenge(ctx, m)
	})
	if err != nil {
		return 0, err
	}
	return res.Id, nil
}

func (f *fixture) join(member string, id uint64) error {
	_, err := deliver(f, func(ctx context.Context) (*types.MsgJoinChallengeResponse, error) {
		return f.msg.JoinChallenge(ctx, &types.MsgJoinChallenge{Member: member, ChallengeId: id})
	})
	return err
}

func (f *fixture) cancel(signer string, id uint64) error {
	_, err := deliver(f, func(ctx context.Context) (*types.MsgCancelChallengeResponse, error) {
		return f.msg.CancelChallenge(ctx, &types.MsgCancelChallenge{Signer: signer, ChallengeId: id})
	})
	return err
}

func (f *fixture) challenge(t *testing.T, id uint64) types.Challenge {
	t.Helper()
	res, err := f.query.Challenge(f.ctx, &types.QueryChallengeRequest{Id: id})
	require.NoError(t, err)
	return res.Challenge
}

func (f *fixture) endBlock(t *testing.T) {
	t.Helper()
	require.NoError(t, f.k.EndBlocker(f.ctx))
}

func TestChallengeTopNPaysOverSeveralBlocksAndRefundsLeftover(t *testing.T) {
	// ARRANGE: a top-2 challenge of 1,000,001 upwc; at most 2 payout steps per block.
	f := setup(t)
	params := types.DefaultParams()
	params.MaxPayoutsPerBlock = 2
	require.NoError(t, f.k.Params.Set(f.ctx, params))
	managerBefore := f.balance(f.manager)
	id, err := f.create(f.challengeMsg(types.ChallengeKind_CHALLENGE_KIND_TOP_N, 1_000_001))
	require.NoError(t, err)
	require.Equal(t, managerBefore.SubRaw(1_000_001), f.balance(f.manager))
	members := []string{f.alice, f.bob, f.manager}
	for i := range 3 {
		extra := account(fmt.Sprintf("member-%d", i))
		f.grant(extra, rbactypes.Role_PROSUMER, 1)
		members = append(members, extra)
	}
	for _, m := range members {
		require.NoError(t, f.join(m, id))
	}
	f.attest(t, f.alice, 1_000, true) // before the start: does not count

	// ACT: progress inside the window; then the end passes.
	f.advance(2 * time.Hour)
	f.attest(t, f.alice, 50, true)
	f.attest(t, f.bob, 80, true)
	f.attest(t, f.manager, 50, true) // ties with alice; alice's address sorts first
	f.attest(t, f.carol, 500, true)  // not a participant
	c := f.challenge(t, id)
	require.Equal(t, uint64(3), c.Qualified)
	f.advance(24 * time.Hour)
	f.attest(t, f.alice, 999, true) // after the end: does not count
	aliceBefore, bobBefore := f.balance(f.alice), f.balance(f.bob)

	// ASSERT: six participants take three blocks, then one step closes it.
	f.endBlock(t)
	c = f.challenge(t, id)
	require.Equal(t, types.ChallengeStatus_CHALLENGE_STATUS_PAYING, c.Status)
	require.Equal(t, uint64(2), c.Winners)
	require.Equal(t, uint64(2), c.Paid)
	require.Equal(t, int64(500_000), c.PayoutEach.Int64(), "1,000,001 / 2 rounds down")
	for range 3 {
		f.advance(5 * time.Second)
		f.endBlock(t)
	}
	c = f.challenge(t, id)
	require.Equal(t, types.ChallengeStatus_CHALLENGE_STATUS_FINISHED, c.Status)
	require.True(t, c.Escrow.IsZero())
	require.Equal(t, bobBefore.AddRaw(500_000), f.balance(f.bob))
	require.Equal(t, aliceBefore.AddRaw(500_000), f.balance(f.alice))
	require.Equal(t, managerBefore.SubRaw(1_000_000), f.balance(f.manager), "the 1 upwc remainder returned")
	require.True(t, f.bank.balance(f.module).IsZero())
	won := f.events("powershare.achievements.v1.EventChallengeWon")
	require.Len(t, won, 2)
	nfts, err := f.query.NFTs(f.ctx, &types.QueryNFTsRequest{ClassId: types.ClassChallenges})
	require.NoError(t, err)
	require.Len(t, nfts.Nfts, 2)
	require.Len(t, f.events("powershare.achievements.v1.EventChallengeFinished"), 1)
	// Everyone is free to join new challenges again.
	n, err := f.k.Joined.Iterate(f.ctx, nil)
	require.NoError(t, err)
	keys, err := n.Keys()
	require.NoError(t, err)
	require.Empty(t, keys)
}

func TestChallengeTargetWithoutWinnersRefundsAll(t *testing.T) {
	f := setup(t)
	before := f.balance(f.manager)
	id, err := f.create(f.challengeMsg(types.ChallengeKind_CHALLENGE_KIND_TARGET, 700))
	require.NoError(t, err)
	require.NoError(t, f.join(f.alice, id))
	f.advance(2 * time.Hour)
	f.attest(t, f.alice, 99, true) // one short of the target
	f.advance(24 * time.Hour)
	f.endBlock(t)
	c := f.challenge(t, id)
	require.Equal(t, types.ChallengeStatus_CHALLENGE_STATUS_FINISHED, c.Status)
	require.Equal(t, uint64(0), c.Paid)
	require.Equal(t, before, f.balance(f.manager))
}

func TestChallengeTargetPaysEveryoneReachingIt(t *testing.T) {
	f := setup(t)
	id, err := f.create(f.challengeMsg(types.ChallengeKind_CHALLENGE_KIND_TARGET, 900))
	require.NoError(t, err)
	for _, m := range []string{f.alice, f.bob, f.manager} {
		require.NoError(t, f.join(m, id))
	}
	f.advance(2 * time.Hour)
	f.attest(t, f.alice, 100, true)
	f.attest(t, f.bob, 300, true)
	f.attest(t, f.manager, 10, true)
	aliceBefore := f.balance(f.alice)
	f.advance(24 * time.Hour)
	f.endBlock(t)
	c := f.challenge(t, id)
	require.Equal(t, uint64(2), c.Paid)
	require.Equal(t, aliceBefore.AddRaw(450), f.balance(f.alice))
}

func TestCancelChallenge(t *testing.T) {
	f := setup(t)
	before := f.balance(f.manager)
	id, err := f.create(f.challengeMsg(types.ChallengeKind_CHALLENGE_KIND_TOP_N, 1_000))
	require.NoError(t, err)
	require.NoError(t, f.join(f.alice, id))
	require.ErrorIs(t, f.cancel(f.alice, id), types.ErrUnauthorized)
	require.ErrorIs(t, f.cancel(f.manager, 99), types.ErrUnknownChallenge)
	require.NoError(t, f.cancel(f.manager, id))
	require.Equal(t, before, f.balance(f.manager))
	require.ErrorIs(t, f.cancel(f.manager, id), types.ErrChallengeClosed)
	require.ErrorIs(t, f.join(f.bob, id), types.ErrChallengeClosed)
	f.endBlock(t) // lets alice go
	require.Equal(t, types.ChallengeStatus_CHALLENGE_STATUS_CANCELLED, f.challenge(t, id).Status)
	require.True(t, f.bank.balance(f.module).IsZero())

	// A started challenge cannot be cancelled, even by an admin.
	id2, err := f.create(f.challengeMsg(types.ChallengeKind_CHALLENGE_KIND_TOP_N, 1_000))
	require.NoError(t, err)
	f.advance(2 * time.Hour)
	require.ErrorIs(t, f.cancel(f.admin, id2), types.ErrChallengeClosed)
}

func TestCreateAndJoinChallengeRefusals(t *testing.T) {
	f := setup(t)
	for name, tc := range map[string]struct {
		change func(m *types.MsgCreateChallenge)
		want   error
	}{
		"member is no manager":        {func(m *types.MsgCreateChallenge) { m.Creator = f.alice }, types.ErrUnauthorized},
		"manager of another":          {func(m *types.MsgCreateChallenge) { m.Community = 2 }, types.ErrUnauthorized},
		"chain-wide needs an admin":   {func(m *types.MsgCreateChallenge) { m.Community = 0 }, types.ErrUnauthorized},
		"unknown community":           {func(m *types.MsgCreateChallenge) { m.Community = 7 }, rbactypes.ErrUnknownCommunity},
		"state metric":                {func(m *types.MsgCreateChallenge) { m.Metric = types.Metric_METRIC_STREAK_DAYS }, types.ErrInvalidChallenge},
		"no top n":                    {func(m *types.MsgCreateChallenge) { m.TopN = 0 }, types.ErrInvalidChallenge},
		"no kind":                     {func(m *types.MsgCreateChallenge) { m.Kind = 0 }, types.ErrInvalidChallenge},
		"pool in another denom":       {func(m *types.MsgCreateChallenge) { m.Pool = sdk.NewInt64Coin("uec", 5) }, types.ErrInvalidAmount},
		"start in the past":           {func(m *types.MsgCreateChallenge) { s := now.Add(-time.Second); m.Start = &s }, types.ErrInvalidChallenge},
		"end before start":            {func(m *types.MsgCreateChallenge) { e := now.Add(time.Minute); m.End = &e }, types.ErrInvalidChallenge},
		"longer than max days":        {func(m *types.MsgCreateChallenge) { e := now.Add(100 * 24 * time.Hour); m.End = &e }, types.ErrInvalidChallenge},
		"no window":                   {func(m *types.MsgCreateChallenge) { m.Start = nil }, types.ErrInvalidChallenge},
		"unknown class":               {func(m *types.MsgCreateChallenge) { m.ClassId = "ps:none" }, types.ErrUnknownClass},
		"empty name":                  {func(m *types.MsgCreateChallenge) { m.Name = "" }, types.ErrInvalidChallenge},
		"pool more than creator owns": {func(m *types.MsgCreateChallenge) { m.Pool = sdk.NewInt64Coin(denom, 1_000_000_000_001) }, nil},
	} {
		t.Run(name, func(t *testing.T) {
			m := f.challengeMsg(types.ChallengeKind_CHALLENGE_KIND_TOP_N, 100)
			tc.change(m)
			_, err := f.create(m)
			require.Error(t, err)
			if tc.want != nil {
				require.ErrorIs(t, err, tc.want)
			}
		})
	}
	// An admin may run a chain-wide weekly challenge: next Monday to Monday.
	m := f.challengeMsg(types.ChallengeKind_CHALLENGE_KIND_TOP_N, 100)
	m.Creator, m.Community, m.Preset, m.Start, m.End = f.admin, 0, types.ChallengePreset_CHALLENGE_PRESET_WEEKLY, nil, nil
	id, err := f.create(m)
	require.NoError(t, err)
	c := f.challenge(t, id)
	require.Equal(t, time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC), c.Start)
	require.Equal(t, time.Date(2026, 12, 14, 0, 0, 0, 0, time.UTC), c.End)
	require.NoError(t, f.join(f.carol, id), "anyone with a role joins a chain-wide challenge")

	id2, err := f.create(f.challengeMsg(types.ChallengeKind_CHALLENGE_KIND_TOP_N, 100))
	require.NoError(t, err)
	require.ErrorIs(t, f.join(f.carol, id2), types.ErrNotMember)
	require.NoError(t, f.join(f.alice, id2))
	require.ErrorIs(t, f.join(f.alice, id2), types.ErrAlreadyJoined)
	require.ErrorIs(t, f.join(f.alice, 99), types.ErrUnknownChallenge)
	params := types.DefaultParams()
	params.MaxJoinedChallenges = 1
	require.NoError(t, f.k.Params.Set(f.ctx, params))
	id3, err := f.create(f.challengeMsg(types.ChallengeKind_CHALLENGE_KIND_TOP_N, 100))
	require.NoError(t, err)
	require.ErrorIs(t, f.join(f.alice, id3), types.ErrTooMany)

	active, err := f.query.Challenges(f.ctx, &types.QueryChallengesRequest{Community: 1})
	require.NoError(t, err)
	require.Len(t, active.Challenges, 2)
	require.Equal(t, id3, active.Challenges[0].Id, "newest first")
	running, err := f.query.Challenges(f.ctx, &types.QueryChallengesRequest{Active: true})
	require.NoError(t, err)
	require.Empty(t, running.Challenges, "none has started")
}
