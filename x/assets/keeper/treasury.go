package keeper

import (
	"context"
	"errors"
	"slices"
	"strings"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/assets/types"
	"github.com/powershare/powershare/x/internal/moduleutil"
)

// modulePrefix marks a treasury recipient that is a module account.
const modulePrefix = "module:"

// spendTreasury pays msg.Amount of PowerCoin out of the treasury within the
// per-epoch limit and returns what it paid and the epoch it counted against.
func (k Keeper) spendTreasury(ctx context.Context, msg *types.MsgTreasurySpend) (sdk.Coin, uint64, error) {
	if k.bondDenom == "" {
		return sdk.Coin{}, 0, errors.New("assets keeper: the bond denom was never set (Keeper.WithBondDenom at app wiring)")
	}
	p, err := k.Params.Get(ctx)
	if err != nil {
		return sdk.Coin{}, 0, err
	}
	e, err := k.currentEpoch(ctx, p)
	if err != nil {
		return sdk.Coin{}, 0, err
	}
	epoch := e.Number
	usage, err := k.TreasuryUsage.Get(ctx)
	if err != nil {
		return sdk.Coin{}, 0, err
	}
	usage, err = useEpochAllowance(usage, epoch, msg.Amount, p.TreasuryLimitPerEpoch, "treasury limit")
	if err != nil {
		return sdk.Coin{}, 0, err
	}
	if err := k.TreasuryUsage.Set(ctx, usage); err != nil {
		return sdk.Coin{}, 0, err
	}
	paid := sdk.NewCoin(k.bondDenom, msg.Amount)
	coins := sdk.NewCoins(paid)
	if module, ok := strings.CutPrefix(msg.Recipient, modulePrefix); ok {
		if !slices.Contains(k.rewardPools, module) {
			return sdk.Coin{}, 0, types.ErrInvalidAddress.Wrapf("module %q is not a reward pool the treasury pays into; pools: %v", module, k.rewardPools)
		}
		err = k.bank.SendCoinsFromModuleToModule(ctx, types.TreasuryName, module, coins)
	} else {
		recipient, perr := moduleutil.ParseAddress(k.addressCodec, types.ErrInvalidAddress, "recipient", msg.Recipient)
		if perr != nil {
			return sdk.Coin{}, 0, perr
		}
		err = k.bank.SendCoinsFromModuleToAccount(ctx, types.TreasuryName, recipient, coins)
	}
	if err != nil {
		return sdk.Coin{}, 0, types.ErrInvalidAmount.Wrapf("treasury cannot pay %s to %s: %v", coins, msg.Recipient, err)
	}
	return paid, epoch, k.updateTotals(ctx, func(t *types.Totals) { t.TreasurySpent = t.TreasurySpent.Add(msg.Amount) })
}
