package keeper

import (
	"context"
	"errors"
	"time"

	"cosmossdk.io/collections"

	"github.com/powershare/powershare/x/assets/types"
	"github.com/powershare/powershare/x/internal/moduleutil"
)

// InitGenesis loads a validated genesis state and makes sure the module's
// minting and treasury accounts exist.
func (k Keeper) InitGenesis(ctx context.Context, gs types.GenesisState) error {
	k.accounts.GetModuleAccount(ctx, types.ModuleName)
	k.accounts.GetModuleAccount(ctx, types.TreasuryName)
	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return err
	}
	for _, m := range gs.Meters {
		if err := k.Meters.Set(ctx, m.Id, m); err != nil {
			return err
		}
	}
	for _, a := range gs.Attestations {
		if err := k.Attestations.Set(ctx, collections.Join(a.MeterId, a.Start.UnixNano()), a); err != nil {
			return err
		}
	}
	for _, issuer := range gs.Issuers {
		addr, err := moduleutil.ParseAddress(k.addressCodec, types.ErrInvalidAddress, "issuer", issuer)
		if err != nil {
			return err
		}
		if err := k.Issuers.Set(ctx, addr); err != nil {
			return err
		}
	}
	for _, b := range gs.Batches {
		if err := k.Batches.Set(ctx, b.Id, b); err != nil {
			return err
		}
	}
	for _, c := range gs.Certificates {
		if err := k.Certificates.Set(ctx, c.Id, c); err != nil {
			return err
		}
	}
	for _, u := range gs.CommunityUsage {
		if err := k.CommunityUsage.Set(ctx, u.CommunityId, u.Usage); err != nil {
			return err
		}
	}
	if err := k.BatchSeq.Set(ctx, gs.NextBatchId); err != nil {
		return err
	}
	if err := k.SerialSeq.Set(ctx, gs.NextSerial); err != nil {
		return err
	}
	if err := k.CertificateSeq.Set(ctx, gs.NextCertificateId); err != nil {
		return err
	}
	for _, c := range gs.Carries {
		if err := k.CarbonCarry.Set(ctx, c.MeterId, c.Milligrams); err != nil {
			return err
		}
	}
	if err := k.Totals.Set(ctx, gs.Totals); err != nil {
		return err
	}
	for _, p := range gs.MeterProposals {
		if err := k.MeterProposals.Set(ctx, p.Meter.Id, p); err != nil {
			return err
		}
	}
	if gs.Epoch != nil {
		if err := k.Epoch.Set(ctx, *gs.Epoch); err != nil {
			return err
		}
	}
	if gs.PrunedUntil != nil {
		if err := k.PrunedUntil.Set(ctx, gs.PrunedUntil.UnixNano()); err != nil {
			return err
		}
	}
	return k.TreasuryUsage.Set(ctx, gs.TreasuryUsage)
}

// ExportGenesis writes the whole state, every list in key order.
func (k Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	gs := &types.GenesisState{}
	var err error
	if gs.Params, err = k.Params.Get(ctx); err != nil {
		return nil, err
	}
	if gs.Meters, err = moduleutil.Values(ctx, k.Meters); err != nil {
		return nil, err
	}
	if gs.Attestations, err = moduleutil.Values(ctx, k.Attestations); err != nil {
		return nil, err
	}
	issuers, err := k.Issuers.Iterate(ctx, nil)
	if err != nil {
		return nil, err
	}
	keys, err := issuers.Keys()
	if err != nil {
		return nil, err
	}
	for _, addr := range keys {
		s, err := k.addressCodec.BytesToString(addr)
		if err != nil {
			return nil, err
		}
		gs.Issuers = append(gs.Issuers, s)
	}
	if gs.Batches, err = moduleutil.Values(ctx, k.Batches); err != nil {
		return nil, err
	}
	if gs.Certificates, err = moduleutil.Values(ctx, k.Certificates); err != nil {
		return nil, err
	}
	usage, err := k.CommunityUsage.Iterate(ctx, nil)
	if err != nil {
		return nil, err
	}
	kvs, err := usage.KeyValues()
	if err != nil {
		return nil, err
	}
	for _, kv := range kvs {
		gs.CommunityUsage = append(gs.CommunityUsage, types.CommunityEpochUsage{CommunityId: kv.Key, Usage: kv.Value})
	}
	if gs.NextBatchId, err = k.BatchSeq.Peek(ctx); err != nil {
		return nil, err
	}
	if gs.NextSerial, err = k.SerialSeq.Peek(ctx); err != nil {
		return nil, err
	}
	if gs.NextCertificateId, err = k.CertificateSeq.Peek(ctx); err != nil {
		return nil, err
	}
	if gs.Totals, err = k.Totals.Get(ctx); err != nil {
		return nil, err
	}
	carries, err := k.CarbonCarry.Iterate(ctx, nil)
	if err != nil {
		return nil, err
	}
	carryKVs, err := carries.KeyValues()
	if err != nil {
		return nil, err
	}
	for _, kv := range carryKVs {
		if kv.Value != 0 {
			gs.Carries = append(gs.Carries, types.MeterCarry{MeterId: kv.Key, Milligrams: kv.Value})
		}
	}
	if gs.MeterProposals, err = moduleutil.Values(ctx, k.MeterProposals); err != nil {
		return nil, err
	}
	if e, err := k.Epoch.Get(ctx); err == nil {
		gs.Epoch = &e
	} else if !errors.Is(err, collections.ErrNotFound) {
		return nil, err
	}
	if ns, err := k.PrunedUntil.Get(ctx); err == nil {
		t := time.Unix(0, ns).UTC()
		gs.PrunedUntil = &t
	} else if !errors.Is(err, collections.ErrNotFound) {
		return nil, err
	}
	gs.TreasuryUsage, err = k.TreasuryUsage.Get(ctx)
	return gs, err
}
