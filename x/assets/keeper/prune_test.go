package keeper_test

import (
	"encoding/binary"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/powershare/powershare/x/assets/types"
)

// attestHours attests n consecutive hourly readings of meter m from start.
func (f *fixture) attestHours(t *testing.T, m string, start time.Time, n int) {
	t.Helper()
	for i := range n {
		_, err := f.msg.AttestProduction(f.ctx, &types.MsgAttestProduction{Signer: f.gridop,
			Readings: []types.Reading{reading(m, start.Add(time.Duration(i)*time.Hour), time.Hour, 100)}})
		require.NoError(t, err)
	}
}

// TestAttestationsPageKeyStaysInRange covers the Attestations bound of
// issue 11: a page key below from used to restart the walk before from;
// now the page never reaches outside [from, to), and a malformed key is
// refused instead of ignored.
func TestAttestationsPageKeyStaysInRange(t *testing.T) {
	f := setup(t)
	f.registerSolar(t, "m1", f.alice)
	start := now.Add(-10 * time.Hour)
	f.attestHours(t, "m1", start, 5)
	from := start.Add(3 * time.Hour)
	early := binary.BigEndian.AppendUint64(nil, uint64(start.UnixNano()))

	res, err := f.query.Attestations(f.ctx, &types.QueryAttestationsRequest{MeterId: "m1", From: &from,
		Pagination: &query.PageRequest{Key: early, Limit: 10}})
	require.NoError(t, err)
	require.Len(t, res.Attestations, 2, "only the periods starting at or after from")
	require.Equal(t, from, res.Attestations[0].Start)

	// A key inside the range resumes there.
	mid := binary.BigEndian.AppendUint64(nil, uint64(start.Add(4*time.Hour).UnixNano()))
	res, err = f.query.Attestations(f.ctx, &types.QueryAttestationsRequest{MeterId: "m1", From: &from,
		Pagination: &query.PageRequest{Key: mid}})
	require.NoError(t, err)
	require.Len(t, res.Attestations, 1)

	_, err = f.query.Attestations(f.ctx, &types.QueryAttestationsRequest{MeterId: "m1",
		Pagination: &query.PageRequest{Key: []byte{1, 2, 3}}})
	require.Equal(t, codes.InvalidArgument, status.Code(err), "a malformed key")
}

// TestAttestationPruning covers attestation pruning (finding 6 of issue 11,
// x/assets part): attestations older than the retention period go, at most
// max_prunes_per_block per block, oldest first, each with an event carrying
// it, and a pruned period can never be attested again.
func TestAttestationPruning(t *testing.T) {
	f := setup(t)
	p := types.DefaultParams()
	p.RegistrationGraceSeconds = 366 * 24 * 3600
	p.AttestationRetentionSeconds = p.MaxReadingPeriodSeconds // 31 days
	p.MaxPrunesPerBlock = 2
	_, err := f.msg.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: p})
	require.NoError(t, err)
	f.registerSolar(t, "m1", f.alice)
	f.registerSolar(t, "m2", f.bob)
	old := now.Add(-40 * 24 * time.Hour)
	f.attestHours(t, "m1", old, 3)
	f.attestHours(t, "m2", old.Add(30*time.Minute), 2)
	f.attestHours(t, "m1", now.Add(-2*time.Hour), 1) // recent: kept

	count := func() int {
		n := 0
		iter, err := f.k.Attestations.Iterate(f.ctx, nil)
		require.NoError(t, err)
		defer iter.Close()
		for ; iter.Valid(); iter.Next() {
			n++
		}
		return n
	}
	require.Equal(t, 6, count())

	// ACT: one block prunes the two oldest ends: m1's first, then m2's first.
	ctx := f.ctx.WithEventManager(sdk.NewEventManager())
	require.NoError(t, f.k.EndBlocker(ctx))
	require.Equal(t, 4, count())
	var pruned []string
	for _, e := range ctx.EventManager().Events() {
		if e.Type == "powershare.assets.v1.EventAttestationPruned" {
			pruned = append(pruned, e.Type)
		}
	}
	require.Len(t, pruned, 2, "one event per pruned attestation")
	has, err := f.k.Attestations.Has(f.ctx, collections.Join("m1", old.UnixNano()))
	require.NoError(t, err)
	require.False(t, has)
	has, err = f.k.Attestations.Has(f.ctx, collections.Join("m1", old.Add(time.Hour).UnixNano()))
	require.NoError(t, err)
	require.True(t, has, "m1's second hour ends after m2's first")

	// A pruned period cannot be attested again.
	_, err = f.msg.AttestProduction(f.ctx, &types.MsgAttestProduction{Signer: f.gridop,
		Readings: []types.Reading{reading("m1", old, time.Hour, 100)}})
	require.ErrorIs(t, err, types.ErrInvalidReading)

	// Two more blocks prune the rest of the old ones; the recent one stays.
	require.NoError(t, f.k.EndBlocker(f.ctx))
	require.NoError(t, f.k.EndBlocker(f.ctx))
	require.Equal(t, 1, count())
	require.NoError(t, f.k.EndBlocker(f.ctx))
	require.Equal(t, 1, count())

	// The watermark survives export and import.
	gs, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.NotNil(t, gs.PrunedUntil)
	require.Equal(t, old.Add(3*time.Hour), *gs.PrunedUntil, "the end of m1's third hour")
}

// TestNoPruningWithoutRetention: a retention of 0 keeps every attestation.
func TestNoPruningWithoutRetention(t *testing.T) {
	f := setup(t)
	p := types.DefaultParams()
	p.RegistrationGraceSeconds = 366 * 24 * 3600
	p.AttestationRetentionSeconds = 0
	_, err := f.msg.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: p})
	require.NoError(t, err)
	f.registerSolar(t, "m1", f.alice)
	f.attestHours(t, "m1", now.Add(-300*24*time.Hour), 2)
	require.NoError(t, f.k.EndBlocker(f.ctx))
	res, err := f.query.Attestations(f.ctx, &types.QueryAttestationsRequest{MeterId: "m1"})
	require.NoError(t, err)
	require.Len(t, res.Attestations, 2)
}
