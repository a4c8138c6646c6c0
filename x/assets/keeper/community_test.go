package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/assets/types"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// ct is n Community Tokens of community 1.
func ct(n int64) sdk.Coins { return ctOf(1, n) }

// ctOf is n Community Tokens of a community.
func ctOf(community uint64, n int64) sdk.Coins {
	return sdk.NewCoins(sdk.NewInt64Coin(types.CommunityTokenDenom(community), n))
}

func TestRewardMembers(t *testing.T) {
	f := setup(t)
	require.False(t, f.bank.HasDenomMetaData(f.ctx, types.CommunityTokenDenom(1)), "no metadata before the first mint")
	_, err := f.msg.RewardMembers(f.ctx, &types.MsgRewardMembers{Signer: f.manager, CommunityId: 1, Reason: "clean-up",
		Rewards: []types.Payout{{Address: f.alice, Amount: sdkmath.NewInt(500)}, {Address: f.bob, Amount: sdkmath.NewInt(250)}}})
	require.NoError(t, err)
	require.Equal(t, sdkmath.NewInt(500), f.balance(t, f.alice, types.CommunityTokenDenom(1)))
	require.Equal(t, sdkmath.NewInt(250), f.balance(t, f.bob, types.CommunityTokenDenom(1)))
	md, ok := f.bank.GetDenomMetaData(f.ctx, "uct/1")
	require.True(t, ok, "the first reward describes the community's token")
	require.Equal(t, types.CommunityTokenMetadata(1), md)
	require.Equal(t, "ct/1", md.Display)
	require.False(t, f.bank.HasDenomMetaData(f.ctx, types.CommunityTokenDenom(2)), "only the minting community's")

	cases := map[string]struct {
		msg     *types.MsgRewardMembers
		wantErr error
	}{
		"wrong role": {&types.MsgRewardMembers{Signer: f.alice, CommunityId: 1,
			Rewards: []types.Payout{{Address: f.bob, Amount: sdkmath.NewInt(1)}}}, types.ErrUnauthorized},
		"manager of another community": {&types.MsgRewardMembers{Signer: f.manager, CommunityId: 2,
			Rewards: []types.Payout{{Address: f.carol, Amount: sdkmath.NewInt(1)}}}, types.ErrUnauthorized},
		"recipient not a member": {&types.MsgRewardMembers{Signer: f.manager, CommunityId: 1,
			Rewards: []types.Payout{{Address: f.carol, Amount: sdkmath.NewInt(1)}}}, types.ErrNotMember},
		"zero amount": {&types.MsgRewardMembers{Signer: f.manager, CommunityId: 1,
			Rewards: []types.Payout{{Address: f.bob, Amount: sdkmath.ZeroInt()}}}, types.ErrInvalidAmount},
		"unknown community": {&types.MsgRewardMembers{Signer: f.manager, CommunityId: 9,
			Rewards: []types.Payout{{Address: f.bob, Amount: sdkmath.NewInt(1)}}}, nil},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			cacheCtx, _ := f.ctx.CacheContext()
			_, err := f.msg.RewardMembers(cacheCtx, tc.msg)
			require.Error(t, err)
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
			}
		})
	}
}

func TestCommunityIssuanceCapPerEpoch(t *testing.T) {
	f := setup(t)
	p := types.DefaultParams()
	p.CtCapPerEpoch = sdkmath.NewInt(1000)
	_, err := f.msg.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: p})
	require.NoError(t, err)
	reward := func(ctx sdk.Context, n int64) error {
		_, err := f.msg.RewardMembers(ctx, &types.MsgRewardMembers{Signer: f.manager, CommunityId: 1,
			Rewards: []types.Payout{{Address: f.bob, Amount: sdkmath.NewInt(n)}}})
		return err
	}
	require.NoError(t, reward(f.ctx, 600))
	require.ErrorIs(t, reward(f.ctx, 401), types.ErrCapExceeded)
	require.NoError(t, reward(f.ctx, 400), "exactly the cap is allowed")
	require.ErrorIs(t, reward(f.ctx, 1), types.ErrCapExceeded)

	nextEpoch := f.ctx.WithBlockTime(now.Add(time.Duration(p.EpochSeconds) * time.Second))
	require.NoError(t, reward(nextEpoch, 1000), "a new epoch starts afresh")
}

// TestCommunityTokenRestriction covers finding 3 of issue 11: uct/X
// reaches only members of community X, so alice, a member of 1 and 2,
// cannot move community 1's tokens to carol, a member of 2 only.
func TestCommunityTokenRestriction(t *testing.T) {
	f := setup(t)
	f.grant(f.alice, rbactypes.Role_PROSUMER, 2) // alice is a member of both communities
	_, err := f.msg.RewardMembers(f.ctx, &types.MsgRewardMembers{Signer: f.manager, CommunityId: 1,
		Rewards: []types.Payout{{Address: f.alice, Amount: sdkmath.NewInt(100)}}})
	require.NoError(t, err)

	cases := map[string]struct {
		from, to string
		coins    sdk.Coins
		allowed  bool
	}{
		"member to member of the same community":      {f.alice, f.bob, ct(10), true},
		"member to a non-member":                      {f.alice, f.outsider, ct(10), false},
		"member to a member of another community":     {f.alice, f.carol, ct(10), false},
		"member to this module's account (burn)":      {f.alice, moduleAddrString(t, f, types.ModuleName), ct(10), true},
		"member to another module account":            {f.alice, moduleAddrString(t, f, rewardPool), ct(10), false},
		"member of two to a member of the other only": {f.alice, f.carol, ct(10), false},
		"community 2's token to a member of 2":        {f.alice, f.carol, ctOf(2, 10), true},
		"community 2's token to a member of 1 only":   {f.alice, f.bob, ctOf(2, 10), false},
		"both communities' tokens to a member of 2":   {f.alice, f.carol, ct(10).Add(ctOf(2, 10)...), false},
		"the retired bare uct":                        {f.alice, f.bob, sdk.NewCoins(sdk.NewInt64Coin("uct", 1)), false},
		"a malformed CT denom":                        {f.alice, f.bob, sdk.NewCoins(sdk.NewInt64Coin("uct/01", 1)), false},
		"PowerCoin is not restricted":                 {f.alice, f.outsider, sdk.NewCoins(sdk.NewInt64Coin(bondDenom, 1)), true},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := f.k.CommunityTokenRestriction(f.ctx, f.addr(t, tc.from), f.addr(t, tc.to), tc.coins)
			if tc.allowed {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, types.ErrCommunityToken)
		})
	}
}

func moduleAddrString(t *testing.T, f *fixture, name string) string {
	s, err := f.ac.BytesToString(moduleAddr(name))
	require.NoError(t, err)
	return s
}

func TestBurn(t *testing.T) {
	f := setup(t)
	_, err := f.msg.RewardMembers(f.ctx, &types.MsgRewardMembers{Signer: f.manager, CommunityId: 1,
		Rewards: []types.Payout{{Address: f.bob, Amount: sdkmath.NewInt(100)}}})
	require.NoError(t, err)
	_, err = f.msg.Burn(f.ctx, &types.MsgBurn{Owner: f.bob, Amount: "40uct/1"})
	require.NoError(t, err)
	require.Equal(t, sdkmath.NewInt(60), f.balance(t, f.bob, types.CommunityTokenDenom(1)))
	require.Equal(t, sdkmath.NewInt(60), f.supply(types.CommunityTokenDenom(1)))

	for name, amount := range map[string]string{
		"more than held":    "61uct/1",
		"carbon is retired": "1ucc",
		"PowerCoin is kept": "1upwc",
		"not an amount":     "lots",
		"zero":              "0uct/1",
		"the retired uct":   "1uct",
		"not a community":   "1uct/x",
		"community zero":    "1uct/0",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := f.msg.Burn(f.ctx, &types.MsgBurn{Owner: f.bob, Amount: amount})
			require.Error(t, err)
		})
	}
}
