// Package invariants_test runs long random sequences of PowerShare Msgs and
// blocks through the real application (every keeper wired as on a node:
// bank, authz, staking, x/rbac, x/assets, x/market, x/beckn) and checks the
// cross-module invariants after every step (invariants_test.go). Step
// generators live in one file per module (steps_<module>_test.go); the
// driver is run_test.go.
//
//	go test ./tests/invariants -count=1                      # the fixed seeds, bounded steps
//	INVARIANT_STEPS=5000 go test ./tests/invariants -count=1 -timeout 30m
//	go test ./tests/invariants -count=1 -steps 5000 -seeds 1,2,3,4,5
package invariants_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	coreheader "cosmossdk.io/core/header"
	"cosmossdk.io/log/v2"

	"github.com/cosmos/cosmos-sdk/baseapp"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/app"
	"github.com/powershare/powershare/testutil/blockbench"
	markettypes "github.com/powershare/powershare/x/market/types"
	rbacante "github.com/powershare/powershare/x/rbac/ante"
)

// chain is one PowerShare app driven block by block. Msgs are delivered into
// the open block: each in a branch of the working state, written back only
// when it succeeds, as baseapp does with a tx's Msgs. endBlock finalizes the
// open block (BeginBlock, EndBlock, Commit) and opens the next one later.
//
// Msgs skip signatures and fees (so that one step is one Msg and the supply
// never moves by fees) but not the permission check: every Msg a role holder
// sends passes x/rbac's ante decorator first, so that a Msg of the wrong role
// is refused as on chain. Governance Msgs (MsgUpdateParams with the gov
// module account as authority) run without it, as a passed proposal does.
type chain struct {
	t    *testing.T
	app  *app.App
	rbac sdk.AnteDecorator

	height   int64     // height of the last committed block
	nextTime time.Time // time of the open block
	proposer []byte    // the one validator's consensus address
	power    int64
	// pruned are the trades x/market pruned after retention_seconds
	// (EventTradePruned), shared with the chain imported from this one.
	pruned map[uint64]bool
	// facts are the sums the x/achievements counters must equal.
	facts *facts
}

// newChain starts the harness chain of blockbench with cfg and wraps it.
func newChain(t *testing.T, cfg blockbench.Config) (*chain, []*blockbench.Account) {
	t.Helper()
	cfg.Dir = t.TempDir()
	h, err := blockbench.New(cfg)
	require.NoError(t, err)
	t.Cleanup(func() { _ = h.Close() })
	ctx := h.Context()
	vals, err := h.App.StakingKeeper.GetAllValidators(ctx)
	require.NoError(t, err)
	require.Len(t, vals, 1)
	consAddr, err := vals[0].GetConsAddr()
	require.NoError(t, err)
	c := &chain{
		t: t, app: h.App, height: h.Height(), nextTime: ctx.BlockTime().Add(time.Second),
		proposer: consAddr, power: vals[0].ConsensusPower(sdk.DefaultPowerReduction), pruned: map[uint64]bool{}, facts: newFacts(),
	}
	c.rbac = rbacante.NewDecorator(h.App.RBACKeeper, h.App.AppCodec())
	return c, h.Accounts
}

// header is the open block's header.
func (c *chain) header() cmtproto.Header {
	return cmtproto.Header{ChainID: blockbench.ChainID, Height: c.height + 1, Time: c.nextTime}
}

// ctxOn is a context of the open block over ms.
func (c *chain) ctxOn(ms storetypes.MultiStore) sdk.Context {
	h := c.header()
	return sdk.NewContext(ms, h, false, c.app.Logger()).
		WithHeaderInfo(coreheader.Info{ChainID: h.ChainID, Height: h.Height, Time: h.Time}).
		WithExecMode(sdk.ExecModeFinalize).
		WithEventManager(sdk.NewEventManager()).
		WithGasMeter(storetypes.NewInfiniteGasMeter()).
		WithBlockGasMeter(storetypes.NewInfiniteGasMeter())
}

// ctx reads the current state, open block included; writes are discarded.
func (c *chain) ctx() sdk.Context { return c.ctxOn(c.app.CommitMultiStore().CacheMultiStore()) }

// outcome is what delivering one step did.
type outcome struct {
	res *sdk.Result
	err error
	// leftWrites: a refused Msg's handler wrote to its branch before it
	// failed (harmless on chain, where baseapp drops the branch; counted
	// for the report). Only known when the step was checked.
	leftWrites bool
}

// deliver runs msg in the open block, with the permission check unless gov.
// When check is set and msg is refused, the state (committed and open
// block) must hash as it did before: a refused Msg changes nothing.
func (c *chain) deliver(msg sdk.Msg, gov, check bool) outcome {
	c.t.Helper()
	var before []byte
	if check {
		before = c.stateHash(c.app.CommitMultiStore().CacheMultiStore())
	}
	branch := c.app.CommitMultiStore().CacheMultiStore()
	res, err := c.run(c.ctxOn(branch), msg, gov)
	if err != nil {
		out := outcome{err: err}
		if check {
			require.Equal(c.t, before, c.stateHash(c.app.CommitMultiStore().CacheMultiStore()),
				"refused %T changed the state: %v", msg, err)
			out.leftWrites = !bytes.Equal(before, c.stateHash(branch))
		}
		return out
	}
	branch.Write()
	require.NoError(c.t, c.facts.note(res.Events))
	return outcome{res: res}
}

func (c *chain) run(ctx sdk.Context, msg sdk.Msg, gov bool) (res *sdk.Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			c.t.Fatalf("%T panicked: %v", msg, r)
		}
	}()
	if !gov {
		builder := c.app.TxConfig().NewTxBuilder()
		require.NoError(c.t, builder.SetMsgs(msg))
		noop := func(ctx sdk.Context, _ sdk.Tx, _ bool) (sdk.Context, error) { return ctx, nil }
		if _, err := c.rbac.AnteHandle(ctx, builder.GetTx(), false, noop); err != nil {
			return nil, err
		}
	}
	handler := c.app.MsgServiceRouter().Handler(msg)
	require.NotNil(c.t, handler, "no handler for %T", msg)
	return handler(ctx, msg)
}

// stateHash hashes every key and value of every KV store of the app in ms.
func (c *chain) stateHash(ms storetypes.MultiStore) []byte {
	h := sha256.New()
	for _, name := range storeNames(c) {
		store := ms.GetKVStore(c.app.GetKey(name))
		it := store.Iterator(nil, nil)
		for ; it.Valid(); it.Next() {
			fmt.Fprintf(h, "%s/%x=%x;", name, it.Key(), it.Value())
		}
		require.NoError(c.t, it.Close())
	}
	return h.Sum(nil)
}

func storeNames(c *chain) []string {
	var names []string
	for _, name := range []string{
		"acc", "bank", "staking", "slashing", "distribution", "gov", "authz", "feegrant",
		"rbac", "assets", "market", "beckn", "achievements",
	} {
		if c.app.GetKey(name) != nil {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// endBlock finalizes the open block with the validator's vote on the last
// one, commits it and opens the next block advance later.
func (c *chain) endBlock(advance time.Duration) {
	c.t.Helper()
	res, err := c.app.FinalizeBlock(&abci.RequestFinalizeBlock{
		Height: c.height + 1, Time: c.nextTime, ProposerAddress: c.proposer,
		DecidedLastCommit: abci.CommitInfo{Votes: []abci.VoteInfo{{
			Validator:   abci.Validator{Address: c.proposer, Power: c.power},
			BlockIdFlag: cmtproto.BlockIDFlagCommit,
		}}},
	})
	require.NoError(c.t, err, "block %d", c.height+1)
	require.NoError(c.t, c.facts.note(res.Events))
	for _, ev := range res.Events {
		if ev.Type != proto.MessageName(&markettypes.EventTradePruned{}) {
			continue
		}
		// baseapp adds a "mode" attribute (not JSON) to end-block events.
		ev.Attributes = slices.DeleteFunc(slices.Clone(ev.Attributes), func(a abci.EventAttribute) bool { return a.Key == "mode" })
		typed, err := sdk.ParseTypedEvent(ev)
		require.NoError(c.t, err)
		c.pruned[typed.(*markettypes.EventTradePruned).Trade.Id] = true
	}
	_, err = c.app.Commit()
	require.NoError(c.t, err)
	c.height++
	c.nextTime = c.nextTime.Add(max(advance, time.Second))
}

// export exports the committed state as a genesis and checks that it
// validates as `powershared genesis validate` would: each module's own
// ValidateGenesis, then the cross-module checks (app.ValidateAppGenesis:
// escrow against the market account, meters, trades, anchors) for a chain
// starting at the open block's time.
func (c *chain) export() (appState []byte, exported exportedApp) {
	c.t.Helper()
	exp, err := c.app.ExportAppStateAndValidators(false, nil, nil)
	require.NoError(c.t, err)
	var genesis map[string]json.RawMessage
	require.NoError(c.t, json.Unmarshal(exp.AppState, &genesis))
	require.NoError(c.t, c.app.BasicModuleManager.ValidateGenesis(c.app.AppCodec(), c.app.TxConfig(), genesis),
		"the exported genesis validates")
	require.NoError(c.t, app.ValidateAppGenesis(c.app.AppCodec(), c.app.TxConfig(), genesis, c.nextTime),
		"the exported genesis passes the cross-module validation")
	return exp.AppState, exportedApp{height: exp.Height, consensus: exp.ConsensusParams, validators: len(exp.Validators)}
}

type exportedApp struct {
	height     int64
	consensus  cmtproto.ConsensusParams
	validators int
}

// imported starts a fresh app from c's export, opening its first block at
// c's open block time, as a chain restarted from an exported genesis does.
func (c *chain) imported() *chain {
	c.t.Helper()
	appState, exp := c.export()
	require.Equal(c.t, 1, exp.validators)
	fresh := app.New(log.NewNopLogger(), dbm.NewMemDB(), true, simtestutil.NewAppOptionsWithFlagHome(c.t.TempDir()),
		baseapp.SetChainID(blockbench.ChainID))
	c.t.Cleanup(func() { _ = fresh.Close() })
	consensus := exp.consensus
	_, err := fresh.InitChain(&abci.RequestInitChain{
		Time: c.nextTime, ChainId: blockbench.ChainID, InitialHeight: exp.height,
		ConsensusParams: &consensus, AppStateBytes: appState,
	})
	require.NoError(c.t, err)
	next := &chain{
		t: c.t, app: fresh, height: exp.height - 1, nextTime: c.nextTime, proposer: c.proposer, power: c.power,
		rbac:   rbacante.NewDecorator(fresh.RBACKeeper, fresh.AppCodec()),
		pruned: c.pruned, facts: c.facts,
	}
	// The original may run on beside the imported chain (the mirror): it
	// counts its own copy, so that the same facts are not counted twice.
	c.facts = c.facts.clone()
	return next
}

// requireSameExport: the exported states of a and b are equal module by module.
func requireSameExport(t *testing.T, a, b *chain) {
	t.Helper()
	sa, _ := a.export()
	sb, _ := b.export()
	var ma, mb map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(sa, &ma))
	require.NoError(t, json.Unmarshal(sb, &mb))
	require.Equal(t, len(ma), len(mb))
	for module, state := range ma {
		if !bytes.Equal(state, mb[module]) {
			require.JSONEqf(t, string(state), string(mb[module]), "%s state after export and import", module)
		}
	}
}
