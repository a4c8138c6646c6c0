package keeper

import (
	"context"
	"errors"
	"time"

	"cosmossdk.io/collections"
	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/assets/types"
	"github.com/powershare/powershare/x/internal/moduleutil"
)

// GetMeter returns a meter or ErrUnknownMeter.
func (k Keeper) GetMeter(ctx context.Context, id string) (types.Meter, error) {
	m, err := k.Meters.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return m, types.ErrUnknownMeter.Wrapf("meter %q", id)
	}
	return m, err
}

// attest records one reading of an active meter and, for a renewable meter,
// mints its Energy Credits (1,000 uec per Wh) and accrues its Carbon Credits
// to the owner. Carbon Credits are paid in whole grams (ucc): a reading
// earns Wh x gCO2e/kWh milligrams, plus the meter's carry from earlier
// readings; the whole grams are paid and the remainder (< 1,000 mg) is
// carried to the next reading, so rounding never loses or invents credit.
// The caller adds what it minted to the running totals.
func (k Keeper) attest(ctx context.Context, signer string, meter types.Meter, r types.Reading, p types.Params) (types.Attestation, error) {
	if !meter.Active {
		return types.Attestation{}, types.ErrInactiveMeter.Wrapf("meter %s", meter.Id)
	}
	if err := checkReading(r, meter, p, sdk.UnwrapSDKContext(ctx).BlockTime()); err != nil {
		return types.Attestation{}, err
	}
	// Pruned periods are gone from the overlap check, so none may be attested again.
	if prunedUntil, err := k.PrunedUntil.Get(ctx); err != nil && !errors.Is(err, collections.ErrNotFound) {
		return types.Attestation{}, err
	} else if err == nil && r.Start.UnixNano() < prunedUntil {
		return types.Attestation{}, types.ErrInvalidReading.Wrapf("meter %s: period starts %s, before %s, the end of the newest pruned attestation",
			r.MeterId, r.Start.UTC(), time.Unix(0, prunedUntil).UTC())
	}
	if err := k.checkNoOverlap(ctx, r); err != nil {
		return types.Attestation{}, err
	}

	att := types.Attestation{
		MeterId: r.MeterId, Start: r.Start, End: r.End, EnergyWh: r.EnergyWh,
		EcMinted: sdkmath.ZeroInt(), CcAccrued: sdkmath.ZeroInt(),
		AttestedBy: signer, Height: sdk.UnwrapSDKContext(ctx).BlockHeight(),
	}
	owner, err := moduleutil.ParseAddress(k.addressCodec, types.ErrInvalidAddress, "owner", meter.Owner)
	if err != nil {
		return att, err
	}
	if meter.Renewable {
		wh := sdkmath.NewIntFromUint64(r.EnergyWh)
		att.EcMinted = wh.MulRaw(types.WhToUec)
		carry, err := k.CarbonCarry.Get(ctx, meter.Id)
		if err != nil && !errors.Is(err, collections.ErrNotFound) {
			return att, err
		}
		milligrams := wh.Mul(sdkmath.NewIntFromUint64(p.GramsPerKWh(meter.Zone))).Add(sdkmath.NewIntFromUint64(carry))
		att.CcAccrued = milligrams.QuoRaw(1000)
		if err := k.CarbonCarry.Set(ctx, meter.Id, milligrams.ModRaw(1000).Uint64()); err != nil {
			return att, err
		}
		minted := sdk.NewCoins(sdk.NewCoin(types.EnergyCreditDenom, att.EcMinted), sdk.NewCoin(types.CarbonCreditDenom, att.CcAccrued))
		if err := k.mintTo(ctx, owner, minted); err != nil {
			return att, err
		}
	}
	if err := k.Attestations.Set(ctx, collections.Join(r.MeterId, r.Start.UnixNano()), att); err != nil {
		return att, err
	}
	if err := sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventProductionAttested{
		Attestation: att, Owner: meter.Owner,
	}); err != nil {
		return att, err
	}
	return att, k.hooks.hooks.AfterProductionAttested(ctx, att, owner)
}

// checkReading validates a reading against its meter and the block time:
// a past, non-empty period of bounded length, and no more energy than the
// meter's capacity could produce in it (Wh x 3600 s/h <= W x seconds).
func checkReading(r types.Reading, meter types.Meter, p types.Params, now time.Time) error {
	if !r.End.After(r.Start) {
		return types.ErrInvalidReading.Wrapf("meter %s: end %s is not after start %s", r.MeterId, r.End.UTC(), r.Start.UTC())
	}
	if r.End.After(now) {
		return types.ErrInvalidReading.Wrapf("meter %s: period ends %s, after the block time %s", r.MeterId, r.End.UTC(), now.UTC())
	}
	earliest := meter.RegisteredAt.Add(-time.Duration(p.RegistrationGraceSeconds) * time.Second)
	if r.Start.Before(earliest) {
		return types.ErrInvalidReading.Wrapf("meter %s: period starts %s, before the meter was registered (%s) less the %d s grace",
			r.MeterId, r.Start.UTC(), meter.RegisteredAt.UTC(), p.RegistrationGraceSeconds)
	}
	period := r.End.Sub(r.Start)
	if period > time.Duration(p.MaxReadingPeriodSeconds)*time.Second {
		return types.ErrInvalidReading.Wrapf("meter %s: period of %s is longer than %d s", r.MeterId, period, p.MaxReadingPeriodSeconds)
	}
	// A meter registered before governance lowered its kind's bound is
	// attested at the bound, so lowering max_capacity_w limits every meter.
	capacity := min(meter.CapacityW, p.MaxCapacityOf(meter.Kind))
	produced := sdkmath.NewIntFromUint64(r.EnergyWh).Mul(sdkmath.NewInt(int64(time.Hour)))
	possible := sdkmath.NewIntFromUint64(capacity).Mul(sdkmath.NewInt(int64(period)))
	if produced.GT(possible) {
		return types.ErrOverCapacity.Wrapf("meter %s: %d Wh in %s is more than %d W can produce", r.MeterId, r.EnergyWh, period, capacity)
	}
	return nil
}

// checkNoOverlap fails if the reading's period overlaps an attested one of
// the same meter. Attested periods of a meter never overlap, so ordered by
// start their ends increase too: only the last period starting before the
// new one ends can reach into it. One reverse seek, whatever the history.
func (k Keeper) checkNoOverlap(ctx context.Context, r types.Reading) error {
	rng := collections.NewPrefixedPairRange[string, int64](r.MeterId).
		EndExclusive(r.End.UnixNano()).Descending()
	iter, err := k.Attestations.Iterate(ctx, rng)
	if err != nil {
		return err
	}
	defer iter.Close()
	if !iter.Valid() {
		return nil
	}
	prev, err := iter.Value()
	if err != nil {
		return err
	}
	if prev.End.After(r.Start) {
		return types.ErrOverlap.Wrapf("meter %s: [%s, %s) overlaps the attested [%s, %s)", r.MeterId,
			r.Start.UTC().Format(time.RFC3339), r.End.UTC().Format(time.RFC3339),
			prev.Start.UTC().Format(time.RFC3339), prev.End.UTC().Format(time.RFC3339))
	}
	return nil
}

// mintTo mints coins to the module and sends them to addr.
func (k Keeper) mintTo(ctx context.Context, addr sdk.AccAddress, coins sdk.Coins) error {
	if coins.IsZero() {
		return nil
	}
	if err := k.bank.MintCoins(ctx, types.ModuleName, coins); err != nil {
		return err
	}
	return k.bank.SendCoinsFromModuleToAccount(ctx, types.ModuleName, addr, coins)
}
