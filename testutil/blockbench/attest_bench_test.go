package blockbench_test

import (
	"fmt"
	"testing"
	"time"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"

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
	attestZone      = "bench-grid"
	attestCapacityW = 1_000_000
	attestWh        = 10_000
	readingPeriod   = time.Minute
)

var firstReading = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

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
				func(s *assetstypes.GenesisState) { s.Params.MaxReadingsPerTx = maxReadingsPerTx })
		},
	})
	operator, owner := h.Accounts[0], h.Accounts[1]
	tx, err := h.SignTx(operator, &assetstypes.MsgRegisterMeter{
		Signer: operator.Address.String(), MeterId: attestMeterID, Owner: owner.Address.String(),
		Kind: assetstypes.MeterKind_SOLAR.String(), CapacityW: attestCapacityW, Zone: attestZone,
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

// readings returns the next n readings of the meter.
func (c *attestChain) readings(n int) []assetstypes.Reading {
	rs := make([]assetstypes.Reading, n)
	for i := range rs {
		start := firstReading.Add(time.Duration(c.next+i) * readingPeriod)
		rs[i] = assetstypes.Reading{MeterId: attestMeterID, Start: start, End: start.Add(readingPeriod), EnergyWh: attestWh}
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

// fillHistory stores n attestations of the meter, the next n minutes,
// directly in the keeper's Attestations collection and commits them in a
// block. Only the attestations are written (no credits are minted, the
// totals are not updated): they are the history the overlap check seeks in.
func (c *attestChain) fillHistory(b *testing.B, n int) {
	b.Helper()
	h := c.h
	cms := h.App.CommitMultiStore().CacheMultiStore()
	ctx := newNextBlock(h).context(cms, nil)
	k := h.App.AssetsKeeper
	for _, r := range c.readings(n) {
		att := assetstypes.Attestation{
			MeterId: r.MeterId, Start: r.Start, End: r.End, EnergyWh: r.EnergyWh,
			EcMinted: math.NewIntFromUint64(r.EnergyWh * assetstypes.WhToUec), CcAccrued: math.ZeroInt(),
			AttestedBy: c.operator.Address.String(), Height: ctx.BlockHeight(),
		}
		if err := k.Attestations.Set(ctx, collections.Join(r.MeterId, r.Start.UnixNano()), att); err != nil {
			b.Fatal(err)
		}
	}
	cms.Write()
	if _, err := h.RunBlock(nil); err != nil { // commits them
		b.Fatal(err)
	}
}

// countAttestations counts the meter's attestations in the committed state.
func (c *attestChain) countAttestations(b *testing.B) int {
	b.Helper()
	iter, err := c.h.App.AssetsKeeper.Attestations.Iterate(c.h.Context(),
		collections.NewPrefixedPairRange[string, int64](attestMeterID))
	if err != nil {
		b.Fatal(err)
	}
	keys, err := iter.Keys()
	if err != nil {
		b.Fatal(err)
	}
	return len(keys)
}

// attestCase is one sub-benchmark: blocks of txs MsgAttestProductions of
// readings readings each, on a meter with history stored attestations.
type attestCase struct {
	readings, txs, history int
}

// attestResult is what a sub-benchmark measured, per reading.
type attestResult struct {
	ns, gas float64
}

// BenchmarkAttestProduction executes blocks of MsgAttestProduction, signed by
// one ML-DSA-65 GRID_OPERATOR for one renewable SOLAR meter, through
// FinalizeBlock and Commit over goleveldb; every reading is a distinct past
// minute, so each one passes the overlap check, mints Energy and Carbon
// Credits to the owner and is stored. Signing is untimed.
//
//   - batch/readings=N: N readings per tx (max_readings_per_tx is raised to
//     1,000 in the genesis); the blocks of the 1- and 100-reading txs carry
//     several txs so that every block attests 100 to 1,000 readings and the
//     block's fixed cost weighs little on ns/reading.
//   - history=H: 1-reading txs on a meter that already has H attestations,
//     written straight to the store and committed before the run; the new
//     readings follow them, as a meter's next reading does. The overlap check
//     is one reverse seek, so gas/reading must not change with H and time
//     only as much as a bigger IAVL tree and database cost (logarithmically).
//
// ns/reading and gas/reading are the block's time and its txs' gas (ante
// handler, signature and fee included) over its readings. Each tx's gas
// limit is what a first, untimed tx of the same size used, plus 10%: a tx
// that needs more than the block gas limit fails that first tx.
// readings/block-gas is how many readings app.MaxBlockGas admits at that
// batch size. The parent logs the history=100000 over history=0 ratios.
func BenchmarkAttestProduction(b *testing.B) {
	run := func(b *testing.B, name string, c attestCase) (r attestResult) {
		b.Run(name, func(b *testing.B) { r = benchAttest(b, c) })
		return r
	}
	b.Run("batch", func(b *testing.B) {
		run(b, "readings=1", attestCase{readings: 1, txs: 100})
		run(b, "readings=100", attestCase{readings: 100, txs: 10})
		run(b, "readings=1000", attestCase{readings: 1000, txs: 1})
	})
	var base, most attestResult
	for _, history := range []int{0, 10_000, 100_000} {
		r := run(b, fmt.Sprintf("history=%d", history), attestCase{readings: 1, txs: 100, history: history})
		switch history {
		case 0:
			base = r
		case 100_000:
			most = r
		}
	}
	if base.ns > 0 && most.ns > 0 {
		b.Logf("history 100,000 vs 0 attestations: time/reading x%.2f, gas/reading x%.4f (linear growth would be x100,000)",
			most.ns/base.ns, most.gas/base.gas)
	}
}

func benchAttest(b *testing.B, c attestCase) attestResult {
	maxReadings := uint32(assetstypes.DefaultMaxReadingsPerTx)
	if uint32(c.readings) > maxReadings {
		maxReadings = uint32(c.readings)
	}
	chain := newAttestChain(b, maxReadings)
	h := chain.h
	if c.history > 0 {
		chain.fillHistory(b, c.history)
		if got := chain.countAttestations(b); got != c.history {
			b.Fatalf("%d attestations stored, want %d", got, c.history)
		}
	}

	// The first tx, alone in its block with the block gas limit as its own,
	// measures the gas a tx of this size uses.
	results, err := h.RunBlock(chain.block(b, 1, c.readings, uint64(app.MaxBlockGas)))
	if err != nil {
		b.Fatal(err)
	}
	if res := results[0]; res.Code != 0 {
		b.Fatalf("a tx of %d readings fails with the whole block gas limit %d (gas used %d): code %d: %s",
			c.readings, app.MaxBlockGas, res.GasUsed, res.Code, res.Log)
	}
	gasLimit := uint64(results[0].GasUsed) * 11 / 10
	// An untimed block of the benchmark's own txs warms the stores.
	runBlock(b, h, chain.block(b, c.txs, c.readings, gasLimit))

	var gas, blocks int64
	for b.Loop() {
		b.StopTimer()
		txs := chain.block(b, c.txs, c.readings, gasLimit)
		b.StartTimer()
		gas += runBlock(b, h, txs)
		blocks++
	}
	b.StopTimer()
	if want := c.history + (int(blocks)*c.txs+c.txs+1)*c.readings; chain.countAttestations(b) != want {
		b.Fatalf("%d attestations stored, want %d", chain.countAttestations(b), want)
	}
	readings := float64(blocks) * float64(c.txs*c.readings)
	r := attestResult{ns: float64(b.Elapsed().Nanoseconds()) / readings, gas: float64(gas) / readings}
	b.ReportMetric(r.ns, "ns/reading")
	b.ReportMetric(r.gas, "gas/reading")
	b.ReportMetric(float64(gas)/(float64(blocks)*float64(c.txs)), "gas/tx")
	b.ReportMetric(float64(app.MaxBlockGas)/r.gas, "readings/block-gas")
	return r
}
