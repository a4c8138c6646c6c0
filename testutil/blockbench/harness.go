package blockbench

import (
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	dbm "github.com/cosmos/cosmos-db"

	"cosmossdk.io/log/v2"
	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/baseapp"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/powershare/powershare/app"
	"github.com/powershare/powershare/app/params"
)

const (
	// ChainID is the chain id the harness's chain runs and its txs are signed for.
	ChainID = "powershare-blockbench"
	// BlockInterval is how far each block's time is after the previous one.
	// Block times are derived, never read from the clock, so runs are repeatable.
	BlockInterval = 5 * time.Second
	// DefaultGasLimit is the gas limit of a tx unless the caller gives one:
	// enough for a one-Msg tx of either key algorithm. An ML-DSA-65 bank send
	// uses about 221,000 gas, mostly for its 5.5 KB size and for rewriting the
	// account, whose 1,952-byte public key is stored with the sequence.
	DefaultGasLimit = 300_000
)

var (
	// genesisTime is the fixed genesis time of every harness chain.
	genesisTime = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	setPrefixes sync.Once
)

// Config says what chain New starts. Only Dir is required.
type Config struct {
	// Dir holds the goleveldb database and the node home (e.g. b.TempDir()).
	Dir string
	// Accounts is the number of funded accounts (default 1).
	Accounts int
	// KeyAlgo is the accounts' signature algorithm (default MLDSA65).
	KeyAlgo KeyAlgo
	// Coins is every account's genesis balance (default 10^15 upwc).
	Coins sdk.Coins
	// GasPrice is both the node's minimum gas price and the price every signed
	// tx pays, e.g. params.DefaultMinGasPrice; empty means free txs.
	GasPrice string
	// GasLimit is the gas limit SignTx gives a tx (default DefaultGasLimit).
	GasLimit uint64
	// MaxBlockGas replaces the consensus block gas limit app.MaxBlockGas when
	// non-zero; -1 lifts it, for benchmarks of blocks larger than PowerShare's.
	MaxBlockGas int64
	// AppOptions are extra app options, e.g. server.FlagBlockExecutor.
	AppOptions map[string]any
	// Logger is the app's logger (default: none).
	Logger log.Logger
	// Genesis, when set, changes the app state the chain starts from after the
	// harness has put in its accounts, their roles and the validator, e.g. to
	// grant more x/rbac roles, add state or set a module's params.
	// UpdateGenesis edits one module's state with cdc.
	Genesis func(cdc codec.JSONCodec, g app.GenesisState, accounts []*Account) error
}

// Harness is one PowerShare app over goleveldb, past genesis, with funded
// accounts whose account numbers and sequences it tracks as it signs.
type Harness struct {
	App      *app.App
	Accounts []*Account

	gasLimit    uint64
	gasPrices   sdk.DecCoins
	maxBlockGas int64
	consAddr    sdk.ConsAddress
	power       int64
	height      int64
	blockTime   time.Time
	db          *dbm.GoLevelDB
}

// appOptions implements servertypes.AppOptions over a map.
type appOptions map[string]any

func (o appOptions) Get(key string) any { return o[key] }

// New starts a chain: it opens goleveldb in cfg.Dir, runs InitChain with the
// funded accounts and a bonded ML-DSA-65 validator, and commits block 1.
func New(cfg Config) (*Harness, error) {
	if cfg.Dir == "" {
		return nil, errors.New("blockbench: Config.Dir is required")
	}
	cfg = withDefaults(cfg)
	gasPrices, err := sdk.ParseDecCoins(cfg.GasPrice)
	if err != nil {
		return nil, fmt.Errorf("gas price %q: %w", cfg.GasPrice, err)
	}
	// Genesis JSON and MsgSend carry bech32 strings, which follow the global
	// config; once per process, since parallel tests would race on it.
	setPrefixes.Do(params.SetAddressPrefixes)

	accounts := make([]*Account, cfg.Accounts)
	for i := range accounts {
		key, err := NewKey(cfg.KeyAlgo, "account", i)
		if err != nil {
			return nil, err
		}
		pub := key.PubKey()
		accounts[i] = &Account{Key: key, PubKey: pub, Address: sdk.AccAddress(pub.Address())}
	}
	consKey, err := NewKey(MLDSA65, "validator", 0)
	if err != nil {
		return nil, err
	}
	operator, err := NewKey(MLDSA65, "operator", 0)
	if err != nil {
		return nil, err
	}
	val := validator{consKey: consKey, operator: sdk.AccAddress(operator.PubKey().Address()), power: 1_000_000}
	bond := sdk.TokensFromConsensusPower(val.power, sdk.DefaultPowerReduction)

	db, err := dbm.NewGoLevelDB("application", cfg.Dir, nil)
	if err != nil {
		return nil, err
	}
	opts := appOptions{flags.FlagHome: cfg.Dir}
	for k, v := range cfg.AppOptions {
		opts[k] = v
	}
	a := app.New(cfg.Logger, db, true, opts, baseapp.SetChainID(ChainID), baseapp.SetMinGasPrices(cfg.GasPrice))
	h := &Harness{
		App: a, Accounts: accounts, gasLimit: cfg.GasLimit, gasPrices: gasPrices, maxBlockGas: cfg.MaxBlockGas,
		consAddr: sdk.ConsAddress(consKey.PubKey().Address()), power: val.power, blockTime: genesisTime, db: db,
	}
	if err := h.initChain(accounts, cfg.Coins, val, bond, cfg.Genesis); err != nil {
		_ = a.Close()
		return nil, err
	}
	return h, nil
}

func withDefaults(cfg Config) Config {
	if cfg.Accounts <= 0 {
		cfg.Accounts = 1
	}
	if cfg.KeyAlgo == "" {
		cfg.KeyAlgo = MLDSA65
	}
	if cfg.Coins.Empty() {
		cfg.Coins = sdk.NewCoins(sdk.NewCoin(params.BondDenom, math.NewInt(1_000_000_000_000_000)))
	}
	if cfg.GasLimit == 0 {
		cfg.GasLimit = DefaultGasLimit
	}
	if cfg.MaxBlockGas == 0 {
		cfg.MaxBlockGas = app.MaxBlockGas
	}
	if cfg.Logger == nil {
		cfg.Logger = log.NewNopLogger()
	}
	return cfg
}

// initChain runs InitChain and commits block 1, which writes the genesis
// state, then reads back the account numbers the chain assigned.
func (h *Harness) initChain(accounts []*Account, coins sdk.Coins, val validator, bond math.Int,
	change func(codec.JSONCodec, app.GenesisState, []*Account) error,
) error {
	cdc := h.App.AppCodec()
	genesis, err := genesisState(cdc, h.App.DefaultGenesis(), accounts, coins, val, bond)
	if err != nil {
		return err
	}
	if change != nil {
		if err := change(cdc, genesis, accounts); err != nil {
			return fmt.Errorf("Config.Genesis: %w", err)
		}
	}
	appState, err := json.Marshal(genesis)
	if err != nil {
		return err
	}
	cp := app.NewConsensusParams()
	cp.Block.MaxGas = h.maxBlockGas
	consensus := cp.ToProto()
	if _, err := h.App.InitChain(&abci.RequestInitChain{
		Time: genesisTime, ChainId: ChainID, InitialHeight: 1,
		ConsensusParams: &consensus, AppStateBytes: appState,
	}); err != nil {
		return fmt.Errorf("InitChain: %w", err)
	}
	if _, err := h.RunBlock(nil); err != nil {
		return err
	}
	return h.ReloadAccounts()
}

// RunBlock executes txs as the next block through FinalizeBlock and Commit and
// returns one result per tx; a failed tx is a result with a non-zero code, not
// an error. The block carries the validator's vote on the previous block.
func (h *Harness) RunBlock(txs [][]byte) ([]*abci.ExecTxResult, error) {
	h.height++
	h.blockTime = h.blockTime.Add(BlockInterval)
	req := &abci.RequestFinalizeBlock{
		Txs: txs, Height: h.height, Time: h.blockTime, ProposerAddress: h.consAddr,
	}
	if h.height > 1 { // block 1 has no previous block to vote on
		req.DecidedLastCommit = abci.CommitInfo{Votes: []abci.VoteInfo{{
			Validator:   abci.Validator{Address: h.consAddr, Power: h.power},
			BlockIdFlag: cmtproto.BlockIDFlagCommit,
		}}}
	}
	res, err := h.App.FinalizeBlock(req)
	if err != nil {
		return nil, fmt.Errorf("finalizing block %d: %w", h.height, err)
	}
	if _, err := h.App.Commit(); err != nil {
		return nil, fmt.Errorf("commit at height %d: %w", h.height, err)
	}
	return res.TxResults, nil
}

// Height is the height of the last committed block.
func (h *Harness) Height() int64 { return h.height }

// Context returns a context over a branch of the last committed state, for
// reading it through the keepers. Writes to it are discarded.
func (h *Harness) Context() sdk.Context {
	header := cmtproto.Header{ChainID: ChainID, Height: h.height, Time: h.blockTime}
	return sdk.NewContext(h.App.CommitMultiStore().CacheMultiStore(), header, false, h.App.Logger())
}

// Balance returns the committed balance of addr in denom.
func (h *Harness) Balance(addr sdk.AccAddress, denom string) math.Int {
	return h.App.BankKeeper.GetBalance(h.Context(), addr, denom).Amount
}

// ReloadAccounts reads every account's number and sequence from the committed
// state. Needed only after a tx was rejected by the ante handler in a block:
// its sequence was never used, so the tracked one ran ahead.
func (h *Harness) ReloadAccounts() error {
	ctx := h.Context()
	for _, acc := range h.Accounts {
		onChain := h.App.AccountKeeper.GetAccount(ctx, acc.Address)
		if onChain == nil {
			return fmt.Errorf("account %s is not in state", acc.Address)
		}
		acc.Number, acc.Sequence = onChain.GetAccountNumber(), onChain.GetSequence()
	}
	return nil
}

// CompactDB compacts the whole goleveldb database and returns when it is
// done. A benchmark that has just written much state (e.g. straight through
// a keeper) calls it before timing: otherwise the compactions those writes
// triggered run in the background during the timed part, taking a core
// from it, and the result depends on how far along they are.
func (h *Harness) CompactDB() error { return h.db.ForceCompact(nil, nil) }

// Close closes the app and its database.
func (h *Harness) Close() error { return h.App.Close() }
