package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/assets/types"
)

// Finding 10 of issue 11: a grid operator may not make anyone else the
// owner of a meter, nor take a meter away from its owner, on its own. A
// registration for another owner, or a transfer, is kept as a
// MeterProposal until every owner concerned other than the signer has
// consented with MsgAcceptMeter: the new owner (registration and transfer)
// and the current owner (transfer). One proposal per meter id; a grid
// operator of the meter's scope may replace it by proposing again.

// GetMeterProposal returns a meter's pending proposal or ErrNoMeterProposal.
func (k Keeper) GetMeterProposal(ctx context.Context, meterID string) (types.MeterProposal, error) {
	p, err := k.MeterProposals.Get(ctx, meterID)
	if errors.Is(err, collections.ErrNotFound) {
		return p, types.ErrNoMeterProposal.Wrapf("meter %q", meterID)
	}
	return p, err
}

// propose stores a proposal, or applies it at once when nobody's consent
// is missing.
func (k Keeper) propose(ctx context.Context, p types.MeterProposal) error {
	if p.NewOwnerAccepted && p.PreviousOwnerAccepted {
		return k.applyProposal(ctx, p, p.ProposedBy)
	}
	if err := k.MeterProposals.Set(ctx, p.Meter.Id, p); err != nil {
		return err
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventMeterProposed{Proposal: p})
}

// accept records signer's consent to meterID's proposal and applies it once
// complete.
func (k Keeper) accept(ctx context.Context, signer, meterID string) error {
	p, err := k.GetMeterProposal(ctx, meterID)
	if err != nil {
		return err
	}
	switch {
	case signer == p.Meter.Owner && !p.NewOwnerAccepted:
		p.NewOwnerAccepted = true
	case signer == p.PreviousOwner && !p.PreviousOwnerAccepted:
		p.PreviousOwnerAccepted = true
	case signer == p.Meter.Owner || signer == p.PreviousOwner:
		return types.ErrInvalidMeter.Wrapf("meter %s: %s has already consented; waiting for the other owner", meterID, signer)
	default:
		return types.ErrUnauthorized.Wrapf("meter %s: only its new owner %s or current owner %q consents", meterID, p.Meter.Owner, p.PreviousOwner)
	}
	if !p.NewOwnerAccepted || !p.PreviousOwnerAccepted {
		if err := k.MeterProposals.Set(ctx, meterID, p); err != nil {
			return err
		}
		return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventMeterProposed{Proposal: p})
	}
	if err := k.MeterProposals.Remove(ctx, meterID); err != nil {
		return err
	}
	return k.applyProposal(ctx, p, signer)
}

// applyProposal makes a consented registration or transfer take effect. A
// registration counts as made at its acceptance (RegisteredAt bounds how
// far back readings may start); a transfer changes only the owner of the
// meter as it is now.
func (k Keeper) applyProposal(ctx context.Context, p types.MeterProposal, by string) error {
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	if p.PreviousOwner == "" {
		meter := p.Meter
		meter.RegisteredHeight, meter.RegisteredAt = sdkCtx.BlockHeight(), sdkCtx.BlockTime()
		if err := k.Meters.Set(ctx, meter.Id, meter); err != nil {
			return err
		}
		return sdkCtx.EventManager().EmitTypedEvent(&types.EventMeterRegistered{Meter: meter})
	}
	meter, err := k.GetMeter(ctx, p.Meter.Id)
	if err != nil {
		return err
	}
	if meter.Owner != p.PreviousOwner {
		return types.ErrInvalidMeter.Wrapf("meter %s changed owner to %s since the transfer was proposed", meter.Id, meter.Owner)
	}
	meter.Owner = p.Meter.Owner
	if err := k.Meters.Set(ctx, meter.Id, meter); err != nil {
		return err
	}
	return sdkCtx.EventManager().EmitTypedEvent(&types.EventMeterUpdated{Meter: meter, UpdatedBy: by})
}
