package keeper_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	"github.com/powershare/powershare/x/assets/types"
)

func TestGenesisRoundTrip(t *testing.T) {
	f := setup(t)
	// ARRANGE: state in every collection.
	f.registerSolar(t, "m1", f.alice)
	_, err := f.msg.AttestProduction(f.ctx, &types.MsgAttestProduction{Signer: f.gridop,
		Readings: []types.Reading{reading("m1", now.Add(-2*time.Hour), time.Hour, 1234), reading("m1", now.Add(-time.Hour), time.Hour, 2)}})
	require.NoError(t, err)
	_, err = f.msg.ApproveIssuer(f.ctx, &types.MsgApproveIssuer{Signer: f.regulator, Issuer: f.carol})
	require.NoError(t, err)
	id := f.createBatch(t, f.carol)
	_, err = f.msg.IssueBatch(f.ctx, &types.MsgIssueBatch{Signer: f.carol, BatchId: id,
		Recipients: []types.Payout{{Address: f.alice, Amount: sdkmath.NewInt(10)}}})
	require.NoError(t, err)
	_, err = f.msg.Retire(f.ctx, &types.MsgRetire{Owner: f.alice, Amount: sdkmath.NewInt(5), Beneficiary: "A", Jurisdiction: "DE"})
	require.NoError(t, err)
	_, err = f.msg.RewardMembers(f.ctx, &types.MsgRewardMembers{Signer: f.manager, CommunityId: 1,
		Rewards: []types.Payout{{Address: f.bob, Amount: sdkmath.NewInt(7)}}})
	require.NoError(t, err)

	// ACT
	exported, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.NoError(t, exported.Validate(f.ac))
	fresh := setup(t)
	require.NoError(t, fresh.k.InitGenesis(fresh.ctx, *exported))
	again, err := fresh.k.ExportGenesis(fresh.ctx)
	require.NoError(t, err)

	// ASSERT
	require.Equal(t, exported, again)
	require.Len(t, again.Meters, 1)
	require.Len(t, again.Attestations, 2)
	require.Len(t, again.CommunityUsage, 1)
	// 1,234 Wh x 400 g/kWh = 493,600 mg (carry 600), then 2 Wh: 800 + 600 = 1,400 mg (carry 400).
	require.Equal(t, []types.MeterCarry{{MeterId: "m1", Milligrams: 400}}, again.Carries)
	// The restored overlap check still works.
	_, err = fresh.msg.AttestProduction(fresh.ctx, &types.MsgAttestProduction{Signer: fresh.gridop,
		Readings: []types.Reading{reading("m1", now.Add(-90*time.Minute), time.Hour, 1)}})
	require.ErrorIs(t, err, types.ErrOverlap)
}

func TestGenesisValidate(t *testing.T) {
	f := setup(t)
	require.NoError(t, types.DefaultGenesis().Validate(f.ac))
	meter := types.Meter{Id: "m1", Owner: f.alice, Zone: "zone-a", Kind: types.MeterKind_SOLAR, CapacityW: 10, Active: true}
	att := types.Attestation{MeterId: "m1", Start: now.Add(-2 * time.Hour), End: now.Add(-time.Hour),
		EcMinted: sdkmath.ZeroInt(), CcAccrued: sdkmath.ZeroInt()}
	cases := map[string]func(gs *types.GenesisState){
		"bad params":             func(gs *types.GenesisState) { gs.Params.EpochSeconds = 0 },
		"duplicate meter":        func(gs *types.GenesisState) { gs.Meters = []types.Meter{meter, meter} },
		"attestation of nothing": func(gs *types.GenesisState) { gs.Attestations = []types.Attestation{att} },
		"overlapping attestations": func(gs *types.GenesisState) {
			gs.Meters = []types.Meter{meter}
			gs.Attestations = []types.Attestation{att, att}
		},
		"bad issuer":          func(gs *types.GenesisState) { gs.Issuers = []string{"nope"} },
		"batch past sequence": func(gs *types.GenesisState) { gs.Batches = []types.Batch{{Id: 5, TotalIssued: sdkmath.ZeroInt()}} },
		"negative total":      func(gs *types.GenesisState) { gs.Totals.CcIssued = sdkmath.NewInt(-1) },
		"carry of a whole gram": func(gs *types.GenesisState) {
			gs.Meters = []types.Meter{meter}
			gs.Carries = []types.MeterCarry{{MeterId: "m1", Milligrams: 1000}}
		},
		"carry of no meter": func(gs *types.GenesisState) { gs.Carries = []types.MeterCarry{{MeterId: "m9", Milligrams: 5}} },
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			gs := types.DefaultGenesis()
			mutate(gs)
			require.Error(t, gs.Validate(f.ac))
		})
	}
}

// Genesis refuses the addresses the keeper would refuse: meter owners and
// issuers are stored and compared in their canonical spelling.
func TestGenesisRefusesNonCanonicalAddresses(t *testing.T) {
	f := setup(t)
	meter := types.Meter{Id: "m1", Owner: strings.ToUpper(f.alice), Zone: "zone-a", Kind: types.MeterKind_SOLAR, CapacityW: 10, Active: true}
	gs := types.DefaultGenesis()
	gs.Meters = []types.Meter{meter}
	require.ErrorIs(t, gs.Validate(f.ac), types.ErrInvalidGenesis, "meter owner")

	gs = types.DefaultGenesis()
	gs.Issuers = []string{f.carol, strings.ToUpper(f.carol)}
	require.ErrorIs(t, gs.Validate(f.ac), types.ErrInvalidGenesis, "issuer")
}
