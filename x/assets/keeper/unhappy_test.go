package keeper_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/app/params"
	"github.com/powershare/powershare/x/assets/types"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// A grid operator of one community attests only that community's meters,
// whichever readings share its tx; the totals count every reading of a tx.
func TestAttestProductionChecksTheRoleInEachMetersCommunity(t *testing.T) {
	f := setup(t)
	f.rbac.grant(f.outsider, rbactypes.Role_GRID_OPERATOR, 2)
	f.registerSolar(t, "m1", f.alice) // community 1
	_, err := f.msg.RegisterMeter(f.ctx, &types.MsgRegisterMeter{
		Signer: f.outsider, MeterId: "m2", Owner: f.carol, Kind: "SOLAR", CapacityW: 5000, CommunityId: 2,
	})
	require.NoError(t, err, "its own community's meter")
	_, err = f.msg.RegisterMeter(f.ctx, &types.MsgRegisterMeter{
		Signer: f.outsider, MeterId: "m3", Owner: f.alice, Kind: "SOLAR", CapacityW: 5000, CommunityId: 1,
	})
	require.ErrorIs(t, err, types.ErrUnauthorized, "another community's meter")

	cacheCtx, _ := f.ctx.CacheContext()
	before := f.bank.snapshot()
	_, err = f.msg.AttestProduction(cacheCtx, &types.MsgAttestProduction{Signer: f.outsider, Readings: []types.Reading{
		reading("m2", now.Add(-3*time.Hour), time.Hour, 10),
		reading("m1", now.Add(-3*time.Hour), time.Hour, 10),
	}})
	require.ErrorIs(t, err, types.ErrUnauthorized, "the second reading is another community's")
	f.bank.restore(before) // a failed tx leaves nothing behind (baseapp drops its writes)
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
	require.Equal(t, f.bank.GetSupply(f.ctx, params.EnergyCreditDenom).Amount, totals.Totals.EcMinted)
	require.Equal(t, f.bank.GetSupply(f.ctx, params.CarbonCreditDenom).Amount, totals.Totals.CcAccrued)
}

func TestTreasurySpendRefusesBadAmounts(t *testing.T) {
	f := setup(t)
	treasury := moduleAddr(types.TreasuryName)
	f.bank.balances[string(treasury)] = sdk.NewCoins(sdk.NewInt64Coin(params.BondDenom, 100))
	for name, amount := range map[string]sdkmath.Int{
		"nil":                    {},
		"zero":                   sdkmath.ZeroInt(),
		"negative":               sdkmath.NewInt(-1),
		"more than the treasury": sdkmath.NewInt(101),
	} {
		t.Run(name, func(t *testing.T) {
			cacheCtx, _ := f.ctx.CacheContext()
			_, err := f.msg.TreasurySpend(cacheCtx, &types.MsgTreasurySpend{Signer: f.admin, Recipient: f.bob, Amount: amount})
			require.ErrorIs(t, err, types.ErrInvalidAmount)
		})
	}
	require.Equal(t, sdkmath.NewInt(100), f.bank.balanceOf(treasury, params.BondDenom))
	_, err := f.msg.TreasurySpend(f.ctx, &types.MsgTreasurySpend{Signer: f.admin, Recipient: strings.ToUpper(f.bob), Amount: sdkmath.NewInt(1)})
	require.ErrorIs(t, err, types.ErrInvalidAddress)
}

// The governance account is compared as an account: its address in any
// other spelling is refused, never taken for another signer.
func TestUpdateAssetParamsWantsTheCanonicalAuthority(t *testing.T) {
	f := setup(t)
	p := types.DefaultParams()
	p.DefaultGramsPerKwh = 300
	_, err := f.msg.UpdateParams(f.ctx, &types.MsgUpdateParams{Signer: strings.ToUpper(f.gov), Params: p})
	require.ErrorIs(t, err, types.ErrInvalidAddress)
	_, err = f.msg.UpdateParams(f.ctx, &types.MsgUpdateParams{Signer: f.gov, Params: p})
	require.NoError(t, err)
	got, err := f.k.Params.Get(f.ctx)
	require.NoError(t, err)
	require.Equal(t, uint64(300), got.DefaultGramsPerKwh)
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
