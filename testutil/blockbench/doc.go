// Package blockbench runs PowerShare blocks the way a node does — FinalizeBlock
// then Commit over an on-disk goleveldb — with transactions it signs itself, so
// that benchmarks and tests of any module can measure and check real block
// execution without a network:
//
//	h, err := blockbench.New(blockbench.Config{Dir: b.TempDir(), Accounts: 1000, GasPrice: params.DefaultMinGasPrice})
//	defer h.Close()
//	tx, err := h.SignTx(h.Accounts[0], msgs...)      // any Msgs signed by that account
//	results, err := h.RunBlock([][]byte{tx, ...})   // results[i].Code == 0 on success
//
// Config.Genesis changes the chain's genesis state before it starts, e.g. to
// grant an account another x/rbac role or set a module's params.
//
// CompactDB compacts the database, so that a benchmark that has written much
// state untimed does not time the compactions that follow.
//
// BankSends builds the baseline block of bank sends that other modules compare
// their throughput with. Everything the chain sees is deterministic: keys come
// from fixed seeds and block times from the height.
package blockbench
