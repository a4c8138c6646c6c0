package keeper_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/achievements/types"
)

func createClass(f *fixture, creator, id string, transferable bool) error {
	_, err := deliver(f, func(ctx context.Context) (*types.MsgCreateClassResponse, error) {
		return f.msg.CreateClass(ctx, &types.MsgCreateClass{Creator: creator, Id: id, Name: "Class " + id, Transferable: transferable})
	})
	return err
}

func TestCreateClassRefusals(t *testing.T) {
	f := setup(t)
	require.NoError(t, createClass(f, f.admin, "ps:collectibles", true))
	require.NoError(t, createClass(f, f.gov, "ps:gov-made", false))
	for name, tc := range map[string]struct {
		creator, id string
		want        error
	}{
		"not an admin":     {f.alice, "ps:mine", types.ErrUnauthorized},
		"taken id":         {f.admin, "ps:collectibles", types.ErrClassExists},
		"malformed id":     {f.admin, "1bad", types.ErrInvalidClass},
		"malformed signer": {"power1nope", "ps:x1", types.ErrInvalidAddress},
	} {
		t.Run(name, func(t *testing.T) {
			require.ErrorIs(t, createClass(f, tc.creator, tc.id, false), tc.want)
		})
	}
}

func TestSendNFTSoulboundAndTransferable(t *testing.T) {
	// ARRANGE: alice earns a soulbound badge; an admin-made transferable class gets a token for alice.
	f := setup(t)
	f.settle(t, f.alice, f.bob, 1_000, 1_000)
	soulbound := f.badges(t, f.alice)[0]
	require.NoError(t, createClass(f, f.admin, "ps:collectibles", true))
	_, err := deliver(f, func(ctx context.Context) (*types.MsgDefineAchievementResponse, error) {
		return f.msg.DefineAchievement(ctx, &types.MsgDefineAchievement{Creator: f.admin, Id: "collector", Name: "Collector",
			ClassId: "ps:collectibles", Metric: types.Metric_METRIC_TRADES_SETTLED, Threshold: 2})
	})
	require.NoError(t, err)
	f.settle(t, f.alice, f.bob, 1_000, 1_000)
	var transferable types.Earned
	for _, e := range f.badges(t, f.alice) {
		if e.AchievementId == "collector" {
			transferable = e
		}
	}
	send := func(sender, classID, id, to string) error {
		_, err := deliver(f, func(ctx context.Context) (*types.MsgSendNFTResponse, error) {
			return f.msg.SendNFT(ctx, &types.MsgSendNFT{Sender: sender, ClassId: classID, Id: id, Receiver: to})
		})
		return err
	}

	// ACT / ASSERT
	require.ErrorIs(t, send(f.alice, soulbound.ClassId, soulbound.TokenId, f.carol), types.ErrSoulbound)
	require.ErrorIs(t, send(f.bob, transferable.ClassId, transferable.TokenId, f.carol), types.ErrNotOwner)
	require.ErrorIs(t, send(f.alice, transferable.ClassId, "badge-999", f.carol), types.ErrUnknownNFT)
	require.ErrorIs(t, send(f.alice, transferable.ClassId, transferable.TokenId, f.module.String()), types.ErrModuleAccount)
	require.ErrorIs(t, send(f.alice, transferable.ClassId, transferable.TokenId, "power1bad"), types.ErrInvalidAddress)
	require.NoError(t, send(f.alice, transferable.ClassId, transferable.TokenId, f.carol))
	owner, err := f.query.Owner(f.ctx, &types.QueryOwnerRequest{ClassId: transferable.ClassId, Id: transferable.TokenId})
	require.NoError(t, err)
	require.Equal(t, f.carol, owner.Owner)
	carols, err := f.query.NFTs(f.ctx, &types.QueryNFTsRequest{Owner: f.carol})
	require.NoError(t, err)
	require.Len(t, carols.Nfts, 1)
	alices, err := f.query.NFTs(f.ctx, &types.QueryNFTsRequest{Owner: f.alice, ClassId: types.ClassTrading})
	require.NoError(t, err)
	require.Len(t, alices.Nfts, 1)
	supply, err := f.query.Supply(f.ctx, &types.QuerySupplyRequest{ClassId: types.ClassTrading})
	require.NoError(t, err)
	require.Equal(t, uint64(2), supply.Amount) // alice's and bob's first-trade
	// Moving the token does not let the earner earn it again.
	f.settle(t, f.alice, f.bob, 1_000, 1_000)
	require.Len(t, f.badges(t, f.alice), 2)
}

func TestDefineAchievementRefusals(t *testing.T) {
	f := setup(t)
	valid := func() *types.MsgDefineAchievement {
		return &types.MsgDefineAchievement{Creator: f.admin, Id: "sold-1mwh", Name: "1 MWh sold", ClassId: types.ClassTrading,
			Metric: types.Metric_METRIC_ENERGY_SOLD_WH, Threshold: 1_000_000, Reward: sdk.NewInt64Coin(denom, 5)}
	}
	define := func(m *types.MsgDefineAchievement) error {
		_, err := deliver(f, func(ctx context.Context) (*types.MsgDefineAchievementResponse, error) {
			return f.msg.DefineAchievement(ctx, m)
		})
		return err
	}
	for name, tc := range map[string]struct {
		change func(m *types.MsgDefineAchievement)
		want   error
	}{
		"not an admin":   {func(m *types.MsgDefineAchievement) { m.Creator = f.manager }, types.ErrUnauthorized},
		"unknown class":  {func(m *types.MsgDefineAchievement) { m.ClassId = "ps:nothing" }, types.ErrUnknownClass},
		"no metric":      {func(m *types.MsgDefineAchievement) { m.Metric = 0 }, types.ErrInvalidAchievement},
		"zero threshold": {func(m *types.MsgDefineAchievement) { m.Threshold = 0 }, types.ErrInvalidAchievement},
		"efficiency above 100%": {func(m *types.MsgDefineAchievement) {
			m.Metric, m.Threshold = types.Metric_METRIC_EFFICIENCY_BPS, 10_001
		}, types.ErrInvalidAchievement},
		"foreign denom":        {func(m *types.MsgDefineAchievement) { m.Reward = sdk.NewInt64Coin("uec", 5) }, types.ErrInvalidAmount},
		"CT without community": {func(m *types.MsgDefineAchievement) { m.Reward = sdk.NewInt64Coin("uct/1", 5) }, types.ErrInvalidAmount},
		"other community's CT": {func(m *types.MsgDefineAchievement) { m.Community, m.Reward = 1, sdk.NewInt64Coin("uct/2", 5) }, types.ErrInvalidAmount},
		"existing id":          {func(m *types.MsgDefineAchievement) { m.Id = "first-trade" }, types.ErrAchievementExists},
		"malformed id":         {func(m *types.MsgDefineAchievement) { m.Id = "Sold!" }, types.ErrInvalidAchievement},
	} {
		t.Run(name, func(t *testing.T) {
			m := valid()
			tc.change(m)
			require.ErrorIs(t, define(m), tc.want)
		})
	}
	require.Error(t, define(func() *types.MsgDefineAchievement { m := valid(); m.Community = 9; return m }()), "unknown community")
	require.NoError(t, define(valid()))
	defs, err := f.query.Definitions(f.ctx, &types.QueryDefinitionsRequest{})
	require.NoError(t, err)
	require.Len(t, defs.Achievements, len(types.DefaultAchievements())+1)
}

func TestFundRewardPoolRefusals(t *testing.T) {
	f := setup(t)
	for name, amt := range map[string]sdk.Coin{
		"other denom": sdk.NewInt64Coin("uec", 5),
		"zero":        sdk.NewInt64Coin(denom, 0),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := deliver(f, func(ctx context.Context) (*types.MsgFundRewardPoolResponse, error) {
				return f.msg.FundRewardPool(ctx, &types.MsgFundRewardPool{Funder: f.alice, Amount: amt})
			})
			require.ErrorIs(t, err, types.ErrInvalidAmount)
		})
	}
	_, err := deliver(f, func(ctx context.Context) (*types.MsgFundRewardPoolResponse, error) {
		return f.msg.FundRewardPool(ctx, &types.MsgFundRewardPool{Funder: account("broke"), Amount: sdk.NewInt64Coin(denom, 5)})
	})
	require.Error(t, err, "insufficient funds")
	pool, err := f.query.RewardPool(f.ctx, &types.QueryRewardPoolRequest{})
	require.NoError(t, err)
	require.True(t, pool.Balance.IsZero())
}

func TestUpdateParamsOnlyGovernanceAndValid(t *testing.T) {
	f := setup(t)
	update := func(authority string, p types.Params) error {
		_, err := deliver(f, func(ctx context.Context) (*types.MsgUpdateParamsResponse, error) {
			return f.msg.UpdateParams(ctx, &types.MsgUpdateParams{Authority: authority, Params: p})
		})
		return err
	}
	require.ErrorIs(t, update(f.admin, types.DefaultParams()), types.ErrUnauthorized)
	bad := types.DefaultParams()
	bad.LoyaltyTiers[1].MinActiveEpochs = 0
	require.ErrorIs(t, update(f.gov, bad), types.ErrInvalidParams)
	bad = types.DefaultParams()
	bad.RankedMetrics = append(bad.RankedMetrics, bad.RankedMetrics[0])
	require.ErrorIs(t, update(f.gov, bad), types.ErrInvalidParams)
	require.NoError(t, update(f.gov, types.DefaultParams()))
}
