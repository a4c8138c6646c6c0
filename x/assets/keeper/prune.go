package keeper

import (
	"context"
	"errors"
	"time"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/assets/types"
)

// EndBlocker prunes attestations whose period ended more than
// attestation_retention_seconds before the block time: the oldest first,
// at most max_prunes_per_block, each with an EventAttestationPruned
// carrying the record. PrunedUntil remembers the latest pruned end, and no
// reading may start before it (checkReading), so a pruned period can never
// be attested again. A retention of 0 keeps every attestation.
func (k Keeper) EndBlocker(ctx context.Context) error {
	p, err := k.Params.Get(ctx)
	if err != nil || p.AttestationRetentionSeconds == 0 {
		return err
	}
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	cutoff := sdkCtx.BlockTime().Add(-time.Duration(p.AttestationRetentionSeconds) * time.Second).UnixNano()
	// Every attestation that ended before the cutoff, oldest end first.
	rng := collections.NewPrefixUntilPairRange[int64, AttestationKey](cutoff - 1)
	iter, err := k.Attestations.Indexes.ByEnd.Iterate(ctx, rng)
	if err != nil {
		return err
	}
	var keys []AttestationKey
	for ; iter.Valid() && len(keys) < int(p.MaxPrunesPerBlock); iter.Next() {
		key, err := iter.PrimaryKey()
		if err != nil {
			iter.Close()
			return err
		}
		keys = append(keys, key)
	}
	iter.Close()
	prunedUntil, err := k.PrunedUntil.Get(ctx)
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return err
	}
	for _, key := range keys {
		att, err := k.Attestations.Get(ctx, key)
		if err != nil {
			return err
		}
		if err := k.Attestations.Remove(ctx, key); err != nil {
			return err
		}
		prunedUntil = max(prunedUntil, att.End.UnixNano())
		if err := sdkCtx.EventManager().EmitTypedEvent(&types.EventAttestationPruned{Attestation: att}); err != nil {
			return err
		}
	}
	if len(keys) == 0 {
		return nil
	}
	return k.PrunedUntil.Set(ctx, prunedUntil)
}
