package keeper

import (
	"context"
	"errors"
	"fmt"
	"time"

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
//
// A proposal is accepted only while it is current: within
// meter_proposal_seconds of being proposed, and only if the meter is still
// as proposed (not registered since, for a registration; same owner, for a
// transfer). Otherwise the acceptance removes it with an
// EventMeterProposalDropped instead of applying it, so a late consent can
// never overwrite a live meter. Expired proposals need no EndBlocker: they
// stay until replaced or touched.

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

// expired says whether proposal p can no longer be accepted at now.
func expired(p types.MeterProposal, params types.Params, now time.Time) bool {
	return !now.Before(p.ProposedAt.Add(time.Duration(params.MeterProposalSeconds) * time.Second))
}

// accept records signer's consent to meterID's proposal and applies it once
// complete. A proposal no longer current is removed instead; the reason is
// returned (empty when the consent was recorded).
func (k Keeper) accept(ctx context.Context, signer, meterID string) (string, error) {
	p, err := k.GetMeterProposal(ctx, meterID)
	if err != nil {
		return "", err
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return "", err
	}
	switch {
	case signer == p.Meter.Owner && !p.NewOwnerAccepted:
		p.NewOwnerAccepted = true
	case signer == p.PreviousOwner && !p.PreviousOwnerAccepted:
		p.PreviousOwnerAccepted = true
	case signer == p.Meter.Owner || signer == p.PreviousOwner:
		return "", types.ErrInvalidMeter.Wrapf("meter %s: %s has already consented; waiting for the other owner", meterID, signer)
	default:
		return "", types.ErrUnauthorized.Wrapf("meter %s: only its new owner %s or current owner %q consents", meterID, p.Meter.Owner, p.PreviousOwner)
	}
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	reason, err := k.staleReason(ctx, p, params, sdkCtx.BlockTime())
	if err != nil {
		return "", err
	}
	if reason != "" {
		if err := k.MeterProposals.Remove(ctx, meterID); err != nil {
			return "", err
		}
		return reason, sdkCtx.EventManager().EmitTypedEvent(&types.EventMeterProposalDropped{Proposal: p, Reason: reason})
	}
	if !p.NewOwnerAccepted || !p.PreviousOwnerAccepted {
		if err := k.MeterProposals.Set(ctx, meterID, p); err != nil {
			return "", err
		}
		return "", sdkCtx.EventManager().EmitTypedEvent(&types.EventMeterProposed{Proposal: p})
	}
	if err := k.MeterProposals.Remove(ctx, meterID); err != nil {
		return "", err
	}
	return "", k.applyProposal(ctx, p, signer)
}

// staleReason says why proposal p can no longer take effect at now, or ""
// if it can: expired, a registration of a meter registered since, or a
// transfer of a meter whose owner changed since.
func (k Keeper) staleReason(ctx context.Context, p types.MeterProposal, params types.Params, now time.Time) (string, error) {
	if expired(p, params, now) {
		return fmt.Sprintf("meter %s: the proposal of %s expired after meter_proposal_seconds %d; ask a grid operator to propose it again",
			p.Meter.Id, p.ProposedAt.UTC().Format(time.RFC3339), params.MeterProposalSeconds), nil
	}
	meter, err := k.Meters.Get(ctx, p.Meter.Id)
	switch {
	case errors.Is(err, collections.ErrNotFound):
		if p.PreviousOwner != "" {
			return fmt.Sprintf("meter %s no longer exists", p.Meter.Id), nil
		}
		return "", nil
	case err != nil:
		return "", err
	case p.PreviousOwner == "":
		return fmt.Sprintf("meter %s was registered since, owned by %s", p.Meter.Id, meter.Owner), nil
	case meter.Owner != p.PreviousOwner:
		return fmt.Sprintf("meter %s changed owner to %s since the transfer was proposed", p.Meter.Id, meter.Owner), nil
	}
	return "", nil
}

// applyProposal makes a consented registration or transfer take effect. A
// registration counts as made at its acceptance (RegisteredAt bounds how
// far back readings may start); a transfer changes only the owner of the
// meter as it is now.
func (k Keeper) applyProposal(ctx context.Context, p types.MeterProposal, by string) error {
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	if p.PreviousOwner == "" {
		// Never overwrite a live meter, whatever path led here.
		if has, err := k.Meters.Has(ctx, p.Meter.Id); err != nil {
			return err
		} else if has {
			return types.ErrMeterExists.Wrapf("meter %s", p.Meter.Id)
		}
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
