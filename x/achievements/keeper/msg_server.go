package keeper

import (
	"context"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/achievements/types"
	"github.com/powershare/powershare/x/internal/moduleutil"
)

type msgServer struct{ Keeper }

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the module's Msg service.
func NewMsgServerImpl(k Keeper) types.MsgServer { return msgServer{k} }

// requireAdmin checks that signer is an ADMIN or the governance account.
func (m msgServer) requireAdmin(ctx context.Context, field, signer string) error {
	addr, err := m.parseAddress(field, signer)
	if err != nil {
		return err
	}
	ok, err := m.rbac.IsAdmin(ctx, addr)
	if err != nil {
		return err
	}
	if !ok {
		return types.ErrUnauthorized.Wrapf("%s is no ADMIN", signer)
	}
	return nil
}

func (m msgServer) CreateClass(ctx context.Context, msg *types.MsgCreateClass) (*types.MsgCreateClassResponse, error) {
	if err := m.requireAdmin(ctx, "creator", msg.Creator); err != nil {
		return nil, err
	}
	return &types.MsgCreateClassResponse{}, m.createClass(ctx, types.Class{
		Id: msg.Id, Name: msg.Name, Symbol: msg.Symbol, Description: msg.Description, Uri: msg.Uri, UriHash: msg.UriHash,
		Data: types.ClassData{Transferable: msg.Transferable, CreatedBy: msg.Creator},
	})
}

func (m msgServer) DefineAchievement(ctx context.Context, msg *types.MsgDefineAchievement) (*types.MsgDefineAchievementResponse, error) {
	if err := m.requireAdmin(ctx, "creator", msg.Creator); err != nil {
		return nil, err
	}
	return &types.MsgDefineAchievementResponse{}, m.defineAchievement(ctx, types.Achievement{
		Id: msg.Id, Name: msg.Name, Description: msg.Description, ClassId: msg.ClassId, Metric: msg.Metric,
		Threshold: msg.Threshold, Community: msg.Community, Reward: msg.Reward,
	}, msg.Creator)
}

// defineAchievement stores a new definition.
func (k Keeper) defineAchievement(ctx context.Context, a types.Achievement, by string) error {
	if err := a.Validate(k.rewardDenom); err != nil {
		return err
	}
	if _, err := k.GetClass(ctx, a.ClassId); err != nil {
		return err
	}
	if a.Community != 0 {
		if _, err := k.rbac.CommunityZone(ctx, a.Community); err != nil {
			return err
		}
	}
	has, err := k.Achievements.Has(ctx, a.Id)
	if err != nil {
		return err
	}
	if has {
		return types.ErrAchievementExists.Wrapf("achievement %s exists; definitions never change, so earned badges keep their meaning", a.Id)
	}
	if a.Reward.Denom == "" || a.Reward.Amount.IsNil() { // no reward, validated above
		a.Reward = k.coin(sdkmath.ZeroInt())
	}
	if err := k.Achievements.Set(ctx, a.Id, a); err != nil {
		return err
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventAchievementDefined{Achievement: a, By: by})
}

func (m msgServer) FundRewardPool(ctx context.Context, msg *types.MsgFundRewardPool) (*types.MsgFundRewardPoolResponse, error) {
	balance, err := m.fundRewardPool(ctx, msg)
	if err != nil {
		return nil, err
	}
	return &types.MsgFundRewardPoolResponse{Balance: balance}, nil
}

func (m msgServer) SendNFT(ctx context.Context, msg *types.MsgSendNFT) (*types.MsgSendNFTResponse, error) {
	return &types.MsgSendNFTResponse{}, m.sendNFT(ctx, msg)
}

func (m msgServer) CreateChallenge(ctx context.Context, msg *types.MsgCreateChallenge) (*types.MsgCreateChallengeResponse, error) {
	id, err := m.createChallenge(ctx, msg)
	if err != nil {
		return nil, err
	}
	return &types.MsgCreateChallengeResponse{Id: id}, nil
}

func (m msgServer) JoinChallenge(ctx context.Context, msg *types.MsgJoinChallenge) (*types.MsgJoinChallengeResponse, error) {
	return &types.MsgJoinChallengeResponse{}, m.joinChallenge(ctx, msg)
}

func (m msgServer) CancelChallenge(ctx context.Context, msg *types.MsgCancelChallenge) (*types.MsgCancelChallengeResponse, error) {
	refund, err := m.cancelChallenge(ctx, msg)
	if err != nil {
		return nil, err
	}
	return &types.MsgCancelChallengeResponse{Refund: refund}, nil
}

func (m msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	return &types.MsgUpdateParamsResponse{}, moduleutil.UpdateParams(ctx, m.addressCodec, m.gov, msg.Authority, msg.Params,
		m.Params, &types.EventParamsUpdated{Params: msg.Params})
}
