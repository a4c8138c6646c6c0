package blockbench_test

import (
	"testing"

	"cosmossdk.io/math"

	"github.com/powershare/powershare/app/params"
	"github.com/powershare/powershare/testutil/blockbench"
)

// newHarness starts a harness in a temp dir that is closed with the test.
func newHarness(tb testing.TB, cfg blockbench.Config) *blockbench.Harness {
	tb.Helper()
	cfg.Dir = tb.TempDir()
	h, err := blockbench.New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := h.Close(); err != nil {
			tb.Error(err)
		}
	})
	return h
}

// requireOK fails unless every tx of a block succeeded.
func requireOK(tb testing.TB, h *blockbench.Harness, txs [][]byte) {
	tb.Helper()
	results, err := h.RunBlock(txs)
	if err != nil {
		tb.Fatal(err)
	}
	if len(results) != len(txs) {
		tb.Fatalf("%d results for %d txs", len(results), len(txs))
	}
	for i, res := range results {
		if res.Code != 0 {
			tb.Fatalf("tx %d at height %d: code %d (%s): %s", i, h.Height(), res.Code, res.Codespace, res.Log)
		}
	}
}

// TestHarnessBankSends runs two blocks of 10 bank sends (the second proves the
// tracked sequences) and checks every balance moved by exactly the amount sent
// and, for senders, the fee. Both key algorithms, with and without a gas price.
func TestHarnessBankSends(t *testing.T) {
	for _, tc := range []struct {
		algo     blockbench.KeyAlgo
		gasPrice string
	}{
		{blockbench.MLDSA65, params.DefaultMinGasPrice},
		{blockbench.Secp256k1, ""},
	} {
		t.Run(string(tc.algo), func(t *testing.T) {
			const senders, blocks = 10, 2
			h := newHarness(t, blockbench.Config{Accounts: 2 * senders, KeyAlgo: tc.algo, GasPrice: tc.gasPrice})
			before := make([]math.Int, len(h.Accounts))
			for i, acc := range h.Accounts {
				before[i] = h.Balance(acc.Address, params.BondDenom)
			}
			amount := func(i int) math.Int { return math.NewInt(int64(1_000 * (i + 1))) }
			for range blocks {
				txs := make([][]byte, senders)
				for i := range txs {
					from, to := h.Accounts[i], h.Accounts[senders+i]
					tx, err := h.SignTx(from, blockbench.BankSend(from, to, amount(i)))
					if err != nil {
						t.Fatal(err)
					}
					txs[i] = tx
				}
				requireOK(t, h, txs)
			}
			fee := h.Fee(blockbench.DefaultGasLimit).AmountOf(params.BondDenom)
			if tc.gasPrice != "" && !fee.IsPositive() {
				t.Fatalf("gas price %s gives no fee", tc.gasPrice)
			}
			for i := range senders {
				sent := amount(i).MulRaw(blocks)
				wantTo := before[senders+i].Add(sent)
				if got := h.Balance(h.Accounts[senders+i].Address, params.BondDenom); !got.Equal(wantTo) {
					t.Errorf("recipient %d: balance %s, want %s", i, got, wantTo)
				}
				wantFrom := before[i].Sub(sent).Sub(fee.MulRaw(blocks))
				if got := h.Balance(h.Accounts[i].Address, params.BondDenom); !got.Equal(wantFrom) {
					t.Errorf("sender %d: balance %s, want %s", i, got, wantFrom)
				}
			}
		})
	}
}
