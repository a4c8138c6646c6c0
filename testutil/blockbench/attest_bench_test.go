package blockbench_test

import (
	"fmt"
	"testing"
	"time"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"

	"github.com/powershare/powershare/app"
	"github.com/powershare/powershare/app/params"
	"github.com/powershare/powershare/testutil/blockbench"
	assetstypes "github.com/powershare/powershare/x/assets/types"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// The meter every attestation benchmark attests: a 1 MW SOLAR meter whose
// readings are consecutive minutes of 10 kWh (600 kW on average, within its
// capacity), reading i covering minute i after firstReading. Every period
// ends long before the harness's blocks: they start at its genesis time,
// 2025-01-01, and firstReading leaves a year of minutes (527,040) before it.
const (
	attestMeterID   = "bench-solar-1"
	otherMeterID    = "bench-solar-2" // only has history, in the control case
	attestZone      = "bench-grid"
	attestCapacityW = 1_000_000
	attestWh        = 10_000
	readingPeriod   = time.Minute
)

var firstReading = time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)

// attestChain is a harness chain whose first account is a GRID_OPERATOR that
// has registered the benchmark meter for the second account.
type attestChain struct {
	h        *blockbench.Harness
	operator *blockbench.Account
	next     int // the minute of the next reading
}

// newAttestChain starts the chain with max_readings_per_tx set to
// maxReadingsPerTx and registers the meter with a real MsgRegisterMeter.
// GRID_OPERATOR and the param are set in the genesis, as a network would
// have them before its operators attest.
func newAttestChain(b *testing.B, maxReadingsPerTx uint32) *attestChain {
	b.Helper()
	h := newHarness(b, blockbench.Config{
		Accounts: 2, GasPrice: params.DefaultMinGasPrice,
		Genesis: func(cdc codec.JSONCodec, g app.GenesisState, accounts []*blockbench.Account) error {
			if err := blockbench.UpdateGenesis(g, cdc, rbactypes.ModuleName, &rbactypes.GenesisState{},
				func(s *rbactypes.GenesisState) {
					s.Grants = append(s.Grants, rbactypes.Grant{
						Address: accounts[0].Address.String(), Role: rbactypes.Role_GRID_OPERATOR,
					})
				}); err != nil {
				return err
			}
			return blockbench.UpdateGenesis(g, cdc, assetstypes.ModuleName, &assetstypes.GenesisState{},
				func(s *assetstypes.GenesisState) {
					s.Params.MaxReadingsPerTx = maxReadingsPerTx
					// The history runs back to firstReading, before the meter is registered.
					s.Params.RegistrationGraceSeconds = 366 * 24 * 3600
				})
		},
	})
	operator, owner := h.Accounts[0], h.Accounts[1]
	tx, err := h.SignTx(operator, &assetstypes.MsgRegisterMeter{
		Signer: operator.Address.String(), MeterId: attestMeterID, Owner: owner.Address.String(),
		Kind: assetstypes.MeterKind_SOLAR, CapacityW: attestCapacityW, Zone: attestZone,
	})
	if err != nil {
		b.Fatal(err)
	}
	requireOK(b, h, [][]byte{tx})
	meter, err := h.App.AssetsKeeper.GetMeter(h.Context(), attestMeterID)
	if err != nil {
		b.Fatal(err)
	}
	if !meter.Renewable || !meter.Active {
		b.Fatalf("meter %s is not an active renewable meter: %+v", attestMeterID, meter)
	}
	return &attestChain{h: h, operator: operator}
}

// reading is the meter's reading of minute i after firstReading.
func reading(i int) assetstypes.Reading {
	start := firstReading.Add(time.Duration(i) * readingPeriod)
	return assetstypes.Reading{MeterId: attestMeterID, Start: start, End: start.Add(readingPeriod), EnergyWh: attestWh}
}

// readings returns the next n readings of the meter.
func (c *attestChain) readings(n int) []assetstypes.Reading {
	rs := make([]assetstypes.Reading, n)
	for i := range rs {
		rs[i] = reading(c.next + i)
	}
	c.next += n
	return rs
}

// block signs txs MsgAttestProductions of readings readings each, with the
// gas limit gas, and checks that they fit a block and end before its time.
func (c *attestChain) block(b *testing.B, txs, readings int, gas uint64) [][]byte {
	b.Helper()
	block := make([][]byte, txs)
	for i := range block {
		rs := c.readings(readings)
		if last := rs[len(rs)-1].End; !last.Before(c.h.Context().BlockTime()) {
			b.Fatalf("reading ends %s, not before the block time: use fewer readings", last)
		}
		tx, err := c.h.SignTxWithGas(c.operator, gas, &assetstypes.MsgAttestProduction{
			Signer: c.operator.Address.String(), Readings: rs,
		})
		if err != nil {
			b.Fatal(err)
		}
		block[i] = tx
	}
	if err := c.h.FitsBlock(block); err != nil {
		b.Fatal(err)
	}
	return block
}

// fillHistory stores n attestations of meterID, directly in the keeper's
// Attestations collection, and commits them in a block: the benchmark
// meter's next n minutes, or another meter's first n. Only the attestations
// are written (no credits are minted, the totals are not updated): they are
// the history the overlap check seeks in.
func (c *attestChain) fillHistory(b *testing.B, meterID string, n int) {
	b.Helper()
	h := c.h
	first := 0
	if meterID == attestMeterID {
		first = c.next
		c.next += n
	}
	cms := h.App.CommitMultiStore().CacheMultiStore()
	ctx := newNextBlock(h).context(cms, nil)
	k := h.App.AssetsKeeper
	for i := range n {
		r := reading(first + i)
		att := assetstypes.Attestation{
			MeterId: meterID, Start: r.Start, End: r.End, EnergyWh: r.EnergyWh,
			EcMinted: math.NewIntFromUint64(r.EnergyWh * assetstypes.WhToUec), CcAccrued: math.ZeroInt(),
			AttestedBy: c.operator.Address.String(), Height: ctx.BlockHeight(),
		}
		if err := k.Attestations.Set(ctx, collections.Join(meterID, r.Start.UnixNano()), att); err != nil {
			b.Fatal(err)
		}
	}
	cms.Write()
	if _, err := h.RunBlock(nil); err != nil { // commits them
		b.Fatal(err)
	}
	if got := c.countAttestations(b, meterID); got < n {
		b.Fatalf("meter %s has %d attestations, want at least %d", meterID, got, n)
	}
}

// countAttestations counts a meter's attestations in the committed state.
func (c *attestChain) countAttestations(b *testing.B, meterID string) int {
	b.Helper()
	iter, err := c.h.App.AssetsKeeper.Attestations.Iterate(c.h.Context(),
		collections.NewPrefixedPairRange[string, int64](meterID))
	if err != nil {
		b.Fatal(err)
	}
	keys, err := iter.Keys()
	if err != nil {
		b.Fatal(err)
	}
	return len(keys)
}

// attestResult is what a sub-benchmark measured, per reading.
type attestResult struct {
	ns, gas float64
}

// report reports r and, when base (the same measurement at history 0) is
// given, r's time and gas over base's.
func (r attestResult) report(b *testing.B, base *attestResult) {
	b.ReportMetric(r.ns, "ns/reading")
	b.ReportMetric(r.gas, "gas/reading")
	if base != nil {
		b.ReportMetric(r.ns/base.ns, "time-vs-history0")
		b.ReportMetric(r.gas/base.gas, "gas-vs-history0")
	}
}

// BenchmarkAttestProduction measures MsgAttestProduction signed by one
// ML-DSA-65 GRID_OPERATOR for one renewable SOLAR meter. Every reading is a
// distinct past minute, so each one passes the overlap check, mints Energy
// and Carbon Credits to the owner and is stored.
//
//   - batch/readings=N executes blocks of txs of N readings each (the genesis
//     raises max_readings_per_tx to 1,000) through FinalizeBlock and Commit
//     over goleveldb, signed untimed. The 1- and 100-reading txs go 100 and
//     10 to a block, so that every block attests 100 to 1,000 readings and
//     its fixed cost weighs little on ns/reading.
//   - history=H/block does the same with blocks of 100 1-reading txs, on a
//     meter that already has H attestations, written straight to the store
//     and committed before the run; the new readings follow them, as a
//     meter's next reading does.
//   - history=H/msg runs the Msg alone, through the app's Msg router without
//     the ante handler or a block, with one reading after the H stored ones,
//     100 times per op, each on a fresh branch of the committed state (its
//     writes are dropped, so it is the same reading every time): the Msg's
//     own time and gas, which the 1-reading tx's signature check and fee
//     otherwise dwarf.
//   - history=0,other=100000 is the control: the meter has no history but
//     another meter has 100,000 attestations, so the database is as big as
//     with history=100000. Time that grows as much here as there comes from
//     the size of the store (IAVL depth, goleveldb levels), not from the
//     meter's history.
//
// The overlap check is one reverse seek, so gas/reading must not change with
// H and time only as much as a bigger IAVL tree and database cost
// (logarithmically, not linearly): time- and gas-vs-history0 are the ratios
// to history=0.
//
// In blocks, ns/reading and gas/reading are the block's time and its txs'
// gas (ante handler, signature and fee included) over its readings, gas/tx
// the gas of one tx. Each tx's gas limit is what a first, untimed tx of the
// same size used, plus 10%; a tx that needs more than the block gas limit
// fails that first tx, which has the whole limit. readings/block-gas is how
// many readings app.MaxBlockGas admits at that batch size.
func BenchmarkAttestProduction(b *testing.B) {
	b.Run("batch", func(b *testing.B) {
		for _, c := range []struct{ readings, txs int }{{1, 100}, {100, 10}, {1000, 1}} {
			b.Run(fmt.Sprintf("readings=%d", c.readings), func(b *testing.B) {
				chain := newAttestChain(b, uint32(max(c.readings, assetstypes.DefaultMaxReadingsPerTx)))
				chain.benchBlocks(b, c.txs, c.readings).report(b, nil)
			})
		}
	})
	var block0, msg0 *attestResult
	for _, c := range []struct{ history, other int }{{0, 0}, {10_000, 0}, {100_000, 0}, {0, 100_000}} {
		name := fmt.Sprintf("history=%d", c.history)
		if c.other > 0 {
			name += fmt.Sprintf(",other=%d", c.other)
		}
		b.Run(name, func(b *testing.B) {
			chain := newAttestChain(b, assetstypes.DefaultMaxReadingsPerTx)
			if c.history > 0 {
				chain.fillHistory(b, attestMeterID, c.history)
			}
			if c.other > 0 {
				chain.fillHistory(b, otherMeterID, c.other)
			}
			if got := chain.countAttestations(b, attestMeterID); got != c.history {
				b.Fatalf("%d attestations stored, want %d", got, c.history)
			}
			base := c.history == 0 && c.other == 0
			b.Run("msg", func(b *testing.B) {
				r := chain.benchMsg(b)
				r.report(b, msg0)
				if base {
					msg0 = &r
				}
			})
			b.Run("block", func(b *testing.B) {
				r := chain.benchBlocks(b, 100, 1)
				r.report(b, block0)
				if base {
					block0 = &r
				}
			})
		})
	}
}

// benchBlocks runs blocks of txs txs of readings readings each.
func (c *attestChain) benchBlocks(b *testing.B, txs, readings int) attestResult {
	h := c.h
	before := c.countAttestations(b, attestMeterID)
	// The first tx, alone in its block with the block gas limit as its own,
	// measures the gas a tx of this size uses.
	results, err := h.RunBlock(c.block(b, 1, readings, uint64(app.MaxBlockGas)))
	if err != nil {
		b.Fatal(err)
	}
	if res := results[0]; res.Code != 0 {
		b.Fatalf("a tx of %d readings fails with the whole block gas limit %d as its own (gas used %d): code %d: %s",
			readings, app.MaxBlockGas, res.GasUsed, res.Code, res.Log)
	}
	gasLimit := uint64(results[0].GasUsed) * 11 / 10
	// An untimed block of the benchmark's own txs warms the stores.
	runBlock(b, h, c.block(b, txs, readings, gasLimit))

	var gas, blocks int64
	for b.Loop() {
		b.StopTimer()
		block := c.block(b, txs, readings, gasLimit)
		b.StartTimer()
		gas += runBlock(b, h, block)
		blocks++
	}
	b.StopTimer()
	if got, want := c.countAttestations(b, attestMeterID), before+(int(blocks+1)*txs+1)*readings; got != want {
		b.Fatalf("%d attestations stored, want %d", got, want)
	}
	n := float64(blocks) * float64(txs)
	r := attestResult{ns: float64(b.Elapsed().Nanoseconds()) / (n * float64(readings)), gas: float64(gas) / (n * float64(readings))}
	b.ReportMetric(float64(gas)/n, "gas/tx")
	b.ReportMetric(float64(app.MaxBlockGas)/r.gas, "readings/block-gas")
	return r
}

// benchMsg runs a MsgAttestProduction of the meter's next reading through
// the app's Msg router, msgRuns times per op, each on a fresh branch of the
// committed state (made untimed).
func (c *attestChain) benchMsg(b *testing.B) attestResult {
	const msgRuns = 100
	h := c.h
	// The next reading, which stays the next: no run commits it.
	msg := &assetstypes.MsgAttestProduction{
		Signer: c.operator.Address.String(), Readings: []assetstypes.Reading{reading(c.next)},
	}
	handler := h.App.MsgServiceRouter().Handler(msg)
	if handler == nil {
		b.Fatal("no handler for MsgAttestProduction")
	}
	block := newNextBlock(h)
	run := func(ms storetypes.MultiStore) uint64 {
		meter := storetypes.NewInfiniteGasMeter()
		if _, err := handler(block.context(ms, nil).WithGasMeter(meter), msg); err != nil {
			b.Fatal(err)
		}
		return meter.GasConsumed()
	}
	branches := newBranches(b, h)
	gas := run(branches.next())
	for range msgRuns { // untimed: warms the caches
		if got := run(branches.next()); got != gas {
			b.Fatalf("gas %d, the first run used %d", got, gas)
		}
	}
	for b.Loop() {
		for range msgRuns {
			if got := run(branches.next()); got != gas {
				b.Fatalf("gas %d, the first run used %d", got, gas)
			}
		}
	}
	return attestResult{ns: float64(b.Elapsed().Nanoseconds()) / float64(b.N*msgRuns), gas: float64(gas)}
}
