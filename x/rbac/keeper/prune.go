package keeper

import (
	"context"
	"time"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/rbac/types"
)

// PruneAudit removes the audit entries older than audit_retention_seconds,
// oldest first and at most max_audit_prunes_per_block of them, each with an
// EventAuditPruned carrying the whole entry, so an indexer keeps what the
// state lets go. Entries are numbered in block order, so the due ones are a
// prefix of the trail: the walk stops at the first entry still kept, and
// reads at most one entry more than it prunes. A retention of 0 keeps the
// trail forever.
func (k Keeper) PruneAudit(ctx context.Context) error {
	params, err := k.Params.Get(ctx)
	if err != nil || params.AuditRetentionSeconds == 0 {
		return err
	}
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	cutoff := sdkCtx.BlockTime().Add(-time.Duration(params.AuditRetentionSeconds) * time.Second)
	iter, err := k.Audit.Iterate(ctx, nil)
	if err != nil {
		return err
	}
	var due []types.AuditEntry
	for ; iter.Valid() && uint32(len(due)) < params.MaxAuditPrunesPerBlock; iter.Next() {
		entry, err := iter.Value()
		if err != nil {
			iter.Close()
			return err
		}
		if entry.Time.After(cutoff) {
			break
		}
		due = append(due, entry)
	}
	iter.Close()
	for _, entry := range due {
		if err := k.Audit.Remove(ctx, entry.Id); err != nil {
			return err
		}
		if err := sdkCtx.EventManager().EmitTypedEvent(&types.EventAuditPruned{Entry: entry}); err != nil {
			return err
		}
	}
	return nil
}
