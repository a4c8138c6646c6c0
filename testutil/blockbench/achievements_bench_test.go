package blockbench_test

import (
	"context"
	"testing"
	"time"

	sdkmath "cosmossdk.io/math"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"

	assetskeeper "github.com/powershare/powershare/x/assets/keeper"
	assetstypes "github.com/powershare/powershare/x/assets/types"
	marketkeeper "github.com/powershare/powershare/x/market/keeper"
	markettypes "github.com/powershare/powershare/x/market/types"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// hookCost accumulates the time and gas of a whole operation (settlement
// or attestation, x/achievements' hooks included) and, measured on an
// identical branch of the same state, of the hooks alone.
type hookCost struct {
	ns, gas, hookNs, hookGas float64
	n                        int
}

// report gives the operation's cost per item and the ratio of the cost
// with x/achievements to the cost without it (the whole minus the hooks).
func (c hookCost) report(b *testing.B, unit string) {
	n := float64(c.n)
	b.ReportMetric(c.ns/n, "ns/"+unit)
	b.ReportMetric(c.gas/n, "gas/"+unit)
	b.ReportMetric(c.hookNs/n, "hook-ns/"+unit)
	b.ReportMetric(c.hookGas/n, "hook-gas/"+unit)
	b.ReportMetric(c.ns/(c.ns-c.hookNs), "time-with-vs-without")
	b.ReportMetric(c.gas/(c.gas-c.hookGas), "gas-with-vs-without")
}

// measured runs op on a fresh branch of ctx with its own gas meter and
// returns its wall time and gas.
func measured(b *testing.B, ctx sdk.Context, op func(ctx sdk.Context) error) (float64, float64) {
	b.Helper()
	branch, _ := ctx.CacheContext()
	branch = branch.WithGasMeter(storetypes.NewInfiniteGasMeter()).WithEventManager(sdk.NewEventManager())
	start := time.Now()
	if err := op(branch); err != nil {
		b.Fatal(err)
	}
	return float64(time.Since(start).Nanoseconds()), float64(branch.GasMeter().GasConsumed())
}

// BenchmarkAchievementsHookOverhead measures what x/achievements' hooks add
// to a settled trade and to an attestation on the real app: each
// iteration settles the same batch of trades (attests the same reading) on
// a fresh branch of one state, and runs the app's hook consumers alone
// for the same facts on another branch. The parties have settled and
// attested before (steady state: their counters exist, the first-trade
// badges are earned), and each is a member of one community, so every
// ranked metric moves on a chain-wide and a community board.
func BenchmarkAchievementsHookOverhead(b *testing.B) {
	h := newMarketChain(b, 9, 0, "")
	app := h.App
	ctx := h.Context().WithBlockTime(marketSlot.Add(-time.Hour))
	gridop := h.Accounts[0].Address
	grant := func(addr sdk.AccAddress, role rbactypes.Role, community uint64) {
		if err := app.RBACKeeper.SetGrant(ctx, "", rbactypes.Grant{Address: addr.String(), Role: role, CommunityId: community,
			GrantedAt: ctx.BlockTime()}); err != nil {
			b.Fatal(err)
		}
	}
	grant(gridop, rbactypes.Role_GRID_OPERATOR, 0)
	for _, acc := range h.Accounts[1:] {
		grant(acc.Address, rbactypes.Role_PROSUMER, 1)
	}
	slotEnd := marketSlot.Add(15 * time.Minute)
	openBatch := func() []uint64 {
		var ids []uint64
		for i := 1; i <= 4; i++ {
			id, err := app.MarketKeeper.OpenBilateralTrade(ctx, markettypes.BilateralTrade{
				Seller: h.Accounts[i].Address.String(), Buyer: h.Accounts[i+4].Address.String(), MeterID: benchMeterID(i),
				Zone: marketZone, SlotStart: marketSlot, SlotEnd: slotEnd, QuantityWh: orderWh, Price: 150_000,
			})
			if err != nil {
				b.Fatal(err)
			}
			ids = append(ids, id)
		}
		return ids
	}
	warm, batch := openBatch(), openBatch()
	settleMsg := func(ids []uint64) *markettypes.MsgSettleTrades {
		msg := &markettypes.MsgSettleTrades{Signer: gridop.String()}
		for _, id := range ids {
			msg.Settlements = append(msg.Settlements, markettypes.Settlement{TradeId: id, DeliveredWh: orderWh})
		}
		return msg
	}
	market := marketkeeper.NewMsgServerImpl(app.MarketKeeper)
	ctx = ctx.WithBlockTime(slotEnd.Add(time.Minute))
	if _, err := market.SettleTrades(ctx, settleMsg(warm)); err != nil {
		b.Fatal(err)
	}
	consumers := markettypes.NewMultiMarketHooks(app.AchievementsKeeper.MarketHooks())

	unranked, err := app.AchievementsKeeper.Params.Get(ctx)
	if err != nil {
		b.Fatal(err)
	}
	unranked.RankedMetrics = nil
	unrankedCtx, _ := ctx.CacheContext()
	if err := app.AchievementsKeeper.Params.Set(unrankedCtx, unranked); err != nil {
		b.Fatal(err)
	}
	// "without-leaderboards" is the same with no metric ranked: the share
	// of the hooks' cost that the leaderboards take.
	for _, variant := range []struct {
		name string
		ctx  sdk.Context
	}{{"settled-trade", ctx}, {"settled-trade/without-leaderboards", unrankedCtx}} {
		ctx := variant.ctx
		b.Run(variant.name, func(b *testing.B) {
			var c hookCost
			for b.Loop() {
				ns, gas := measured(b, ctx, func(ctx sdk.Context) error {
					_, err := market.SettleTrades(ctx, settleMsg(batch))
					return err
				})
				hookNs, hookGas := measured(b, ctx, func(ctx sdk.Context) error {
					for _, id := range batch {
						t, err := app.MarketKeeper.GetTrade(ctx, id)
						if err != nil {
							return err
						}
						t.Settled, t.DeliveredWh = true, orderWh
						if err := consumers.AfterTradeSettled(ctx, t); err != nil {
							return err
						}
					}
					return nil
				})
				c.ns, c.gas, c.hookNs, c.hookGas, c.n = c.ns+ns, c.gas+gas, c.hookNs+hookNs, c.hookGas+hookGas, c.n+len(batch)
			}
			c.report(b, "trade")
		})
	}

	assets := assetskeeper.NewMsgServerImpl(app.AssetsKeeper)
	owner := h.Accounts[1].Address
	readingAt := func(i int) assetstypes.Reading {
		start := time.Date(2025, 1, 3, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute)
		return assetstypes.Reading{MeterId: benchMeterID(1), Start: start, End: start.Add(time.Minute), EnergyWh: 10_000}
	}
	if _, err := assets.AttestProduction(ctx, &assetstypes.MsgAttestProduction{Signer: gridop.String(),
		Readings: []assetstypes.Reading{readingAt(0)}}); err != nil {
		b.Fatal(err)
	}
	assetsConsumers := assetstypes.NewMultiAssetsHooks(app.AchievementsKeeper.AssetsHooks())
	b.Run("attestation", func(b *testing.B) {
		var c hookCost
		r := readingAt(1)
		for b.Loop() {
			ns, gas := measured(b, ctx, func(ctx sdk.Context) error {
				_, err := assets.AttestProduction(ctx, &assetstypes.MsgAttestProduction{Signer: gridop.String(),
					Readings: []assetstypes.Reading{r}})
				return err
			})
			hookNs, hookGas := measured(b, ctx, func(ctx sdk.Context) error {
				return assetsConsumers.AfterProductionAttested(context.Context(ctx), assetstypes.Attestation{
					MeterId: r.MeterId, Start: r.Start, End: r.End, EnergyWh: r.EnergyWh,
					EcMinted: sdkmath.NewIntFromUint64(r.EnergyWh * 1_000),
				}, owner)
			})
			c.ns, c.gas, c.hookNs, c.hookGas, c.n = c.ns+ns, c.gas+gas, c.hookNs+hookNs, c.hookGas+hookGas, c.n+1
		}
		c.report(b, "attestation")
	})
}
