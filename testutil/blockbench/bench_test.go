package blockbench_test

import (
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"

	"cosmossdk.io/math"

	"github.com/powershare/powershare/app"
	"github.com/powershare/powershare/app/params"
	"github.com/powershare/powershare/testutil/blockbench"
)

// algos are the account key algorithms every benchmark compares: PowerShare's
// post-quantum default against the classic Cosmos key.
var algos = []blockbench.KeyAlgo{blockbench.MLDSA65, blockbench.Secp256k1}

// BenchmarkSignature signs and verifies the sign doc of a typical bank send.
func BenchmarkSignature(b *testing.B) {
	for _, algo := range algos {
		b.Run(string(algo), func(b *testing.B) {
			h := newHarness(b, blockbench.Config{Accounts: 2, KeyAlgo: algo, GasPrice: params.DefaultMinGasPrice})
			from, to := h.Accounts[0], h.Accounts[1]
			doc, err := h.SignBytes(from, blockbench.DefaultGasLimit, blockbench.BankSend(from, to, math.NewInt(1)))
			if err != nil {
				b.Fatal(err)
			}
			sig, err := from.Key.Sign(doc)
			if err != nil {
				b.Fatal(err)
			}
			pub := from.PubKey
			b.Run("sign", func(b *testing.B) {
				for b.Loop() {
					if _, err := from.Key.Sign(doc); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(len(sig)), "sig-bytes")
			})
			b.Run("verify", func(b *testing.B) {
				for b.Loop() {
					if !pub.VerifySignature(doc, sig) {
						b.Fatal("signature does not verify")
					}
				}
				b.ReportMetric(float64(len(pub.Bytes())), "pubkey-bytes")
			})
		})
	}
}

// BenchmarkAnteCheckTx runs signed bank sends through app.CheckTx, which runs
// the full ante handler (fee, signature, sequence) but not the Msg, so gas/tx
// is the ante handler's charge.
func BenchmarkAnteCheckTx(b *testing.B) {
	const warmup = 10 // untimed txs that warm the check state's caches
	for _, algo := range algos {
		b.Run(string(algo), func(b *testing.B) {
			h := newHarness(b, blockbench.Config{Accounts: 2, KeyAlgo: algo, GasPrice: params.DefaultMinGasPrice})
			from, to := h.Accounts[0], h.Accounts[1]
			// One sender is enough: CheckTx advances the check state's sequence
			// and no block commits in between to reset it.
			txs := make([][]byte, warmup+b.N)
			var size int
			for i := range txs {
				tx, err := h.SignTx(from, blockbench.BankSend(from, to, math.NewInt(1)))
				if err != nil {
					b.Fatal(err)
				}
				txs[i] = tx
				size += len(tx)
			}
			var gas int64
			for i, tx := range txs {
				if i == warmup {
					b.ResetTimer()
					gas = 0
				}
				res, err := h.App.CheckTx(&abci.RequestCheckTx{Tx: tx, Type: abci.CheckTxType_New})
				if err != nil {
					b.Fatal(err)
				}
				if res.Code != 0 {
					b.Fatalf("CheckTx: code %d: %s", res.Code, res.Log)
				}
				gas += res.GasUsed
			}
			b.StopTimer()
			b.ReportMetric(float64(size)/float64(len(txs)), "bytes/tx")
			b.ReportMetric(float64(gas)/float64(b.N), "gas/tx")
		})
	}
}

// BenchmarkBlockBankSends executes blocks of 1,000 signed bank sends from
// 1,000 distinct accounts through FinalizeBlock and Commit over goleveldb.
// Signing is untimed, so tx/s is execution only. The block runs under
// PowerShare's real block gas limit; tx/gas-limit reports how many such sends
// that limit admits.
func BenchmarkBlockBankSends(b *testing.B) {
	const txsPerBlock = 1000
	for _, algo := range algos {
		b.Run(string(algo), func(b *testing.B) {
			h := newHarness(b, blockbench.Config{
				Accounts: txsPerBlock, KeyAlgo: algo, GasPrice: params.DefaultMinGasPrice,
			})
			block := func() [][]byte {
				txs, err := h.BankSends(txsPerBlock, math.NewInt(1))
				if err != nil {
					b.Fatal(err)
				}
				if err := h.FitsBlock(txs); err != nil {
					b.Fatal(err)
				}
				return txs
			}
			// An untimed first block warms the stores, so that even -benchtime 1x
			// measures a steady-state block rather than the first after genesis.
			runBlock(b, h, block())
			b.ResetTimer()

			var gas, size int64
			for range b.N {
				b.StopTimer()
				txs := block()
				for _, tx := range txs {
					size += int64(len(tx))
				}
				b.StartTimer()
				gas += runBlock(b, h, txs)
			}
			b.StopTimer()
			txs := float64(b.N * txsPerBlock)
			b.ReportMetric(txs/b.Elapsed().Seconds(), "tx/s")
			b.ReportMetric(float64(size)/txs, "bytes/tx")
			b.ReportMetric(float64(gas)/txs, "gas/tx")
			b.ReportMetric(float64(app.MaxBlockGas)/(float64(gas)/txs), "tx/gas-limit")
		})
	}
}

// runBlock executes txs as a block, fails unless every tx succeeded, and
// returns the gas they used. Checking results is untimed.
func runBlock(b *testing.B, h *blockbench.Harness, txs [][]byte) (gas int64) {
	results, err := h.RunBlock(txs)
	b.StopTimer()
	defer b.StartTimer()
	if err != nil {
		b.Fatal(err)
	}
	for i, res := range results {
		if res.Code != 0 {
			b.Fatalf("tx %d: code %d: %s", i, res.Code, res.Log)
		}
		gas += res.GasUsed
	}
	return gas
}
