package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/rbac/types"
)

// recordAudit appends an entry to the audit trail at the current height and
// block time. Entries are never changed; PruneAudit (prune.go) deletes them
// once they are older than audit_retention_seconds.
func (k Keeper) recordAudit(ctx context.Context, entry types.AuditEntry) error {
	id, err := k.AuditSeq.Next(ctx)
	if err != nil {
		return err
	}
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	entry.Id = id
	entry.Height = sdkCtx.BlockHeight()
	entry.Time = sdkCtx.BlockTime()
	return k.Audit.Set(ctx, id, entry)
}
