package keeper_test

import (
	"fmt"
	"math/rand"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	"github.com/powershare/powershare/x/assets/types"
)

// checkSupplyInvariants asserts the module's token accounting:
//
//	uec supply == attested renewable Wh x 1,000 - burned uec
//	ucc supply + retired == accrued + issued
//	uct/* supply (both fixture communities) == rewarded - burned
func (f *fixture) checkSupplyInvariants(t *testing.T, step int) {
	t.Helper()
	res, err := f.query.Totals(f.ctx, &types.QueryTotalsRequest{})
	require.NoError(t, err)
	tot := res.Totals
	supply := f.supply

	require.Equal(t, tot.AttestedWh.MulRaw(types.WhToUec).Sub(tot.EcBurned), supply(types.EnergyCreditDenom), "step %d: uec", step)
	require.Equal(t, tot.EcMinted, tot.AttestedWh.MulRaw(types.WhToUec), "step %d: EC minted", step)
	require.Equal(t, tot.CcAccrued.Add(tot.CcIssued), supply(types.CarbonCreditDenom).Add(tot.CcRetired), "step %d: ucc", step)
	ctSupply := supply(types.CommunityTokenDenom(1)).Add(supply(types.CommunityTokenDenom(2)))
	require.Equal(t, tot.CtRewarded.Sub(tot.CtBurned), ctSupply, "step %d: uct", step)
}

// TestRandomSequencesKeepTheSupplyInvariants runs thousands of random
// attestations, batch issues, retirements, rewards, transfers and burns
// (valid and invalid) with fixed seeds and checks the invariants after
// every step. Failed steps run in a discarded cache, as baseapp does.
func TestRandomSequencesKeepTheSupplyInvariants(t *testing.T) {
	for _, seed := range []int64{1, 2, 3} {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			f := setup(t)
			p := types.DefaultParams()
			p.RegistrationGraceSeconds = 366 * 24 * 3600 // room for a long random history
			_, err := f.msg.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: p})
			require.NoError(t, err)
			rng := rand.New(rand.NewSource(seed))
			f.registerSolar(t, "m1", f.alice)
			f.registerSolar(t, "m2", f.bob)
			_, err = f.msg.ApproveIssuer(f.ctx, &types.MsgApproveIssuer{Signer: f.regulator, Issuer: f.carol})
			require.NoError(t, err)
			holders := []string{f.alice, f.bob, f.carol, f.outsider}
			nextStart := map[string]time.Time{"m1": now.Add(-5000 * time.Hour), "m2": now.Add(-5000 * time.Hour)}

			for step := range 700 {
				cacheCtx, write := f.ctx.CacheContext()
				var err error
				switch rng.Intn(6) {
				case 0: // attest, sometimes overlapping or over capacity
					meter := []string{"m1", "m2"}[rng.Intn(2)]
					start := nextStart[meter].Add(-time.Duration(rng.Intn(2)) * time.Hour)
					r := reading(meter, start, time.Hour, uint64(rng.Intn(6000)))
					if _, err = f.msg.AttestProduction(cacheCtx, &types.MsgAttestProduction{Signer: f.gridop, Readings: []types.Reading{r}}); err == nil {
						nextStart[meter] = r.End
					}
				case 1: // create and issue a batch
					var res *types.MsgCreateBatchResponse
					res, err = f.msg.CreateBatch(cacheCtx, &types.MsgCreateBatch{Signer: f.carol, ProjectId: "p", Methodology: "m",
						Jurisdiction: "DE", VintageStart: now.Add(-time.Hour), VintageEnd: now})
					if err == nil {
						_, err = f.msg.IssueBatch(cacheCtx, &types.MsgIssueBatch{Signer: f.carol, BatchId: res.BatchId,
							Recipients: []types.Payout{{Address: holders[rng.Intn(len(holders))], Amount: sdkmath.NewInt(int64(1 + rng.Intn(5000)))}}})
					}
				case 2: // retire, sometimes more than held
					_, err = f.msg.Retire(cacheCtx, &types.MsgRetire{Owner: holders[rng.Intn(len(holders))],
						Amount: sdkmath.NewInt(int64(1 + rng.Intn(3000))), Beneficiary: "b", Jurisdiction: "DE"})
				case 3: // reward, sometimes a non-member
					_, err = f.msg.RewardMembers(cacheCtx, &types.MsgRewardMembers{Signer: f.manager, CommunityId: 1,
						Rewards: []types.Payout{{Address: holders[rng.Intn(len(holders))], Amount: sdkmath.NewInt(int64(1 + rng.Intn(100)))}}})
				case 4: // transfer CT, sometimes out of the community
					from, to := holders[rng.Intn(len(holders))], holders[rng.Intn(len(holders))]
					err = f.bank.SendCoins(cacheCtx, f.addr(t, from), f.addr(t, to), ct(int64(1+rng.Intn(50))))
				case 5: // burn CT or EC
					amount := fmt.Sprintf("%d%s", 1+rng.Intn(60), types.CommunityTokenDenom(1))
					if rng.Intn(2) == 0 {
						amount = fmt.Sprintf("%d%s", 1+rng.Intn(5_000_000), types.EnergyCreditDenom)
					}
					_, err = f.msg.Burn(cacheCtx, &types.MsgBurn{Owner: holders[rng.Intn(len(holders))], Amount: amount})
				}
				if err == nil {
					write() // a failed step leaves nothing, bank included, as baseapp drops a failed tx
				}
				f.checkSupplyInvariants(t, step)
			}
			// The sequence exercised every path, not only refusals.
			res, err := f.query.Totals(f.ctx, &types.QueryTotalsRequest{})
			require.NoError(t, err)
			for name, v := range map[string]sdkmath.Int{"EC minted": res.Totals.EcMinted, "EC burned": res.Totals.EcBurned,
				"CC issued": res.Totals.CcIssued, "CC retired": res.Totals.CcRetired, "CT rewarded": res.Totals.CtRewarded,
				"CT burned": res.Totals.CtBurned} {
				require.True(t, v.IsPositive(), "%s stayed zero", name)
			}
		})
	}
}
