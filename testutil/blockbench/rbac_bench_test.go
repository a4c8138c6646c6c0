package blockbench_test

import (
	"crypto/sha256"
	"fmt"
	"testing"

	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"

	"cosmossdk.io/collections"
	"cosmossdk.io/log/v2"
	"cosmossdk.io/math"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/auth/ante"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/powershare/powershare/app"
	"github.com/powershare/powershare/app/params"
	"github.com/powershare/powershare/testutil/blockbench"
	rbacante "github.com/powershare/powershare/x/rbac/ante"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// msgSendURL is the Msg every RBAC benchmark checks: PROSUMER may send it.
var msgSendURL = sdk.MsgTypeURL(&banktypes.MsgSend{})

// sdkAnteDecorators are the decorators of app/ante.go before the RBAC one,
// built from the same options app.setAnteHandler gives, in the same order.
// BenchmarkRBACAnteOverhead checks that this chain plus the RBAC decorator
// charges exactly the gas of the app's own ante handler, so a change to
// app/ante.go that this list misses fails the benchmark instead of skewing it.
func sdkAnteDecorators(a *app.App) []sdk.AnteDecorator {
	return []sdk.AnteDecorator{
		ante.NewSetUpContextDecorator(),
		ante.NewExtensionOptionsDecorator(nil),
		ante.NewValidateBasicDecorator(),
		ante.NewTxTimeoutHeightDecorator(),
		ante.NewValidateMemoDecorator(a.AccountKeeper),
		ante.NewConsumeGasForTxSizeDecorator(a.AccountKeeper),
		ante.NewDeductFeeDecorator(a.AccountKeeper, a.BankKeeper, a.FeeGrantKeeper, nil),
		ante.NewSetPubKeyDecorator(a.AccountKeeper),
		ante.NewValidateSigCountDecorator(a.AccountKeeper),
		ante.NewSigGasConsumeDecorator(a.AccountKeeper, ante.DefaultSigVerificationGasConsumer),
		ante.NewSigVerificationDecorator(a.AccountKeeper, a.TxConfig().SignModeHandler()),
		ante.NewIncrementSequenceDecorator(a.AccountKeeper),
	}
}

// nextBlock is the block after the last committed one, in which the
// benchmarks run the ante handler or the keeper.
type nextBlock struct {
	header cmtproto.Header
	cp     cmtproto.ConsensusParams
}

func newNextBlock(h *blockbench.Harness) nextBlock {
	last := h.Context()
	return nextBlock{
		header: cmtproto.Header{
			ChainID: blockbench.ChainID, Height: last.BlockHeight() + 1,
			Time: last.BlockTime().Add(blockbench.BlockInterval),
		},
		cp: h.App.GetConsensusParams(last),
	}
}

// context returns a context of the block (FinalizeBlock mode, not CheckTx)
// over ms, carrying what baseapp's runTx gives the ante handler: the tx bytes
// (the size gas is charged on them) and the consensus params (the tx gas
// limit is checked against them). Height > 0 matters: the RBAC decorator
// waves genesis txs through.
func (n nextBlock) context(ms storetypes.MultiStore, txBytes []byte) sdk.Context {
	return sdk.NewContext(ms, n.header, false, log.NewNopLogger()).WithTxBytes(txBytes).WithConsensusParams(n.cp)
}

// anteGas runs handler once on a branch of the committed state and returns
// the gas it charged.
func anteGas(tb testing.TB, h *blockbench.Harness, handler sdk.AnteHandler, tx sdk.Tx, bz []byte) uint64 {
	tb.Helper()
	ctx := newNextBlock(h).context(h.App.CommitMultiStore().CacheMultiStore(), bz)
	newCtx, err := handler(ctx, tx, false)
	if err != nil {
		tb.Fatal(err)
	}
	return newCtx.GasMeter().GasConsumed()
}

// BenchmarkRBACAnteOverhead measures what the RBAC decorator adds to the ante
// handler of a tx of 1 and of 10 MsgSends signed by one ML-DSA-65 PROSUMER:
//
//   - with_rbac: the app's own ante handler (app/ante.go, RBAC last);
//   - without_rbac: the same SDK decorators without the RBAC one;
//   - decorator_only: the RBAC decorator alone, its cost without the noise of
//     the signature check around it.
//
// The tx is signed once. Every iteration runs the handler, signature
// verification included (nothing caches it), on a fresh branch of the
// committed state, as FinalizeBlock branches it for a block, which is then
// dropped: the fee deduction and sequence increment never reach the store, so
// the same tx is valid in every iteration and each one does the work of a
// node executing it as the first tx of a block, reads going through the
// branch to IAVL. Branches are made in batches with the timer stopped.
// Running CheckTx instead would advance the sequence and need a new signed tx
// per iteration, and would time baseapp's tx decoding and branching as well.
// Gas is deterministic: rbac-gas/tx is the gas with minus the gas without.
func BenchmarkRBACAnteOverhead(b *testing.B) {
	for _, msgs := range []int{1, 10} {
		b.Run(fmt.Sprintf("msgs=%d", msgs), func(b *testing.B) {
			h := newHarness(b, blockbench.Config{Accounts: 2, KeyAlgo: blockbench.MLDSA65, GasPrice: params.DefaultMinGasPrice})
			from, to := h.Accounts[0], h.Accounts[1]
			batch := make([]sdk.Msg, msgs)
			for i := range batch {
				batch[i] = blockbench.BankSend(from, to, math.NewInt(1))
			}
			bz, err := h.SignTxWithGas(from, uint64(msgs)*blockbench.DefaultGasLimit, batch...)
			if err != nil {
				b.Fatal(err)
			}
			tx, err := h.App.TxConfig().TxDecoder()(bz)
			if err != nil {
				b.Fatal(err)
			}
			block := newNextBlock(h)

			a := h.App
			decorator := rbacante.NewDecorator(a.RBACKeeper, a.AppCodec())
			withRBAC := a.AnteHandler()
			withoutRBAC := sdk.ChainAnteDecorators(sdkAnteDecorators(a)...)
			gasWith, gasWithout := anteGas(b, h, withRBAC, tx, bz), anteGas(b, h, withoutRBAC, tx, bz)
			rebuilt := sdk.ChainAnteDecorators(append(sdkAnteDecorators(a), decorator)...)
			if gas := anteGas(b, h, rebuilt, tx, bz); gas != gasWith {
				b.Fatalf("the baseline chain has drifted from app/ante.go: it plus the RBAC decorator charges %d gas, the app's handler %d",
					gas, gasWith)
			}
			rbacGas := float64(gasWith) - float64(gasWithout)

			run := func(name string, handler sdk.AnteHandler, gas uint64) {
				b.Run(name, func(b *testing.B) {
					branches := newBranches(b, h)
					for b.Loop() {
						if _, err := handler(block.context(branches.next(), bz), tx, false); err != nil {
							b.Fatal(err)
						}
					}
					b.ReportMetric(float64(gas), "gas/tx")
					b.ReportMetric(rbacGas, "rbac-gas/tx")
				})
			}
			run("with_rbac", withRBAC, gasWith)
			run("without_rbac", withoutRBAC, gasWithout)

			b.Run("decorator_only", func(b *testing.B) {
				terminal := func(ctx sdk.Context, _ sdk.Tx, _ bool) (sdk.Context, error) { return ctx, nil }
				branches := newBranches(b, h)
				var gas uint64
				for b.Loop() {
					meter := storetypes.NewGasMeter(uint64(msgs) * blockbench.DefaultGasLimit)
					ctx := block.context(branches.next(), bz).WithGasMeter(meter)
					if _, err := decorator.AnteHandle(ctx, tx, false, terminal); err != nil {
						b.Fatal(err)
					}
					gas = meter.GasConsumed()
				}
				if float64(gas) != rbacGas {
					b.Fatalf("the decorator alone charges %d gas, the two chains differ by %.0f", gas, rbacGas)
				}
				b.ReportMetric(float64(gas), "rbac-gas/tx")
			})

			// The measured tx is a real one: it executes in a block.
			requireOK(b, h, [][]byte{bz})
		})
	}
}

// branches hands out fresh branches of a harness's committed state, made in
// batches with the timer stopped, so that a benchmark times only what runs
// on them.
type branches struct {
	b    *testing.B
	cms  storetypes.CommitMultiStore
	pool []storetypes.CacheMultiStore
}

func newBranches(b *testing.B, h *blockbench.Harness) *branches {
	return &branches{b: b, cms: h.App.CommitMultiStore()}
}

func (p *branches) next() storetypes.MultiStore {
	if len(p.pool) == 0 {
		const batch = 256
		p.b.StopTimer()
		p.pool = p.pool[:0]
		for range batch {
			p.pool = append(p.pool, p.cms.CacheMultiStore())
		}
		p.b.StartTimer()
	}
	ms := p.pool[len(p.pool)-1]
	p.pool = p.pool[:len(p.pool)-1]
	return ms
}

// BenchmarkRBACCheckScaling calls the keeper's CheckPermission for one
// PROSUMER's MsgSend while N other addresses hold roles, to show that the
// check reads only the signer's own grants (a prefix of the grant store), so
// its reads and gas do not depend on N. The N grants are written through the
// keeper's Grants collection (indexes included) into the app's store and
// committed by a block, so the check reads them from IAVL over goleveldb as a
// node would; it runs on the committed store directly, with no branch, which
// is safe because the check only reads.
//
// Time is another matter: a store iterator (the grant lookup is one) costs
// more in a bigger database, whatever it holds, once goleveldb's data no
// longer fits its memtable. The control case grants=10,audit=10000 holds 10
// grants plus 10,000 rbac audit entries, about the store volume of
// grants=10000 with none of its grants: if it is as slow as grants=10000, the
// slowdown is the database's size, not the number of grants.
func BenchmarkRBACCheckScaling(b *testing.B) {
	for _, c := range []struct{ grants, audit int }{{10, 0}, {1_000, 0}, {10_000, 0}, {10, 10_000}} {
		name := fmt.Sprintf("grants=%d", c.grants)
		if c.audit > 0 {
			name += fmt.Sprintf(",audit=%d", c.audit)
		}
		b.Run(name, func(b *testing.B) {
			h := newHarness(b, blockbench.Config{Accounts: 1, KeyAlgo: blockbench.MLDSA65})
			before := countGrants(b, h)
			fillRBACStore(b, h, c.grants, c.audit)
			if got := countGrants(b, h); got != before+c.grants {
				b.Fatalf("%d grants in the committed state, want %d", got, before+c.grants)
			}
			signer := h.Accounts[0].Address
			k := h.App.RBACKeeper
			ctx := newNextBlock(h).context(h.App.CommitMultiStore(), nil)

			meter := storetypes.NewInfiniteGasMeter()
			if err := k.CheckPermission(ctx.WithGasMeter(meter), signer, msgSendURL); err != nil {
				b.Fatal(err)
			}
			gas := meter.GasConsumed()
			for b.Loop() {
				if err := k.CheckPermission(ctx, signer, msgSendURL); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(gas), "gas/check")
		})
	}
}

// fillRBACStore gives grants fresh addresses, spread over the key space, a
// chain-wide role each (cycling through every role), adds audit entries about
// other fresh addresses, and commits them all in a block.
func fillRBACStore(tb testing.TB, h *blockbench.Harness, grants, audit int) {
	tb.Helper()
	cms := h.App.CommitMultiStore().CacheMultiStore()
	ctx := newNextBlock(h).context(cms, nil)
	k := h.App.RBACKeeper
	address := func(kind string, i int) sdk.AccAddress {
		sum := sha256.Sum256(fmt.Appendf(nil, "rbac bench %s %d", kind, i))
		return sdk.AccAddress(sum[:20])
	}
	for i := range grants {
		addr := address("grantee", i)
		role := rbactypes.AllRoles[i%len(rbactypes.AllRoles)]
		g := rbactypes.Grant{
			Address: addr.String(), Role: role,
			GrantedAt: ctx.BlockTime(), GrantedHeight: ctx.BlockHeight(),
		}
		if err := k.Grants.Set(ctx, collections.Join3(addr, int32(role), uint64(0)), g); err != nil {
			tb.Fatal(err)
		}
	}
	next, err := k.AuditSeq.Peek(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	for i := range audit {
		e := rbactypes.AuditEntry{
			Id: next + uint64(i), Action: rbactypes.AuditAction_GRANT,
			Subject: address("audited", i).String(), Role: rbactypes.Role_PROSUMER,
			Height: ctx.BlockHeight(), Time: ctx.BlockTime(),
		}
		if err := k.Audit.Set(ctx, e.Id, e); err != nil {
			tb.Fatal(err)
		}
	}
	if err := k.AuditSeq.Set(ctx, next+uint64(audit)); err != nil {
		tb.Fatal(err)
	}
	cms.Write()
	if _, err := h.RunBlock(nil); err != nil { // commits them
		tb.Fatal(err)
	}
}

// countGrants counts the grants in the committed state.
func countGrants(tb testing.TB, h *blockbench.Harness) int {
	tb.Helper()
	iter, err := h.App.RBACKeeper.Grants.Iterate(h.Context(), nil)
	if err != nil {
		tb.Fatal(err)
	}
	keys, err := iter.Keys()
	if err != nil {
		tb.Fatal(err)
	}
	return len(keys)
}
