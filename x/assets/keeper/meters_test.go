package keeper_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/powershare/powershare/x/assets/types"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

func TestRegisterMeter(t *testing.T) {
	cases := []struct {
		name    string
		msg     func(f *fixture) *types.MsgRegisterMeter
		wantErr error
	}{
		{"zone taken from the community", func(f *fixture) *types.MsgRegisterMeter {
			return &types.MsgRegisterMeter{Signer: f.gridop, MeterId: "m1", Owner: f.alice, Kind: types.MeterKind_SOLAR, CapacityW: 5000, CommunityId: 1}
		}, nil},
		{"explicit zone without a community", func(f *fixture) *types.MsgRegisterMeter {
			return &types.MsgRegisterMeter{Signer: f.gridop, MeterId: "m1", Owner: f.alice, Kind: types.MeterKind_WIND, CapacityW: 5000, Zone: "zone-c"}
		}, nil},
		{"wrong role", func(f *fixture) *types.MsgRegisterMeter {
			return &types.MsgRegisterMeter{Signer: f.alice, MeterId: "m1", Owner: f.alice, Kind: types.MeterKind_SOLAR, CapacityW: 5000, CommunityId: 1}
		}, types.ErrUnauthorized},
		{"unknown kind", func(f *fixture) *types.MsgRegisterMeter {
			return &types.MsgRegisterMeter{Signer: f.gridop, MeterId: "m1", Owner: f.alice, Kind: types.MeterKind(42), CapacityW: 5000, CommunityId: 1}
		}, types.ErrInvalidMeter},
		{"zero capacity", func(f *fixture) *types.MsgRegisterMeter {
			return &types.MsgRegisterMeter{Signer: f.gridop, MeterId: "m1", Owner: f.alice, Kind: types.MeterKind_SOLAR, CommunityId: 1}
		}, types.ErrInvalidMeter},
		{"zone contradicts the community", func(f *fixture) *types.MsgRegisterMeter {
			return &types.MsgRegisterMeter{Signer: f.gridop, MeterId: "m1", Owner: f.alice, Kind: types.MeterKind_SOLAR, CapacityW: 5000, CommunityId: 1, Zone: "zone-b"}
		}, types.ErrInvalidMeter},
		{"no zone at all", func(f *fixture) *types.MsgRegisterMeter {
			return &types.MsgRegisterMeter{Signer: f.gridop, MeterId: "m1", Owner: f.alice, Kind: types.MeterKind_SOLAR, CapacityW: 5000}
		}, types.ErrInvalidMeter},
		{"bad meter id", func(f *fixture) *types.MsgRegisterMeter {
			return &types.MsgRegisterMeter{Signer: f.gridop, MeterId: "m 1", Owner: f.alice, Kind: types.MeterKind_SOLAR, CapacityW: 5000, CommunityId: 1}
		}, types.ErrInvalidMeter},
		{"malformed owner", func(f *fixture) *types.MsgRegisterMeter {
			return &types.MsgRegisterMeter{Signer: f.gridop, MeterId: "m1", Owner: "power1xyz", Kind: types.MeterKind_SOLAR, CapacityW: 5000, CommunityId: 1}
		}, types.ErrInvalidAddress},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			msg := tc.msg(f)
			_, err := f.msg.RegisterMeter(f.ctx, msg)
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				_, qerr := f.query.Meter(f.ctx, &types.QueryMeterRequest{Id: msg.MeterId})
				require.Error(t, qerr, "nothing was registered")
				return
			}
			require.NoError(t, err)
			f.accept(t, msg.Owner, msg.MeterId)
			got, err := f.query.Meter(f.ctx, &types.QueryMeterRequest{Id: msg.MeterId})
			require.NoError(t, err)
			require.True(t, got.Meter.Active)
			require.True(t, got.Meter.Renewable)
			require.NotEmpty(t, got.Meter.Zone)
		})
	}
}

func TestRegisterMeterTwice(t *testing.T) {
	f := setup(t)
	f.registerSolar(t, "m1", f.alice)
	_, err := f.msg.RegisterMeter(f.ctx, &types.MsgRegisterMeter{Signer: f.gridop, MeterId: "m1", Owner: f.bob, Kind: types.MeterKind_SOLAR, CapacityW: 1, CommunityId: 1})
	require.ErrorIs(t, err, types.ErrMeterExists)
}

func TestAttestProductionMintsToTheOwner(t *testing.T) {
	f := setup(t)
	f.registerSolar(t, "m1", f.alice)

	res, err := f.msg.AttestProduction(f.ctx, &types.MsgAttestProduction{Signer: f.gridop,
		Readings: []types.Reading{reading("m1", now.Add(-2*time.Hour), time.Hour, 3200)}})
	require.NoError(t, err)

	// 3,200 Wh = 3.2 kWh: 3,200,000 uec, and 3.2 kWh x 400 gCO2e/kWh = 1,280 g = 1,280 ucc.
	require.Equal(t, sdkmath.NewInt(3_200_000), res.EcMinted)
	require.Equal(t, sdkmath.NewInt(1_280), res.CcAccrued)
	require.Equal(t, sdkmath.NewInt(3_200_000), f.balance(t, f.alice, types.EnergyCreditDenom))
	require.Equal(t, sdkmath.NewInt(1_280), f.balance(t, f.alice, types.CarbonCreditDenom))
	totals, err := f.query.Totals(f.ctx, &types.QueryTotalsRequest{})
	require.NoError(t, err)
	require.Equal(t, sdkmath.NewInt(3200), totals.Totals.AttestedWh)

	atts, err := f.query.Attestations(f.ctx, &types.QueryAttestationsRequest{MeterId: "m1"})
	require.NoError(t, err)
	require.Len(t, atts.Attestations, 1)
	require.Equal(t, f.gridop, atts.Attestations[0].AttestedBy)
}

func TestCarbonCreditsArePaidInWholeGramsWithACarry(t *testing.T) {
	f := setup(t)
	f.registerSolar(t, "m1", f.alice)
	// 1 Wh at 400 gCO2e/kWh is 400 mg: nothing, nothing, then 1 g (1,200 mg - 1,000 carried 200).
	var got []int64
	for i := range 3 {
		res, err := f.msg.AttestProduction(f.ctx, &types.MsgAttestProduction{Signer: f.gridop,
			Readings: []types.Reading{reading("m1", now.Add(-time.Duration(10-i)*time.Hour), time.Hour, 1)}})
		require.NoError(t, err)
		got = append(got, res.CcAccrued.Int64())
	}
	require.Equal(t, []int64{0, 0, 1}, got)
	carry, err := f.k.CarbonCarry.Get(f.ctx, "m1")
	require.NoError(t, err)
	require.Equal(t, uint64(200), carry)
}

func TestZoneEmissionFactorApplies(t *testing.T) {
	f := setup(t)
	p := types.DefaultParams()
	p.ZoneEmissionFactors = []types.ZoneEmissionFactor{{Zone: "zone-a", GramsPerKwh: 700}}
	_, err := f.msg.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: p})
	require.NoError(t, err)
	f.registerSolar(t, "m1", f.alice)
	res, err := f.msg.AttestProduction(f.ctx, &types.MsgAttestProduction{Signer: f.gridop,
		Readings: []types.Reading{reading("m1", now.Add(-time.Hour), time.Hour, 1000)}})
	require.NoError(t, err)
	require.Equal(t, sdkmath.NewInt(700), res.CcAccrued)
}

func TestAttestProductionRejections(t *testing.T) {
	attested := reading("m1", now.Add(-10*time.Hour), 2*time.Hour, 1000) // [-10h, -8h)
	cases := []struct {
		name     string
		readings func(f *fixture) []types.Reading
		signer   func(f *fixture) string
		wantErr  error
	}{
		{"unknown meter", func(*fixture) []types.Reading {
			return []types.Reading{reading("nope", now.Add(-time.Hour), time.Hour, 1)}
		}, nil, types.ErrUnknownMeter},
		{"period in the future", func(*fixture) []types.Reading {
			return []types.Reading{reading("m1", now.Add(-30*time.Minute), time.Hour, 1)}
		}, nil, types.ErrInvalidReading},
		{"end before start", func(*fixture) []types.Reading {
			return []types.Reading{reading("m1", now.Add(-time.Hour), -time.Minute, 1)}
		}, nil, types.ErrInvalidReading},
		{"end equals start", func(*fixture) []types.Reading { return []types.Reading{reading("m1", now.Add(-time.Hour), 0, 1)} }, nil, types.ErrInvalidReading},
		{"above capacity x period", func(*fixture) []types.Reading {
			return []types.Reading{reading("m1", now.Add(-2*time.Hour), time.Hour, 5001)}
		}, nil, types.ErrOverCapacity},
		{"overlaps the end of an attested period", func(*fixture) []types.Reading {
			return []types.Reading{reading("m1", now.Add(-9*time.Hour), 2*time.Hour, 1)}
		}, nil, types.ErrOverlap},
		{"overlaps the start of an attested period", func(*fixture) []types.Reading {
			return []types.Reading{reading("m1", now.Add(-11*time.Hour), 2*time.Hour, 1)}
		}, nil, types.ErrOverlap},
		{"inside an attested period", func(*fixture) []types.Reading {
			return []types.Reading{reading("m1", now.Add(-9*time.Hour), time.Minute, 1)}
		}, nil, types.ErrOverlap},
		{"covers an attested period", func(*fixture) []types.Reading {
			return []types.Reading{reading("m1", now.Add(-12*time.Hour), 6*time.Hour, 1)}
		}, nil, types.ErrOverlap},
		{"two readings of the same tx overlap", func(*fixture) []types.Reading {
			return []types.Reading{reading("m1", now.Add(-4*time.Hour), time.Hour, 1), reading("m1", now.Add(-4*time.Hour), time.Hour, 1)}
		}, nil, types.ErrOverlap},
		{"too many readings", func(*fixture) []types.Reading {
			rs := make([]types.Reading, types.DefaultMaxReadingsPerTx+1)
			for i := range rs {
				rs[i] = reading("m1", now.Add(-time.Duration(200-i)*time.Minute), time.Minute, 1)
			}
			return rs
		}, nil, types.ErrTooManyReadings},
		{"no readings", func(*fixture) []types.Reading { return nil }, nil, types.ErrInvalidReading},
		{"wrong role", func(*fixture) []types.Reading {
			return []types.Reading{reading("m1", now.Add(-time.Hour), time.Hour, 1)}
		},
			func(f *fixture) string { return f.alice }, types.ErrUnauthorized},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			f.registerSolar(t, "m1", f.alice)
			_, err := f.msg.AttestProduction(f.ctx, &types.MsgAttestProduction{Signer: f.gridop, Readings: []types.Reading{attested}})
			require.NoError(t, err)
			signer := f.gridop
			if tc.signer != nil {
				signer = tc.signer(f)
			}
			cacheCtx, _ := f.ctx.CacheContext() // a failed tx's writes are dropped, as baseapp does
			_, err = f.msg.AttestProduction(cacheCtx, &types.MsgAttestProduction{Signer: signer, Readings: tc.readings(f)})
			require.ErrorIs(t, err, tc.wantErr)
			atts, err := f.query.Attestations(f.ctx, &types.QueryAttestationsRequest{MeterId: "m1"})
			require.NoError(t, err)
			require.Len(t, atts.Attestations, 1, "only the first attestation exists")
		})
	}
}

func TestAdjacentPeriodsAreNotOverlaps(t *testing.T) {
	f := setup(t)
	f.registerSolar(t, "m1", f.alice)
	_, err := f.msg.AttestProduction(f.ctx, &types.MsgAttestProduction{Signer: f.gridop, Readings: []types.Reading{
		reading("m1", now.Add(-3*time.Hour), time.Hour, 10),
		reading("m1", now.Add(-time.Hour), time.Hour, 10),
		reading("m1", now.Add(-2*time.Hour), time.Hour, 10), // fills the gap exactly
	}})
	require.NoError(t, err)
	require.Equal(t, sdkmath.NewInt(30_000), f.balance(t, f.alice, types.EnergyCreditDenom))
}

func TestNonRenewableMeterMintsNothing(t *testing.T) {
	f := setup(t)
	_, err := f.msg.RegisterMeter(f.ctx, &types.MsgRegisterMeter{Signer: f.gridop, MeterId: "grid1", Owner: f.alice, Kind: types.MeterKind_GRID, CapacityW: 5000, CommunityId: 1})
	require.NoError(t, err)
	f.accept(t, f.alice, "grid1")
	_, err = f.msg.AttestProduction(f.ctx, &types.MsgAttestProduction{Signer: f.gridop,
		Readings: []types.Reading{reading("grid1", now.Add(-time.Hour), time.Hour, 1000)}})
	require.NoError(t, err)
	require.True(t, f.balance(t, f.alice, types.EnergyCreditDenom).IsZero())
	atts, err := f.query.Attestations(f.ctx, &types.QueryAttestationsRequest{MeterId: "grid1"})
	require.NoError(t, err)
	require.Len(t, atts.Attestations, 1, "the reading is still recorded")
}

func TestUpdateMeter(t *testing.T) {
	f := setup(t)
	f.registerSolar(t, "m1", f.alice)
	_, err := f.msg.UpdateMeter(f.ctx, &types.MsgUpdateMeter{Signer: f.gridop, MeterId: "m1", NewOwner: f.bob})
	require.NoError(t, err)
	f.accept(t, f.alice, "m1") // both owners consent (finding 10 of issue 11)
	f.accept(t, f.bob, "m1")
	_, err = f.msg.AttestProduction(f.ctx, &types.MsgAttestProduction{Signer: f.gridop,
		Readings: []types.Reading{reading("m1", now.Add(-time.Hour), time.Hour, 1)}})
	require.NoError(t, err)
	require.Equal(t, sdkmath.NewInt(1000), f.balance(t, f.bob, types.EnergyCreditDenom), "credits go to the new owner")

	_, err = f.msg.UpdateMeter(f.ctx, &types.MsgUpdateMeter{Signer: f.gridop, MeterId: "m1", Deactivate: true})
	require.NoError(t, err)
	_, err = f.msg.AttestProduction(f.ctx, &types.MsgAttestProduction{Signer: f.gridop,
		Readings: []types.Reading{reading("m1", now.Add(-3*time.Hour), time.Hour, 1)}})
	require.ErrorIs(t, err, types.ErrInactiveMeter)

	_, err = f.msg.UpdateMeter(f.ctx, &types.MsgUpdateMeter{Signer: f.alice, MeterId: "m1", NewOwner: f.alice})
	require.ErrorIs(t, err, types.ErrUnauthorized)
	_, err = f.msg.UpdateMeter(f.ctx, &types.MsgUpdateMeter{Signer: f.gridop, MeterId: "m1"})
	require.ErrorIs(t, err, types.ErrInvalidMeter)
}

func TestAttestationsByTimeRangePaginate(t *testing.T) {
	f := setup(t)
	f.registerSolar(t, "m1", f.alice)
	var readings []types.Reading
	for i := range 5 {
		readings = append(readings, reading("m1", now.Add(-time.Duration(10-i)*time.Hour), time.Hour, 1))
	}
	_, err := f.msg.AttestProduction(f.ctx, &types.MsgAttestProduction{Signer: f.gridop, Readings: readings})
	require.NoError(t, err)

	from, to := now.Add(-9*time.Hour), now.Add(-6*time.Hour)
	page1, err := f.query.Attestations(f.ctx, &types.QueryAttestationsRequest{MeterId: "m1", From: &from, To: &to,
		Pagination: &query.PageRequest{Limit: 2}})
	require.NoError(t, err)
	require.Len(t, page1.Attestations, 2)
	page2, err := f.query.Attestations(f.ctx, &types.QueryAttestationsRequest{MeterId: "m1", From: &from, To: &to,
		Pagination: &query.PageRequest{Key: page1.Pagination.NextKey, Limit: 2}})
	require.NoError(t, err)
	require.Len(t, page2.Attestations, 1, "starts at -9h, -8h, -7h lie in [-9h, -6h)")
	require.Empty(t, page2.Pagination.NextKey)
}

func TestReadingsCannotPredateTheMeter(t *testing.T) {
	f := setup(t) // registered at now; the default grace is a day
	f.registerSolar(t, "m1", f.alice)
	_, err := f.msg.AttestProduction(f.ctx, &types.MsgAttestProduction{Signer: f.gridop,
		Readings: []types.Reading{reading("m1", now.Add(-25*time.Hour), time.Hour, 1)}})
	require.ErrorIs(t, err, types.ErrInvalidReading)
	require.ErrorContains(t, err, "before the meter was registered")
	_, err = f.msg.AttestProduction(f.ctx, &types.MsgAttestProduction{Signer: f.gridop,
		Readings: []types.Reading{reading("m1", now.Add(-24*time.Hour), time.Hour, 1)}})
	require.NoError(t, err, "within the grace")
}

func TestNonCanonicalAddressesAreRefused(t *testing.T) {
	f := setup(t)
	_, err := f.msg.RegisterMeter(f.ctx, &types.MsgRegisterMeter{Signer: f.gridop, MeterId: "m1",
		Owner: strings.ToUpper(f.alice), Kind: types.MeterKind_SOLAR, CapacityW: 1, CommunityId: 1})
	require.ErrorIs(t, err, types.ErrInvalidAddress)
}

// A grid operator of one community attests only that community's meters,
// whichever readings share its tx; the totals count every reading of a tx.
func TestAttestProductionChecksTheRoleInEachMetersCommunity(t *testing.T) {
	f := setup(t)
	f.grant(f.outsider, rbactypes.Role_GRID_OPERATOR, 2)
	f.registerSolar(t, "m1", f.alice) // community 1
	_, err := f.msg.RegisterMeter(f.ctx, &types.MsgRegisterMeter{
		Signer: f.outsider, MeterId: "m2", Owner: f.carol, Kind: types.MeterKind_SOLAR, CapacityW: 5000, CommunityId: 2,
	})
	require.NoError(t, err, "its own community's meter")
	f.accept(t, f.carol, "m2")
	_, err = f.msg.RegisterMeter(f.ctx, &types.MsgRegisterMeter{
		Signer: f.outsider, MeterId: "m3", Owner: f.alice, Kind: types.MeterKind_SOLAR, CapacityW: 5000, CommunityId: 1,
	})
	require.ErrorIs(t, err, types.ErrUnauthorized, "another community's meter")

	cacheCtx, _ := f.ctx.CacheContext() // a failed tx leaves nothing behind (baseapp drops its writes)
	_, err = f.msg.AttestProduction(cacheCtx, &types.MsgAttestProduction{Signer: f.outsider, Readings: []types.Reading{
		reading("m2", now.Add(-3*time.Hour), time.Hour, 10),
		reading("m1", now.Add(-3*time.Hour), time.Hour, 10),
	}})
	require.ErrorIs(t, err, types.ErrUnauthorized, "the second reading is another community's")
	_, err = f.msg.UpdateMeter(f.ctx, &types.MsgUpdateMeter{Signer: f.outsider, MeterId: "m1", Deactivate: true})
	require.ErrorIs(t, err, types.ErrUnauthorized)

	_, err = f.msg.AttestProduction(f.ctx, &types.MsgAttestProduction{Signer: f.outsider, Readings: []types.Reading{
		reading("m2", now.Add(-3*time.Hour), time.Hour, 10),
		reading("m2", now.Add(-2*time.Hour), time.Hour, 20),
	}})
	require.NoError(t, err)
	totals, err := f.query.Totals(f.ctx, &types.QueryTotalsRequest{})
	require.NoError(t, err)
	require.Equal(t, sdkmath.NewInt(30), totals.Totals.AttestedWh)
	require.Equal(t, sdkmath.NewInt(30_000), totals.Totals.EcMinted)
	require.Equal(t, f.supply(types.EnergyCreditDenom), totals.Totals.EcMinted)
	require.Equal(t, f.supply(types.CarbonCreditDenom), totals.Totals.CcAccrued)
}
