package blockbench_test

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"

	"github.com/powershare/powershare/app"
	"github.com/powershare/powershare/app/params"
	"github.com/powershare/powershare/testutil/blockbench"
	assetstypes "github.com/powershare/powershare/x/assets/types"
	marketkeeper "github.com/powershare/powershare/x/market/keeper"
	markettypes "github.com/powershare/powershare/x/market/types"
)

// Every market benchmark trades one market: zone marketZone, the 15-minute
// slot at marketSlot. Harness blocks start at its genesis time, 2025-01-01,
// 5 s apart, so the slot is within the market's horizon (max_horizon_seconds,
// a week) from the first block and its gate (5 minutes before it) stays open
// for about 69,000 blocks, far more than any benchmark runs.
const (
	marketZone = "bench-zone"
	// orderWh is the quantity of every order, so that a crossing order
	// fills exactly one resting order, completely.
	orderWh = 1_000
	// The resting book: bids from bookBid down, asks from bookAsk up, one
	// tick apart over bookLevels levels each, every level holding as many
	// orders as the depth gives it (time priority within a level).
	bookBid    = 200_000 // upwc per kWh
	bookAsk    = 310_000
	bookLevels = 100
	tick       = 1_000 // markettypes.DefaultParams().TickSize
	// meterCapacityW is every genesis meter's capacity: 1 GW, 250 MWh per
	// slot, room for 250,000 sells of orderWh.
	meterCapacityW = 1_000_000_000
)

var marketSlot = time.Date(2025, 1, 5, 0, 0, 0, 0, time.UTC)

func benchMeterID(i int) string { return fmt.Sprintf("bench-meter-%d", i) }

// newMarketChain starts a harness chain of n ML-DSA-65 accounts (PROSUMERs,
// who may trade) in which account i owns the active SOLAR meter
// benchMeterID(i) in marketZone, put straight into the assets genesis as a
// grid operator would have registered it, and the market's max_open_orders
// is maxOpen (0 keeps the default, 20).
func newMarketChain(tb testing.TB, n int, maxOpen uint32, gasPrice string) *blockbench.Harness {
	tb.Helper()
	return newHarness(tb, blockbench.Config{
		Accounts: n, GasPrice: gasPrice,
		Genesis: func(cdc codec.JSONCodec, g app.GenesisState, accounts []*blockbench.Account) error {
			if err := blockbench.UpdateGenesis(g, cdc, assetstypes.ModuleName, &assetstypes.GenesisState{},
				func(s *assetstypes.GenesisState) {
					// The benchmark's meters are far larger than any real one, so
					// the SOLAR bound is raised to fit them.
					for i := range s.Params.MaxCapacityW {
						if s.Params.MaxCapacityW[i].Kind == assetstypes.MeterKind_SOLAR {
							s.Params.MaxCapacityW[i].MaxCapacityW = meterCapacityW
						}
					}
					for i, acc := range accounts {
						s.Meters = append(s.Meters, assetstypes.Meter{
							Id: benchMeterID(i), Owner: acc.Address.String(), Zone: marketZone,
							Kind: assetstypes.MeterKind_SOLAR, Renewable: true, CapacityW: meterCapacityW,
							Active: true, RegisteredAt: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
						})
					}
				}); err != nil {
				return err
			}
			return blockbench.UpdateGenesis(g, cdc, markettypes.ModuleName, &markettypes.GenesisState{},
				func(s *markettypes.GenesisState) {
					s.Zones = append(s.Zones, markettypes.Zone{Id: marketZone, Description: "benchmark zone"})
					if maxOpen > 0 {
						s.Params.MaxOpenOrders = maxOpen
						s.Params.MaxAccountOpenOrders = max(s.Params.MaxAccountOpenOrders, maxOpen)
					}
				})
		},
	})
}

// order is a GTC order of orderWh in the benchmark market: a buy, or a
// non-renewable sell (no Energy Credits needed) from meter seller.
func order(owner *blockbench.Account, buy bool, price uint64, seller int) *markettypes.MsgPlaceOrder {
	msg := &markettypes.MsgPlaceOrder{
		Owner: owner.Address.String(), Zone: marketZone, SlotStart: marketSlot,
		QuantityWh: orderWh, Price: price, TimeInForce: markettypes.TimeInForce_GTC,
	}
	if buy {
		msg.Side = markettypes.Side_BUY
	} else {
		msg.Side, msg.MeterId = markettypes.Side_SELL, benchMeterID(seller)
	}
	return msg
}

// fillBook rests depth orders in the market of slot, alternately an ask and a bid,
// the order j at level (j/2) % bookLevels, owned round-robin by
// accounts[0:makers]. It places them through the market's Msg server, 1,000
// to a branch of the committed state, which it writes and commits in a
// block of its own, then checks that the book holds them all. Every
// placement seeks the book, and a seek costs as much as the writes not yet
// committed under it: a cache store sorts its dirty keys, and IAVL its
// unsaved ones, on every iterator, so writing all 100,000 orders before one
// commit would make the fill quadratic.
func fillBook(tb testing.TB, h *blockbench.Harness, slot time.Time, makers, depth int) {
	tb.Helper()
	const perBlock = 1_000
	srv := marketkeeper.NewMsgServerImpl(h.App.MarketKeeper)
	before := countBook(tb, h)
	for start := 0; start < depth; start += perBlock {
		cms := h.App.CommitMultiStore().CacheMultiStore()
		ctx := newNextBlock(h).context(cms, nil)
		for j := start; j < min(start+perBlock, depth); j++ {
			level := uint64((j / 2) % bookLevels)
			m := j % makers
			msg := order(h.Accounts[m], false, bookAsk+level*tick, m)
			if j%2 == 1 {
				msg = order(h.Accounts[m], true, bookBid-level*tick, m)
			}
			msg.SlotStart = slot
			res, err := srv.PlaceOrder(ctx, msg)
			if err != nil {
				tb.Fatalf("resting order %d: %v", j, err)
			}
			if !res.Resting || len(res.TradeIds) != 0 {
				tb.Fatalf("resting order %d traded: %+v", j, res)
			}
		}
		cms.Write()
		if _, err := h.RunBlock(nil); err != nil { // commits them
			tb.Fatal(err)
		}
	}
	if got := countBook(tb, h); got != before+depth {
		tb.Fatalf("the books hold %d orders, want %d", got, before+depth)
	}
}

// countBook counts the resting orders in the committed state.
func countBook(tb testing.TB, h *blockbench.Harness) int {
	tb.Helper()
	iter, err := h.App.MarketKeeper.Book.Iterate(h.Context(), nil)
	if err != nil {
		tb.Fatal(err)
	}
	keys, err := iter.Keys()
	if err != nil {
		tb.Fatal(err)
	}
	return len(keys)
}

// countTrades is the number of trades ever made (the next trade id is 1 + it).
func countTrades(tb testing.TB, h *blockbench.Harness) uint64 {
	tb.Helper()
	next, err := h.App.MarketKeeper.TradeSeq.Peek(h.Context())
	if err != nil {
		tb.Fatal(err)
	}
	return next
}

// placeResult is what a depth sub-benchmark measured, per order.
type placeResult struct{ ns, gas float64 }

// BenchmarkPlaceOrderDepth measures one MsgPlaceOrder that crosses the
// book, through the market's Msg server (keeper.NewMsgServerImpl; no ante
// handler, no tx, no block), on a book of depth resting orders: half bids
// from 200,000 upwc/kWh down, half asks from 310,000 up, over 100 price
// levels a side, owned by 100 makers (the genesis raises max_open_orders to
// 1,000 so that 100 accounts can hold 100,000 orders), placed through the
// Msg server and committed to IAVL over goleveldb before the run.
//
// An op is ordersPerOp placements, alternately a buy of 1 kWh at the best
// ask and a sell of 1 kWh at the best bid (from a taker that is none of the
// makers, with its own meter): each fills the best resting order of the
// other side completely, so it escrows, seeks the best counter-order (two
// books for a buy: non-renewable and renewable asks; one for a sell),
// records the trade, its indexes, deadline and the market's stats, and
// takes the maker off the book, the gate queue and its owner's index.
//
// Every placement runs on its own fresh branch (CacheMultiStore) of the
// committed state, made in batches with the timer stopped, which is then
// dropped: the book keeps its depth exactly, and every placement meets the
// same best order and reads it through a cold branch from IAVL, as the
// first tx of a block would. Placing a replacement order instead would time
// two placements per op and let a growing branch (or commits) drift the
// state the op sees.
//
// The orders are committed in blocks of 1,000 and the database is then
// compacted (Harness.CompactDB), so that no compaction they triggered runs
// during the timed part: on 2 cores one took half the CPU from the 100,000
// case and made its time swing by 50%.
//
// depth=1000,other=99000 is the control: the book holds 1,000 orders and
// another market (the next slot) 99,000, so the store is as big as at
// depth=100000 while the book is shallow. Time that grows as much there as
// at depth=100000 comes from the size of the store (IAVL and goleveldb
// depth), not from the book's.
//
// ns/order is the time of one placement; gas/order the mean gas of a buy
// and a sell (each is checked to be the same on every run). The book seek
// is one prefix seek in a price-ordered KeySet, so gas must not change with
// depth (beyond the bytes of longer order ids) and time only as much as a
// bigger IAVL tree and database cost (log(depth)): time- and
// gas-vs-depth1000 are the ratios to depth=1000.
func BenchmarkPlaceOrderDepth(b *testing.B) {
	const (
		makers      = 100
		ordersPerOp = 2_000
	)
	var base *placeResult
	for _, c := range []struct{ depth, other int }{{1_000, 0}, {100_000, 0}, {1_000, 99_000}} {
		name := fmt.Sprintf("depth=%d", c.depth)
		if c.other > 0 {
			name += fmt.Sprintf(",other=%d", c.other)
		}
		b.Run(name, func(b *testing.B) {
			// Accounts makers and makers+1 are the takers.
			h := newMarketChain(b, makers+2, 1_000, params.DefaultMinGasPrice)
			if c.other > 0 { // first, so the book's order ids are as long as at depth=100000
				fillBook(b, h, marketSlot.Add(15*time.Minute), makers, c.other)
			}
			fillBook(b, h, marketSlot, makers, c.depth)
			if err := h.CompactDB(); err != nil {
				b.Fatal(err)
			}
			buyer, seller := h.Accounts[makers], h.Accounts[makers+1]
			msgs := []*markettypes.MsgPlaceOrder{
				order(buyer, true, bookAsk, 0),
				order(seller, false, bookBid, makers+1),
			}

			srv := marketkeeper.NewMsgServerImpl(h.App.MarketKeeper)
			block := newNextBlock(h)
			run := func(ms storetypes.MultiStore, msg *markettypes.MsgPlaceOrder) uint64 {
				meter := storetypes.NewInfiniteGasMeter()
				res, err := srv.PlaceOrder(block.context(ms, nil).WithGasMeter(meter), msg)
				if err != nil {
					b.Fatal(err)
				}
				if len(res.TradeIds) != 1 || res.FilledWh != orderWh || res.Resting {
					b.Fatalf("%s did not fill one resting order: %+v", msg.Side, res)
				}
				return meter.GasConsumed()
			}
			branches := newBranches(b, h)
			gas := make([]uint64, len(msgs))
			for i, msg := range msgs {
				gas[i] = run(branches.next(), msg)
			}
			check := func(i int, got uint64) {
				if got != gas[i%len(gas)] {
					b.Fatalf("%s used %d gas, the first run %d", msgs[i%len(msgs)].Side, got, gas[i%len(gas)])
				}
			}
			for i := range ordersPerOp { // untimed: warms the caches
				check(i, run(branches.next(), msgs[i%len(msgs)]))
			}
			runtime.GC() // each case starts the timed part with no garbage of the setup
			b.ResetTimer()
			for b.Loop() {
				for i := range ordersPerOp {
					check(i, run(branches.next(), msgs[i%len(msgs)]))
				}
			}
			b.StopTimer()
			if got := countBook(b, h); got != c.depth+c.other {
				b.Fatalf("the committed books hold %d orders after the run, want %d", got, c.depth+c.other)
			}
			r := placeResult{
				ns:  float64(b.Elapsed().Nanoseconds()) / float64(b.N*ordersPerOp),
				gas: float64(gas[0]+gas[1]) / 2,
			}
			b.ReportMetric(r.ns, "ns/order")
			b.ReportMetric(r.gas, "gas/order")
			b.ReportMetric(float64(gas[0]), "gas/buy")
			b.ReportMetric(float64(gas[1]), "gas/sell")
			if c.depth == 1_000 && c.other == 0 {
				base = &r
			} else if base != nil {
				b.ReportMetric(r.ns/base.ns, "time-vs-depth1000")
				b.ReportMetric(r.gas/base.gas, "gas-vs-depth1000")
			}
		})
	}
}

// The trading block of BenchmarkPlaceOrderVsBankSend: every maker sells at
// one of five ticks below tradeAsk, between the standing book's bids and
// asks, so it rests; the taker after it buys at tradeAsk, takes the best
// ask, which is that sell, and is refunded its price improvement.
const tradeAsk = 300_000

// orderBlock signs n MsgPlaceOrder txs (n even) from accounts 0..n-1, one
// each, with the gas limit gas: account 2k sells 1 kWh from its meter at
// tradeAsk - (k%5) ticks, which rests, and account 2k+1 buys 1 kWh at
// tradeAsk, which fills that sell. Half the txs rest, half trade: n/2
// trades a block, and the book is back where it was when the block ends.
func orderBlock(tb testing.TB, h *blockbench.Harness, n int, gas uint64) [][]byte {
	tb.Helper()
	txs := make([][]byte, n)
	for i := range txs {
		acc := h.Accounts[i]
		msg := order(acc, true, tradeAsk, 0)
		if i%2 == 0 {
			msg = order(acc, false, tradeAsk-uint64((i/2)%5)*tick, i)
		}
		tx, err := h.SignTxWithGas(acc, gas, msg)
		if err != nil {
			tb.Fatal(err)
		}
		txs[i] = tx
	}
	return txs
}

// BenchmarkPlaceOrderVsBankSend executes blocks of txsPerBlock txs from as
// many distinct ML-DSA-65 accounts, each tx one Msg, through FinalizeBlock
// and Commit over goleveldb, signed untimed, on one chain:
//
//   - bank_send: MsgSends, the throughput baseline (as BenchmarkBlockBankSends);
//   - place_order: MsgPlaceOrders, alternately a sell that rests and a buy
//     that fills it (see orderBlock), in a market with a standing book of
//     1,000 orders (2 per account, 500 bids below and 500 asks above the
//     traded prices, the default max_open_orders of 20): 250 trades a block,
//     each paying the buyer back its price improvement.
//
// A place-order tx's gas limit is what the larger of a sell and a buy used,
// alone in a first untimed block, plus 10%; a bank send's is
// DefaultGasLimit. vs-bank-send is place_order's tx/s over bank_send's.
func BenchmarkPlaceOrderVsBankSend(b *testing.B) {
	const txsPerBlock = 500
	h := newMarketChain(b, txsPerBlock, 0, params.DefaultMinGasPrice)
	fillBook(b, h, marketSlot, txsPerBlock, 2*txsPerBlock)
	if err := h.CompactDB(); err != nil {
		b.Fatal(err)
	}

	// Measure a place-order tx's gas with the block gas limit as its limit.
	results, err := h.RunBlock(orderBlock(b, h, 2, uint64(app.MaxBlockGas)/2))
	if err != nil {
		b.Fatal(err)
	}
	var orderGas int64
	for i, res := range results {
		if res.Code != 0 {
			b.Fatalf("place-order tx %d: code %d: %s", i, res.Code, res.Log)
		}
		orderGas = max(orderGas, res.GasUsed)
	}
	orderGasLimit := uint64(orderGas) * 11 / 10

	var bankTPS float64
	blocks := func(name string, sign func() [][]byte, after func(blocks int)) {
		b.Run(name, func(b *testing.B) {
			block := func() [][]byte {
				txs := sign()
				if err := h.FitsBlock(txs); err != nil {
					b.Fatal(err)
				}
				return txs
			}
			runBlock(b, h, block()) // untimed: warms the stores
			b.ResetTimer()
			var gas, size int64
			n := 0
			for b.Loop() {
				b.StopTimer()
				txs := block()
				for _, tx := range txs {
					size += int64(len(tx))
				}
				b.StartTimer()
				gas += runBlock(b, h, txs)
				n++
			}
			b.StopTimer()
			after(n + 1)
			txs := float64(n * txsPerBlock)
			tps := txs / b.Elapsed().Seconds()
			b.ReportMetric(tps, "tx/s")
			b.ReportMetric(float64(size)/txs, "bytes/tx")
			b.ReportMetric(float64(gas)/txs, "gas/tx")
			b.ReportMetric(float64(app.MaxBlockGas)/(float64(gas)/txs), "tx/gas-limit")
			if name == "bank_send" {
				bankTPS = tps
			} else if bankTPS > 0 {
				b.ReportMetric(tps/bankTPS, "vs-bank-send")
			}
		})
	}
	blocks("bank_send", func() [][]byte {
		txs, err := h.BankSends(txsPerBlock, math.NewInt(1))
		if err != nil {
			b.Fatal(err)
		}
		return txs
	}, func(int) {})

	trades := countTrades(b, h)
	blocks("place_order", func() [][]byte {
		return orderBlock(b, h, txsPerBlock, orderGasLimit)
	}, func(blocks int) {
		if got, want := countTrades(b, h)-trades, uint64(blocks*txsPerBlock/2); got != want {
			b.Fatalf("%d trades made, want %d", got, want)
		}
		trades += uint64(blocks * txsPerBlock / 2)
	})
	if got := countBook(b, h); got != 2*txsPerBlock {
		b.Fatalf("the book holds %d orders, want the standing %d", got, 2*txsPerBlock)
	}
}

// TestPlaceOrderBlock runs the trading block of BenchmarkPlaceOrderVsBankSend
// at a small size, twice (the second proves the tracked sequences and that
// the book is back where it was), and checks every trade and balance: each
// buy traded 1 kWh with the sell before it at the sell's price, the buyer
// paid that price and its fee, the seller its collateral (10% of the
// payment, held until settlement) and its fee.
func TestPlaceOrderBlock(t *testing.T) {
	const n, blocks = 10, 2
	h := newMarketChain(t, n, 0, params.DefaultMinGasPrice)
	fillBook(t, h, marketSlot, n, 2*n)
	const gas = 2 * blockbench.DefaultGasLimit
	fee := h.Fee(gas).AmountOf(params.BondDenom)
	before := make([]math.Int, n)
	for i, acc := range h.Accounts {
		before[i] = h.Balance(acc.Address, params.BondDenom)
	}
	first := countTrades(t, h)
	for range blocks {
		requireOK(t, h, orderBlock(t, h, n, gas))
		if got := countBook(t, h); got != 2*n {
			t.Fatalf("the book holds %d orders, want the standing %d", got, 2*n)
		}
	}
	if got := countTrades(t, h) - first; got != blocks*n/2 {
		t.Fatalf("%d trades, want %d", got, blocks*n/2)
	}
	paid := make([]math.Int, n) // per account: payments or collateral
	for i := range paid {
		paid[i] = math.ZeroInt()
	}
	for id := first; id < first+blocks*n/2; id++ {
		trade, err := h.App.MarketKeeper.GetTrade(h.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		k := int(id-first) % (n / 2)
		seller, buyer := h.Accounts[2*k], h.Accounts[2*k+1]
		price := uint64(tradeAsk - (k%5)*tick)
		if trade.Seller != seller.Address.String() || trade.Buyer != buyer.Address.String() ||
			trade.Price != price || trade.QuantityWh != orderWh || trade.MeterId != benchMeterID(2*k) || trade.Settled {
			t.Fatalf("trade %d: %+v, want account %d selling to %d at %d", id, trade, 2*k, 2*k+1, price)
		}
		payment := markettypes.Payment(orderWh, price)
		if !trade.PaymentUpwc.Equal(payment) {
			t.Fatalf("trade %d: payment %s, want %s", id, trade.PaymentUpwc, payment)
		}
		paid[2*k+1] = paid[2*k+1].Add(payment)
		paid[2*k] = paid[2*k].Add(trade.CollateralUpwc)
		if want := payment.QuoRaw(10); !trade.CollateralUpwc.Equal(want) {
			t.Fatalf("trade %d: collateral %s, want %s", id, trade.CollateralUpwc, want)
		}
	}
	for i, acc := range h.Accounts {
		want := before[i].Sub(paid[i]).Sub(fee.MulRaw(blocks))
		if got := h.Balance(acc.Address, params.BondDenom); !got.Equal(want) {
			t.Errorf("account %d: balance %s, want %s", i, got, want)
		}
	}
}
