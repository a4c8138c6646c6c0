package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/x/rbac/types"
)

// Finding 6 of issue 11 (audit trail): entries older than
// audit_retention_seconds leave the state, oldest first, at most
// max_audit_prunes_per_block a block, each with an event carrying it; the
// rest of the trail and its indexes are untouched, and 0 keeps it forever.
func TestPruneAuditAfterRetention(t *testing.T) {
	f := setup(t)
	params, err := f.k.Params.Get(f.ctx)
	require.NoError(t, err)
	require.Equal(t, uint64(types.DefaultAuditRetentionSeconds), params.AuditRetentionSeconds)
	params.AuditRetentionSeconds = types.MinAuditRetentionSeconds
	params.MaxAuditPrunesPerBlock = 2
	require.NoError(t, f.k.Params.Set(f.ctx, params))
	retention := time.Duration(types.MinAuditRetentionSeconds) * time.Second

	// Four changes a day apart, so four audit entries for bob.
	for i, role := range []types.Role{types.Role_RELAY, types.Role_REGULATOR, types.Role_GRID_OPERATOR} {
		ctx := f.at(genesisTime.Add(time.Duration(i) * 24 * time.Hour)).WithBlockHeight(int64(20 + i))
		_, err := f.msg.GrantRole(ctx, &types.MsgGrantRole{Signer: f.admin, Address: f.bob, Role: role})
		require.NoError(t, err)
	}
	_, err = f.msg.RevokeRole(f.at(genesisTime.Add(3*24*time.Hour)).WithBlockHeight(23),
		&types.MsgRevokeRole{Signer: f.admin, Address: f.bob, Role: types.Role_RELAY})
	require.NoError(t, err)
	require.Len(t, f.auditActions(t, f.bob), 4)
	trail := func() []types.AuditEntry {
		gs, err := f.k.ExportGenesis(f.ctx)
		require.NoError(t, err)
		return gs.AuditEntries
	}
	before := trail()

	// Not yet due: a second before the first entry's retention ends.
	ctx := f.at(genesisTime.Add(retention - time.Second)).WithEventManager(sdk.NewEventManager())
	require.NoError(t, f.k.EndBlocker(ctx))
	require.Equal(t, before, trail())
	require.Empty(t, ctx.EventManager().Events())

	// Two days on, bob's first three entries are due, but only two go per
	// block: the oldest, each with its event.
	ctx = f.at(genesisTime.Add(retention + 2*24*time.Hour)).WithEventManager(sdk.NewEventManager())
	require.NoError(t, f.k.EndBlocker(ctx))
	after := trail()
	require.Len(t, after, len(before)-2)
	require.Equal(t, before[2:], after)
	var pruned []types.AuditEntry
	for _, e := range ctx.EventManager().ABCIEvents() {
		if msg, err := sdk.ParseTypedEvent(e); err == nil {
			if ev, ok := msg.(*types.EventAuditPruned); ok {
				pruned = append(pruned, ev.Entry)
			}
		}
	}
	require.Equal(t, before[:2], pruned, "each event carries the whole pruned entry")
	// The indexes lost the pruned entries too.
	byHeight, err := f.query.Audit(f.ctx, &types.QueryAuditRequest{FromHeight: 1, ToHeight: 100})
	require.NoError(t, err)
	require.Equal(t, after, byHeight.Entries)

	// The next blocks prune the rest of what is due, and no more.
	for range 5 {
		require.NoError(t, f.k.EndBlocker(ctx))
	}
	require.Equal(t, []types.AuditAction{types.AuditAction_REVOKE}, f.auditActions(t, f.bob),
		"bob's entry of the fourth day is not due yet")

	// Retention 0 keeps the trail forever.
	params.AuditRetentionSeconds = 0
	require.NoError(t, f.k.Params.Set(f.ctx, params))
	left := trail()
	require.NoError(t, f.k.EndBlocker(f.at(genesisTime.Add(100*retention))))
	require.Equal(t, left, trail())
}

// A retention shorter than a year or a zero per-block bound is refused.
func TestAuditRetentionParamsValidate(t *testing.T) {
	p := types.DefaultParams()
	p.AuditRetentionSeconds = types.MinAuditRetentionSeconds - 1
	require.ErrorIs(t, p.Validate(), types.ErrInvalidParams)
	p = types.DefaultParams()
	p.MaxAuditPrunesPerBlock = 0
	require.ErrorIs(t, p.Validate(), types.ErrInvalidParams)
	p.MaxAuditPrunesPerBlock, p.AuditRetentionSeconds = 1, 0
	require.NoError(t, p.Validate())
}
