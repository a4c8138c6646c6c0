package keeper

import (
	"context"
	"slices"
	"strings"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/app/params"
	"github.com/powershare/powershare/x/assets/types"
)

// modulePrefix marks a treasury recipient that is a module account.
const modulePrefix = "module:"

// spendTreasury pays msg.Amount of PowerCoin out of the treasury within the
// per-epoch limit and returns the epoch it counted against.
func (k Keeper) spendTreasury(ctx context.Context, msg *types.MsgTreasurySpend) (uint64, error) {
	p, err := k.Params.Get(ctx)
	if err != nil {
		return 0, err
	}
	epoch := p.Epoch(sdk.UnwrapSDKContext(ctx).BlockTime().Unix())
	usage, err := k.TreasuryUsage.Get(ctx)
	if err != nil {
		return 0, err
	}
	usage, err = useEpochAllowance(usage, epoch, msg.Amount, p.TreasuryLimitPerEpoch, "treasury limit")
	if err != nil {
		return 0, err
	}
	if err := k.TreasuryUsage.Set(ctx, usage); err != nil {
		return 0, err
	}
	coins := sdk.NewCoins(sdk.NewCoin(params.BondDenom, msg.Amount))
	if module, ok := strings.CutPrefix(msg.Recipient, modulePrefix); ok {
		if !slices.Contains(k.rewardPools, module) {
			return 0, types.ErrInvalidAddress.Wrapf("module %q is not a reward pool the treasury pays into; pools: %v", module, k.rewardPools)
		}
		err = k.bank.SendCoinsFromModuleToModule(ctx, types.TreasuryName, module, coins)
	} else {
		recipient, perr := k.parseAddress("recipient", msg.Recipient)
		if perr != nil {
			return 0, perr
		}
		err = k.bank.SendCoinsFromModuleToAccount(ctx, types.TreasuryName, recipient, coins)
	}
	if err != nil {
		return 0, types.ErrInvalidAmount.Wrapf("treasury cannot pay %s to %s: %v", coins, msg.Recipient, err)
	}
	return epoch, k.updateTotals(ctx, func(t *types.Totals) { t.TreasurySpent = t.TreasurySpent.Add(msg.Amount) })
}
