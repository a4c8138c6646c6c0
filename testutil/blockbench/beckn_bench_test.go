package blockbench_test

import (
	"bytes"
	"crypto/ecdh"
	"crypto/ed25519"
	"crypto/sha256"
	"fmt"
	"runtime"
	"testing"
	"time"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"

	"github.com/powershare/powershare/app"
	"github.com/powershare/powershare/app/params"
	"github.com/powershare/powershare/beckn"
	"github.com/powershare/powershare/testutil/blockbench"
	beckntypes "github.com/powershare/powershare/x/beckn/types"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// Every beckn benchmark anchors orders settled off chain (priced in INR)
// between one shared BAP and the anchoring relay's BPP. Key sets are valid
// for the chain's first year, far longer than any benchmark runs.
const (
	becknDomain = "deg:p2p-trading"
	becknKeyID  = "bench-key-1"
	benchBAP    = "bap.bench.powershare.example"
)

var (
	becknKeyFrom = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	anchorSlot   = time.Date(2025, 1, 5, 0, 0, 0, 0, time.UTC)
	// becknSeed derives the one key pair that serves every participant:
	// anchoring checks which key set signed, never whose bytes it holds.
	becknSeed       = sha256.Sum256([]byte("blockbench/beckn/key"))
	becknSigningKey = ed25519.NewKeyFromSeed(becknSeed[:])
	becknEncrKey, _ = ecdh.X25519().NewPrivateKey(becknSeed[:]) // any 32 bytes are a valid key
)

func bppID(i int) string { return fmt.Sprintf("bpp-%d.bench.powershare.example", i) }

// becknChain is a harness chain in which account i is a RELAY owning the
// SUBSCRIBED BPP bppID(i), and account 0 the SUBSCRIBED BAP benchBAP too.
// next numbers the next order, so that order ids never repeat.
type becknChain struct {
	h    *blockbench.Harness
	next int
}

// newBecknChain starts the chain with the RELAY grants, participants and key
// sets in the genesis, as after the registrars approved the relays'
// subscriptions, and checks that the beckn state is a valid genesis.
func newBecknChain(tb testing.TB, relays int, algo blockbench.KeyAlgo) *becknChain {
	tb.Helper()
	signing, encr := becknSigningKey.Public().(ed25519.PublicKey), becknEncrKey.PublicKey().Bytes()
	h := newHarness(tb, blockbench.Config{
		Accounts: relays, KeyAlgo: algo, GasPrice: params.DefaultMinGasPrice,
		Genesis: func(cdc codec.JSONCodec, g app.GenesisState, accounts []*blockbench.Account) error {
			if err := blockbench.UpdateGenesis(g, cdc, rbactypes.ModuleName, &rbactypes.GenesisState{},
				func(s *rbactypes.GenesisState) {
					for _, acc := range accounts {
						s.Grants = append(s.Grants, rbactypes.Grant{Address: acc.Address.String(), Role: rbactypes.Role_RELAY})
					}
				}); err != nil {
				return err
			}
			return blockbench.UpdateGenesis(g, cdc, beckntypes.ModuleName, &beckntypes.GenesisState{},
				func(s *beckntypes.GenesisState) {
					add := func(id string, kind beckntypes.SubscriberType, owner *blockbench.Account) {
						s.Participants = append(s.Participants, beckntypes.Participant{
							SubscriberId: id, Url: "https://" + id + "/beckn", Type: kind, Domain: becknDomain,
							KeyId: becknKeyID, Status: beckntypes.SubscriptionStatus_SUBSCRIBED,
							Owner: owner.Address.String(), Created: becknKeyFrom, Updated: becknKeyFrom,
						})
						s.Keys = append(s.Keys, beckntypes.SubscriberKey{
							SubscriberId: id, KeyId: becknKeyID, SigningPublicKey: signing, EncrPublicKey: encr,
							ValidFrom: becknKeyFrom, ValidUntil: becknKeyFrom.AddDate(1, 0, 0),
						})
					}
					add(benchBAP, beckntypes.SubscriberType_BAP, accounts[0])
					for i, acc := range accounts {
						add(bppID(i), beckntypes.SubscriberType_BPP, acc)
					}
				})
		},
	})
	k := h.App.BecknKeeper
	if gs, err := k.ExportGenesis(h.Context()); err != nil || gs.Validate(k.AddressCodec()) != nil {
		tb.Fatalf("the benchmark's beckn genesis is invalid: %v, %v", err, gs.Validate(k.AddressCodec()))
	}
	return &becknChain{h: h}
}

// anchor is the anchor of order n, confirmed by relay's BPP with its
// Authorization signature made at signedAt (the chain takes only fresh
// signatures, so the caller signs at the block time), which the chain
// verifies for every BPP registered here.
func anchor(relay, n int, signedAt time.Time) beckntypes.OrderAnchor {
	a := beckntypes.OrderAnchor{
		TransactionId: fmt.Sprintf("txn-%09d", n), OrderId: fmt.Sprintf("order-%09d", n),
		BapId: benchBAP, BppId: bppID(relay), Domain: becknDomain,
		KeyId: becknKeyID, QuantityWh: 5_000, Price: "7.25", Currency: "INR",
		DeliveryStart: anchorSlot, DeliveryEnd: anchorSlot.Add(time.Hour), Zone: "bench-zone",
		SignatureCreated: signedAt.Unix(), SignatureExpires: signedAt.Add(time.Hour).Unix(),
	}
	terms, err := a.Terms("https://"+benchBAP+"/beckn", "https://"+a.BppId+"/beckn")
	if err != nil {
		panic(err)
	}
	if a.Body, err = terms.OnConfirm(); err != nil {
		panic(err)
	}
	a.Digest = beckn.Digest(a.Body)
	a.Signature = ed25519.Sign(becknSigningKey, beckn.SigningString(a.SignatureCreated, a.SignatureExpires, a.Digest))
	return a
}

// block signs txs MsgAnchorOrders of batch new anchors each, tx i from
// account i (distinct relays, as in a busy block), with the gas limit gas,
// and checks that they fit a block.
func (c *becknChain) block(tb testing.TB, txs, batch int, gas uint64) [][]byte {
	tb.Helper()
	block := make([][]byte, txs)
	signedAt := c.h.Context().BlockTime()
	for i := range block {
		relay := c.h.Accounts[i]
		msg := &beckntypes.MsgAnchorOrders{Relay: relay.Address.String(), Anchors: make([]beckntypes.OrderAnchor, batch)}
		for j := range msg.Anchors {
			msg.Anchors[j] = anchor(i, c.next, signedAt)
			c.next++
		}
		tx, err := c.h.SignTxWithGas(relay, gas, msg)
		if err != nil {
			tb.Fatal(err)
		}
		block[i] = tx
	}
	if err := c.h.FitsBlock(block); err != nil {
		tb.Fatal(err)
	}
	return block
}

// BenchmarkAnchorOrders executes blocks of 1,000 anchors through
// FinalizeBlock and Commit over goleveldb, signed untimed, as txs of one
// MsgAnchorOrders of batch=1, 10 or 100 anchors from as many distinct RELAYs,
// on a secp256k1 and then an ML-DSA-65 chain. Every anchor carries its BPP's
// Ed25519 Authorization signature, which the Msg verifies. bank_send, first
// on each chain, is the baseline: blocks of 1,000 one-MsgSend txs.
//
// A tx's gas limit is what a first, untimed tx of its batch used, plus 10%.
// gas/anchor and bytes/anchor are the txs' gas used (ante handler and Msg)
// and size over their anchors; ante-gas/anchor is the ante handler's charge
// for one tx (size, signature, fee, sequence, RBAC; run on a branch of the
// committed state, as in BenchmarkRBACAnteOverhead) over the batch.
// vs-bank-send is anchors/s over bank_send's tx/s.
// On ML-DSA-65 lines, gas-vs-secp256k1 is gas/anchor over secp256k1's at the
// same batch and pq-gas/anchor their difference: what the post-quantum
// signature (5.3 KB of signature and key per tx, the account's 1,952-byte
// key rewritten with its sequence) costs an anchor. On batch=100 lines,
// fixed-gas/tx and marginal-gas/anchor are a and b of the least-squares fit
// gas/tx = a + b*batch over the three batches.
func BenchmarkAnchorOrders(b *testing.B) {
	const anchorsPerBlock = 1_000
	batches := []int{1, 10, 100}
	gasPerTx := map[blockbench.KeyAlgo]map[int]float64{} // by algorithm and batch
	for _, algo := range []blockbench.KeyAlgo{blockbench.Secp256k1, blockbench.MLDSA65} {
		b.Run(string(algo), func(b *testing.B) {
			c := newBecknChain(b, anchorsPerBlock, algo)
			h := c.h
			gasPerTx[algo] = map[int]float64{}
			var bankTPS float64
			// blocks times blocks of sign's txs after an untimed one, which
			// warms the stores, then compacts the database and collects the
			// heap: no work of an earlier case lands in the timed part.
			blocks := func(b *testing.B, sign func() [][]byte) (gas, size int64, n int) {
				runBlock(b, h, sign())
				if err := h.CompactDB(); err != nil {
					b.Fatal(err)
				}
				runtime.GC()
				b.ResetTimer()
				for b.Loop() {
					b.StopTimer()
					txs := sign()
					for _, tx := range txs {
						size += int64(len(tx))
					}
					b.StartTimer()
					gas += runBlock(b, h, txs)
					n++
				}
				b.StopTimer()
				return gas, size, n
			}
			b.Run("bank_send", func(b *testing.B) {
				gas, size, n := blocks(b, func() [][]byte {
					txs, err := h.BankSends(anchorsPerBlock, math.NewInt(1))
					if err != nil {
						b.Fatal(err)
					}
					return txs
				})
				txs := float64(n * anchorsPerBlock)
				bankTPS = txs / b.Elapsed().Seconds()
				b.ReportMetric(bankTPS, "tx/s")
				b.ReportMetric(float64(size)/txs, "bytes/tx")
				b.ReportMetric(float64(gas)/txs, "gas/tx")
			})
			for _, batch := range batches {
				b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) {
					txsPerBlock := anchorsPerBlock / batch
					probe, err := h.RunBlock(c.block(b, 1, batch, uint64(app.MaxBlockGas)))
					if err != nil {
						b.Fatal(err)
					}
					if res := probe[0]; res.Code != 0 {
						b.Fatalf("a tx of %d anchors: code %d: %s", batch, res.Code, res.Log)
					}
					gasLimit := uint64(probe[0].GasUsed) * 11 / 10
					// The ante gas of the warming block's first tx, whose
					// sequence is the committed one.
					warm := c.block(b, txsPerBlock, batch, gasLimit)
					decoded, err := h.App.TxConfig().TxDecoder()(warm[0])
					if err != nil {
						b.Fatal(err)
					}
					ante := float64(anteGas(b, h, h.App.AnteHandler(), decoded, warm[0]))
					gas, size, n := blocks(b, func() [][]byte {
						if txs := warm; txs != nil {
							warm = nil
							return txs
						}
						return c.block(b, txsPerBlock, batch, gasLimit)
					})
					anchors := float64(n * anchorsPerBlock)
					gasPerTx[algo][batch] = float64(gas) / float64(n*txsPerBlock)
					perAnchor := float64(gas) / anchors
					aps := anchors / b.Elapsed().Seconds()
					b.ReportMetric(aps, "anchors/s")
					b.ReportMetric(perAnchor, "gas/anchor")
					b.ReportMetric(float64(size)/anchors, "bytes/anchor")
					b.ReportMetric(ante/float64(batch), "ante-gas/anchor")
					b.ReportMetric(gasPerTx[algo][batch], "gas/tx")
					b.ReportMetric(float64(app.MaxBlockGas)/perAnchor, "anchors/block-gas")
					if bankTPS > 0 {
						b.ReportMetric(aps/bankTPS, "vs-bank-send")
					}
					if secp, ok := gasPerTx[blockbench.Secp256k1][batch]; ok && algo != blockbench.Secp256k1 {
						b.ReportMetric(perAnchor/(secp/float64(batch)), "gas-vs-secp256k1")
						b.ReportMetric(perAnchor-secp/float64(batch), "pq-gas/anchor")
					}
					if len(gasPerTx[algo]) == len(batches) {
						a, slope := fitLine(batches, gasPerTx[algo])
						b.ReportMetric(a, "fixed-gas/tx")
						b.ReportMetric(slope, "marginal-gas/anchor")
					}
				})
			}
		})
	}
}

// fitLine fits gas(batch) = a + slope*batch by least squares.
func fitLine(batches []int, gas map[int]float64) (a, slope float64) {
	var n, sx, sy, sxy, sxx float64
	for _, b := range batches {
		x, y := float64(b), gas[b]
		n, sx, sy, sxy, sxx = n+1, sx+x, sy+y, sxy+x*y, sxx+x*x
	}
	slope = (n*sxy - sx*sy) / (n*sxx - sx*sx)
	return (sy - slope*sx) / n, slope
}

// TestAnchorOrdersBlock runs a block of 1-anchor and one of 10-anchor txs of
// BenchmarkAnchorOrders from 4 RELAYs, for both key algorithms, and checks
// every anchor is stored CONFIRMED as sent, by its relay, with its history.
func TestAnchorOrdersBlock(t *testing.T) {
	const relays = 4
	for _, algo := range algos {
		t.Run(string(algo), func(t *testing.T) {
			c := newBecknChain(t, relays, algo)
			for _, batch := range []int{1, 10} {
				requireOK(t, c.h, c.block(t, relays, batch, uint64(batch)*blockbench.DefaultGasLimit))
			}
			k, ctx := c.h.App.BecknKeeper, c.h.Context()
			for n := range c.next {
				relay := n // one anchor per relay, then ten
				if n >= relays {
					relay = (n - relays) / 10
				}
				want := anchor(relay, n, time.Time{})
				o, err := k.GetOrder(ctx, want.BppId, want.OrderId)
				want = anchor(relay, n, time.Unix(o.Anchor.SignatureCreated, 0))
				change, err2 := k.History.Get(ctx, collections.Join(collections.Join(want.BppId, want.OrderId), uint32(0)))
				if err != nil || err2 != nil {
					t.Fatal(err, err2)
				}
				got, _ := o.Anchor.Marshal()
				want.Body = nil // the chain keeps the body's digest and terms, not the body
				sent, _ := want.Marshal()
				by := c.h.Accounts[relay].Address.String()
				if o.State != beckntypes.OrderState_CONFIRMED || o.AnchoredBy != by || o.Changes != 1 || o.TradeId != 0 ||
					!bytes.Equal(got, sent) || change.To != o.State || !bytes.Equal(change.Digest, want.Digest) || change.By != by {
					t.Fatalf("order %d: %+v with history %+v; want %+v anchored by relay %d", n, o, change, want, relay)
				}
			}
			if next, err := k.OrderSeq.Peek(ctx); err != nil || next != uint64(1+relays*11) {
				t.Fatalf("next order seq %d (%v): want %d, one per anchor sent", next, err, 1+relays*11)
			}
		})
	}
}
