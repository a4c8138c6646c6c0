package keeper

import (
	"context"
	"errors"
	"fmt"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/market/types"
)

// Every move of coins into or out of the market's module account is in this
// file. The account holds all escrow: a buy's payment at its limit, a sell's
// collateral and Energy Credits, and both for every unsettled trade; the
// escrow invariant (property_test.go) checks that it holds exactly that.

// errNoBondDenom is returned by every escrow move of a keeper the app did
// not give its bond denom (WithBondDenom).
var errNoBondDenom = errors.New("market keeper has no bond denom: wire it with WithBondDenom")

// coins returns upwc of the bond denom and uec of Energy Credits; zero
// amounts are left out.
func (k Keeper) coins(upwc, uec sdkmath.Int) (sdk.Coins, error) {
	if k.bondDenom == "" {
		return nil, errNoBondDenom
	}
	return sdk.NewCoins(sdk.NewCoin(k.bondDenom, upwc), sdk.NewCoin(types.EnergyCreditDenom, uec)), nil
}

// bondCoin is amt of the bond denom, for events; call it after an escrow
// move has succeeded (the denom is then known to be set).
func (k Keeper) bondCoin(amt sdkmath.Int) sdk.Coin { return sdk.NewCoin(k.bondDenom, amt) }

// escrowIn moves upwc and uec from an account into escrow; a failure is
// ErrInsufficientFunds naming what was being escrowed.
func (k Keeper) escrowIn(ctx context.Context, from sdk.AccAddress, upwc, uec sdkmath.Int, what string) error {
	amt, err := k.coins(upwc, uec)
	if err != nil || amt.IsZero() {
		return err
	}
	if err := k.bank.SendCoinsFromAccountToModule(ctx, from, types.ModuleName, amt); err != nil {
		return types.ErrInsufficientFunds.Wrapf("%s of %s: %v", what, amt, err)
	}
	return nil
}

// escrowOut pays upwc and uec out of escrow to an account.
func (k Keeper) escrowOut(ctx context.Context, to sdk.AccAddress, upwc, uec sdkmath.Int) error {
	amt, err := k.coins(upwc, uec)
	if err != nil || amt.IsZero() {
		return err
	}
	return k.bank.SendCoinsFromModuleToAccount(ctx, types.ModuleName, to, amt)
}

// escrowOrder takes a new order's escrow from its owner: a buy's payment at
// its limit, a sell's collateral and, if renewable, its Energy Credits.
func (k Keeper) escrowOrder(ctx context.Context, owner sdk.AccAddress, o types.Order) error {
	return k.escrowIn(ctx, owner, o.EscrowUpwc.Add(o.CollateralUpwc), o.EscrowUec, "escrow")
}

// refundOrder returns what an order still holds in escrow to its owner.
func (k Keeper) refundOrder(ctx context.Context, owner sdk.AccAddress, o types.Order) error {
	return k.escrowOut(ctx, owner, o.EscrowUpwc.Add(o.CollateralUpwc), o.EscrowUec)
}

// topUpCollateral takes more collateral from a seller whose sell fills at a
// higher price than its limit.
func (k Keeper) topUpCollateral(ctx context.Context, seller sdk.AccAddress, amt sdkmath.Int, price uint64) error {
	return k.escrowIn(ctx, seller, amt, sdkmath.ZeroInt(), fmt.Sprintf("collateral top-up for trading at %d", price))
}

// returnImprovement pays a buyer back the part of its escrow a fill below
// its limit did not use.
func (k Keeper) returnImprovement(ctx context.Context, buyer sdk.AccAddress, amt sdkmath.Int) error {
	return k.escrowOut(ctx, buyer, amt, sdkmath.ZeroInt())
}

// escrowBilateral takes a bilateral trade's escrow: the buyer's payment, and
// the seller's collateral and Energy Credits.
func (k Keeper) escrowBilateral(ctx context.Context, buyer, seller sdk.AccAddress, payment, collateral, ec sdkmath.Int) error {
	if err := k.escrowIn(ctx, buyer, payment, sdkmath.ZeroInt(), "buyer's payment"); err != nil {
		return err
	}
	return k.escrowIn(ctx, seller, collateral, ec, "seller's escrow")
}

// payOutTrade empties a settled trade's escrow: the seller gets paid plus
// its collateral less the penalty, and the Energy Credits the buyer does not
// get; the buyer gets the rest of its payment, the penalty and ecToBuyer.
func (k Keeper) payOutTrade(ctx context.Context, t types.Trade, seller, buyer sdk.AccAddress, paid, penalty, ecToBuyer sdkmath.Int) error {
	refund := t.PaymentUpwc.Sub(paid)
	if err := k.escrowOut(ctx, seller, paid.Add(t.CollateralUpwc).Sub(penalty), t.EcUec.Sub(ecToBuyer)); err != nil {
		return err
	}
	return k.escrowOut(ctx, buyer, refund.Add(penalty), ecToBuyer)
}
