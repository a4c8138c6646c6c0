package keeper

import (
	"context"
	"errors"
	"math"

	"cosmossdk.io/collections"
	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/assets/types"
	"github.com/powershare/powershare/x/internal/moduleutil"
)

// GetBatch returns a batch or ErrUnknownBatch.
func (k Keeper) GetBatch(ctx context.Context, id uint64) (types.Batch, error) {
	b, err := k.Batches.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return b, types.ErrUnknownBatch.Wrapf("batch %d", id)
	}
	return b, err
}

// issueBatch mints a batch to its recipients and gives it the next run of
// serials: one serial per ucc (gram of CO2e), so a batch's serial range
// names exactly its credits whatever denomination they are shown in.
func (k Keeper) issueBatch(ctx context.Context, batch types.Batch, recipients []types.Payout, total sdkmath.Int) (types.Batch, error) {
	first, err := k.SerialSeq.Peek(ctx)
	if err != nil {
		return batch, err
	}
	if !total.IsUint64() || total.Uint64() > math.MaxUint64-first {
		return batch, types.ErrInvalidAmount.Wrapf("a batch of %s ucc does not fit the remaining serial space", total)
	}
	if err := k.SerialSeq.Set(ctx, first+total.Uint64()); err != nil {
		return batch, err
	}
	batch.Issued, batch.TotalIssued = true, total
	batch.SerialStart, batch.SerialEnd = first, first+total.Uint64()-1
	if err := k.Batches.Set(ctx, batch.Id, batch); err != nil {
		return batch, err
	}
	for _, r := range recipients {
		addr, err := moduleutil.ParseAddress(k.addressCodec, types.ErrInvalidAddress, "recipient", r.Address)
		if err != nil {
			return batch, err
		}
		if err := k.mintTo(ctx, addr, sdk.NewCoins(sdk.NewCoin(types.CarbonCreditDenom, r.Amount))); err != nil {
			return batch, err
		}
	}
	return batch, k.updateTotals(ctx, func(t *types.Totals) { t.CcIssued = t.CcIssued.Add(total) })
}

// retire burns the owner's Carbon Credits and records the certificate.
// Burnt credits no longer exist, so retired credits can never move again.
func (k Keeper) retire(ctx context.Context, owner sdk.AccAddress, msg *types.MsgRetire) (types.Certificate, error) {
	coins := sdk.NewCoins(sdk.NewCoin(types.CarbonCreditDenom, msg.Amount))
	if err := k.bank.SendCoinsFromAccountToModule(ctx, owner, types.ModuleName, coins); err != nil {
		return types.Certificate{}, types.ErrInvalidRetirement.Wrapf("%s cannot retire %s: %v", msg.Owner, coins, err)
	}
	if err := k.bank.BurnCoins(ctx, types.ModuleName, coins); err != nil {
		return types.Certificate{}, err
	}
	id, err := k.CertificateSeq.Next(ctx)
	if err != nil {
		return types.Certificate{}, err
	}
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	cert := types.Certificate{
		Id: id, Owner: msg.Owner, Amount: msg.Amount, Beneficiary: msg.Beneficiary, Jurisdiction: msg.Jurisdiction,
		Reason: msg.Reason, Height: sdkCtx.BlockHeight(), Time: sdkCtx.BlockTime(),
	}
	if err := k.Certificates.Set(ctx, id, cert); err != nil {
		return cert, err
	}
	if err := k.updateTotals(ctx, func(t *types.Totals) { t.CcRetired = t.CcRetired.Add(msg.Amount) }); err != nil {
		return cert, err
	}
	if err := sdkCtx.EventManager().EmitTypedEvent(&types.EventRetired{Certificate: cert}); err != nil {
		return cert, err
	}
	return cert, k.hooks.hooks.AfterCarbonRetired(ctx, cert)
}

// validatePayouts checks recipients and amounts and returns their total.
func (k Keeper) validatePayouts(payouts []types.Payout, max uint32) (sdkmath.Int, error) {
	total := sdkmath.ZeroInt()
	if len(payouts) == 0 {
		return total, types.ErrInvalidAmount.Wrap("no recipients")
	}
	if uint32(len(payouts)) > max {
		return total, types.ErrInvalidAmount.Wrapf("%d recipients, at most %d per tx", len(payouts), max)
	}
	for _, p := range payouts {
		if _, err := moduleutil.ParseAddress(k.addressCodec, types.ErrInvalidAddress, "recipient", p.Address); err != nil {
			return total, err
		}
		if p.Amount.IsNil() || !p.Amount.IsPositive() {
			return total, types.ErrInvalidAmount.Wrapf("amount for %s must be positive", p.Address)
		}
		sum, err := total.SafeAdd(p.Amount)
		if err != nil {
			return total, types.ErrInvalidAmount.Wrapf("amounts overflow: %v", err)
		}
		total = sum
	}
	return total, nil
}
