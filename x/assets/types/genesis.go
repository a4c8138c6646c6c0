package types

import (
	"fmt"

	"cosmossdk.io/core/address"
	sdkmath "cosmossdk.io/math"

	"github.com/powershare/powershare/x/internal/moduleutil"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// ZeroTotals returns totals with every amount at zero (never nil).
func ZeroTotals() Totals {
	z := sdkmath.ZeroInt()
	return Totals{AttestedWh: z, EcMinted: z, CcAccrued: z, CcIssued: z, CcRetired: z, CtRewarded: z,
		CtBurned: z, EcBurned: z, TreasurySpent: z}
}

// DefaultGenesis is the state of a new chain.
func DefaultGenesis() *GenesisState {
	return &GenesisState{
		Params:            DefaultParams(),
		NextBatchId:       1,
		NextSerial:        1,
		NextCertificateId: 1,
		Totals:            ZeroTotals(),
		TreasuryUsage:     EpochUsage{Amount: sdkmath.ZeroInt()},
	}
}

// Validate checks the genesis state. Addresses must be canonical, as the
// keeper stores and compares them (meter owners, issuers) as strings.
func (gs GenesisState) Validate(ac address.Codec) error {
	if err := gs.Params.Validate(); err != nil {
		return err
	}
	if gs.NextBatchId == 0 || gs.NextSerial == 0 || gs.NextCertificateId == 0 {
		return ErrInvalidGenesis.Wrap("next_batch_id, next_serial and next_certificate_id start at 1")
	}
	meters := make(map[string]bool, len(gs.Meters))
	for _, m := range gs.Meters {
		if err := ValidateMeterID(m.Id); err != nil {
			return ErrInvalidGenesis.Wrap(err.Error())
		}
		if meters[m.Id] {
			return ErrInvalidGenesis.Wrapf("meter %s listed twice", m.Id)
		}
		meters[m.Id] = true
		if _, err := moduleutil.ParseCanonicalAddress(ac, m.Owner); err != nil {
			return ErrInvalidGenesis.Wrapf("meter %s owner: %v", m.Id, err)
		}
		if err := m.Kind.Validate(); err != nil {
			return ErrInvalidGenesis.Wrapf("meter %s: %v", m.Id, err)
		}
		if maxW := gs.Params.MaxCapacityOf(m.Kind); m.CapacityW == 0 || m.CapacityW > maxW {
			return ErrInvalidGenesis.Wrapf("meter %s: capacity %d W is not 1 W to the %s bound %d W (param max_capacity_w)", m.Id, m.CapacityW, m.Kind, maxW)
		}
		if err := rbactypes.ValidateZone(m.Zone); err != nil {
			return ErrInvalidGenesis.Wrapf("meter %s: %v", m.Id, err)
		}
	}
	for i, a := range gs.Attestations {
		if !meters[a.MeterId] {
			return ErrInvalidGenesis.Wrapf("attestation %d: unknown meter %s", i, a.MeterId)
		}
		if !a.End.After(a.Start) {
			return ErrInvalidGenesis.Wrapf("attestation %d: end is not after start", i)
		}
		// Attestations are listed in key order (meter, start), as exported;
		// then a meter's periods are adjacent and must not overlap.
		if i > 0 {
			prev := gs.Attestations[i-1]
			if a.MeterId < prev.MeterId || (a.MeterId == prev.MeterId && !a.Start.After(prev.Start)) {
				return ErrInvalidGenesis.Wrapf("attestation %d is out of (meter, start) order or duplicated", i)
			}
			if a.MeterId == prev.MeterId && a.Start.Before(prev.End) {
				return ErrInvalidGenesis.Wrapf("attestation %d overlaps the previous one of meter %s", i, a.MeterId)
			}
		}
	}
	for i, c := range gs.Carries {
		if !meters[c.MeterId] || c.Milligrams == 0 || c.Milligrams >= 1000 {
			return ErrInvalidGenesis.Wrapf("carry %d: unknown meter %s or milligrams %d outside 1..999", i, c.MeterId, c.Milligrams)
		}
		if i > 0 && c.MeterId <= gs.Carries[i-1].MeterId {
			return ErrInvalidGenesis.Wrapf("carry %d: meters out of order or listed twice", i)
		}
	}
	for i, p := range gs.MeterProposals {
		if err := validateMeterProposal(ac, p, meters); err != nil {
			return ErrInvalidGenesis.Wrapf("meter proposal %d: %v", i, err)
		}
		if i > 0 && p.Meter.Id <= gs.MeterProposals[i-1].Meter.Id {
			return ErrInvalidGenesis.Wrapf("meter proposal %d: meters out of order or listed twice", i)
		}
	}
	if e := gs.Epoch; e != nil && (e.Seconds == 0 || e.Seconds > 366*24*3600) {
		return ErrInvalidGenesis.Wrapf("epoch %d: length %d s is not 1 s to a year", e.Number, e.Seconds)
	}
	issuers := make(map[string]bool, len(gs.Issuers))
	for _, issuer := range gs.Issuers {
		if _, err := moduleutil.ParseCanonicalAddress(ac, issuer); err != nil || issuers[issuer] {
			return ErrInvalidGenesis.Wrapf("issuer %q is invalid or listed twice", issuer)
		}
		issuers[issuer] = true
	}
	batchIDs := make(map[uint64]bool, len(gs.Batches))
	for _, b := range gs.Batches {
		if batchIDs[b.Id] {
			return ErrInvalidGenesis.Wrapf("batch %d listed twice", b.Id)
		}
		batchIDs[b.Id] = true
		if _, err := moduleutil.ParseCanonicalAddress(ac, b.Issuer); err != nil {
			return ErrInvalidGenesis.Wrapf("batch %d issuer: %v", b.Id, err)
		}
		if b.Id == 0 || b.Id >= gs.NextBatchId || b.TotalIssued.IsNil() || b.TotalIssued.IsNegative() {
			return ErrInvalidGenesis.Wrapf("batch %d: id or total out of range", b.Id)
		}
		if b.Issued && (b.SerialEnd < b.SerialStart || b.SerialEnd >= gs.NextSerial) {
			return ErrInvalidGenesis.Wrapf("batch %d: serial range out of range", b.Id)
		}
	}
	certIDs := make(map[uint64]bool, len(gs.Certificates))
	for _, c := range gs.Certificates {
		if certIDs[c.Id] {
			return ErrInvalidGenesis.Wrapf("certificate %d listed twice", c.Id)
		}
		certIDs[c.Id] = true
		if _, err := moduleutil.ParseCanonicalAddress(ac, c.Owner); err != nil {
			return ErrInvalidGenesis.Wrapf("certificate %d owner: %v", c.Id, err)
		}
		if c.Id == 0 || c.Id >= gs.NextCertificateId || c.Amount.IsNil() || !c.Amount.IsPositive() {
			return ErrInvalidGenesis.Wrapf("certificate %d: id or amount out of range", c.Id)
		}
	}
	for _, v := range []sdkmath.Int{gs.Totals.AttestedWh, gs.Totals.EcMinted, gs.Totals.CcAccrued, gs.Totals.CcIssued,
		gs.Totals.CcRetired, gs.Totals.CtRewarded, gs.Totals.CtBurned, gs.Totals.EcBurned, gs.Totals.TreasurySpent} {
		if v.IsNil() || v.IsNegative() {
			return ErrInvalidGenesis.Wrap("totals must be zero or positive")
		}
	}
	return nil
}

// validateMeterProposal checks a pending registration (of an id no meter
// has) or transfer (of a listed meter) and its owners.
func validateMeterProposal(ac address.Codec, p MeterProposal, meters map[string]bool) error {
	if err := ValidateMeterID(p.Meter.Id); err != nil {
		return err
	}
	if _, err := moduleutil.ParseCanonicalAddress(ac, p.Meter.Owner); err != nil {
		return fmt.Errorf("owner: %w", err)
	}
	if p.PreviousOwner == "" {
		if meters[p.Meter.Id] || !p.PreviousOwnerAccepted {
			return fmt.Errorf("registration of meter %s: the id is taken or marked as awaiting a previous owner", p.Meter.Id)
		}
		return nil
	}
	if !meters[p.Meter.Id] {
		return fmt.Errorf("transfer of unknown meter %s", p.Meter.Id)
	}
	_, err := moduleutil.ParseCanonicalAddress(ac, p.PreviousOwner)
	return err
}
