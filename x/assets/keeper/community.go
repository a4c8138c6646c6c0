package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/assets/types"
	"github.com/powershare/powershare/x/internal/moduleutil"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// memberRoles are the roles that make an address a member of a community
// for Community Tokens.
var memberRoles = []rbactypes.Role{rbactypes.Role_PROSUMER, rbactypes.Role_CONSUMER, rbactypes.Role_COMMUNITY_MANAGER}

// IsMember reports whether addr holds an active member role in the community.
func (k Keeper) IsMember(ctx context.Context, addr sdk.AccAddress, community uint64) (bool, error) {
	for _, role := range memberRoles {
		ok, err := k.rbac.HasActiveRole(ctx, addr, role, community)
		if err != nil || ok {
			return ok, err
		}
	}
	return false, nil
}

// CommunityTokenRestriction is the bank send restriction that keeps each
// community's tokens inside it (finding 3 of issue 11): uct/X reaches only
// an active member of community X, or this module's own account (rewards
// are minted out of it, burns go into it). A member of two communities
// therefore cannot carry community A's tokens to someone who is only a
// member of B. Only the recipient is asked: a former member may still give
// the points back to members or burn them. It runs on every bank transfer
// (MsgSend, MsgMultiSend, authz, fees, deposits, other modules), so no
// other module account can hold CT either. Cost: up to three role reads per
// CT denom in the transfer, nothing for other denoms.
func (k Keeper) CommunityTokenRestriction(ctx context.Context, from, to sdk.AccAddress, amt sdk.Coins) (sdk.AccAddress, error) {
	own := k.accounts.GetModuleAddress(types.ModuleName)
	for _, coin := range amt {
		community, isCT, err := types.ParseCommunityTokenDenom(coin.Denom)
		if !isCT {
			continue
		}
		if err != nil {
			return to, err
		}
		if to.Equals(own) {
			continue
		}
		ok, err := k.IsMember(ctx, to, community)
		if err != nil {
			return to, err
		}
		if !ok {
			return to, types.ErrCommunityToken.Wrapf("%s is not a member of community %d, so it cannot receive %s", to, community, coin.Denom)
		}
	}
	return to, nil
}

// useEpochAllowance adds amount to an epoch usage record, starting afresh in
// a new epoch, and fails if that exceeds limit.
func useEpochAllowance(usage types.EpochUsage, epoch uint64, amount, limit sdkmath.Int, what string) (types.EpochUsage, error) {
	if usage.Epoch != epoch || usage.Amount.IsNil() {
		usage = types.EpochUsage{Epoch: epoch, Amount: sdkmath.ZeroInt()}
	}
	next := usage.Amount.Add(amount)
	if next.GT(limit) {
		return usage, types.ErrCapExceeded.Wrapf("%s: %s already used in epoch %d, %s more would pass the limit of %s",
			what, usage.Amount, epoch, amount, limit)
	}
	usage.Amount = next
	return usage, nil
}

// reward mints Community Tokens to members within the community's epoch cap.
func (k Keeper) reward(ctx context.Context, msg *types.MsgRewardMembers, total sdkmath.Int, p types.Params) error {
	e, err := k.currentEpoch(ctx, p)
	if err != nil {
		return err
	}
	epoch := e.Number
	usage, err := k.CommunityUsage.Get(ctx, msg.CommunityId)
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return err
	}
	usage, err = useEpochAllowance(usage, epoch, total, p.CtCapPerEpoch, "community token cap")
	if err != nil {
		return err
	}
	if err := k.CommunityUsage.Set(ctx, msg.CommunityId, usage); err != nil {
		return err
	}
	denom, err := k.ensureCommunityTokenMetadata(ctx, msg.CommunityId)
	if err != nil {
		return err
	}
	for _, r := range msg.Rewards {
		member, err := moduleutil.ParseAddress(k.addressCodec, types.ErrInvalidAddress, "member", r.Address)
		if err != nil {
			return err
		}
		ok, err := k.IsMember(ctx, member, msg.CommunityId)
		if err != nil {
			return err
		}
		if !ok {
			return types.ErrNotMember.Wrapf("%s is not a member of community %d", r.Address, msg.CommunityId)
		}
		coin := sdk.NewCoin(denom, r.Amount)
		if err := k.mintTo(ctx, member, sdk.NewCoins(coin)); err != nil {
			return err
		}
		if err := k.hooks.hooks.AfterCommunityRewarded(ctx, msg.CommunityId, member, coin); err != nil {
			return err
		}
	}
	return k.updateTotals(ctx, func(t *types.Totals) { t.CtRewarded = t.CtRewarded.Add(total) })
}

// RewardMember mints amount of a community's tokens to one member on
// behalf of another module (x/achievements pays Community Token rewards
// this way), under the same rules as MsgRewardMembers: the member must
// belong to the community and the community's epoch cap holds. It emits
// EventMembersRewarded with the calling module as rewarded_by.
func (k Keeper) RewardMember(ctx context.Context, community uint64, member sdk.AccAddress, amount sdkmath.Int, reason string) error {
	if amount.IsNil() || !amount.IsPositive() {
		return types.ErrInvalidAmount.Wrapf("reward %s must be positive", amount)
	}
	if _, err := k.rbac.CommunityZone(ctx, community); err != nil {
		return err
	}
	addr, err := k.addressCodec.BytesToString(member)
	if err != nil {
		return err
	}
	p, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	msg := &types.MsgRewardMembers{CommunityId: community, Rewards: []types.Payout{{Address: addr, Amount: amount}}, Reason: reason}
	if err := k.reward(ctx, msg, amount, p); err != nil {
		return err
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventMembersRewarded{
		CommunityId: community, Rewards: msg.Rewards, Reason: reason, RewardedBy: "module:achievements",
	})
}

// ensureCommunityTokenMetadata returns the community's CT denom and, the
// first time the community mints, registers its bank metadata
// (types.CommunityTokenMetadata), so wallets show ct/<id> from the first
// reward on. Communities that never reward cost no metadata.
func (k Keeper) ensureCommunityTokenMetadata(ctx context.Context, community uint64) (string, error) {
	denom := types.CommunityTokenDenom(community)
	if k.bank.HasDenomMetaData(ctx, denom) {
		return denom, nil
	}
	md := types.CommunityTokenMetadata(community)
	if err := md.Validate(); err != nil {
		return "", err
	}
	k.bank.SetDenomMetaData(ctx, md)
	return denom, nil
}
