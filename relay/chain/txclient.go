package chain

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtmldsa "github.com/cometbft/cometbft/crypto/mldsa65"
	gogoproto "github.com/cosmos/gogoproto/proto"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/cosmos/cosmos-sdk/client/grpc/cmtservice"
	clienttx "github.com/cosmos/cosmos-sdk/client/tx"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	"github.com/cosmos/cosmos-sdk/crypto/keys/mldsa65"
	cryptotypes "github.com/cosmos/cosmos-sdk/crypto/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	txtypes "github.com/cosmos/cosmos-sdk/types/tx"
	"github.com/cosmos/cosmos-sdk/types/tx/signing"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/powershare/powershare/relay/config"
)

// TxOptions are how a TxClient signs and waits.
type TxOptions struct {
	// From is the keyring key that signs.
	From string
	// ChainID is the chain to sign for; empty takes the node's. A node of
	// another chain is refused.
	ChainID string
	// GasPrices is the price offered per unit of gas, e.g. 0.001upwc;
	// empty offers no fee.
	GasPrices string
	// GasAdjustment multiplies the simulated gas (at least 1).
	GasAdjustment float64
	// RequestTimeout bounds each gRPC call.
	RequestTimeout time.Duration
	// InclusionTimeout bounds the wait for a block that includes a tx.
	InclusionTimeout time.Duration
	// InclusionPoll is the interval between looks for it.
	InclusionPoll time.Duration
	// Memo is put on every tx.
	Memo string
}

// TxOptionsFrom takes the options from a relay's chain settings.
func TxOptionsFrom(c config.Chain) TxOptions {
	return TxOptions{
		From: c.From, ChainID: c.ChainID, GasPrices: c.GasPrices, GasAdjustment: c.GasAdjustment,
		RequestTimeout: c.RequestTimeout, InclusionTimeout: c.InclusionTimeout, InclusionPoll: c.InclusionPoll,
	}
}

// TxResult is a broadcast tx: after Broadcast its hash (Height 0), after
// Wait or Send its block result.
type TxResult struct {
	Hash      string `json:"tx_hash"`
	Height    int64  `json:"height"`
	Code      uint32 `json:"code"`
	Codespace string `json:"codespace,omitempty"`
	Log       string `json:"raw_log,omitempty"`
	GasWanted int64  `json:"gas_wanted"`
	GasUsed   int64  `json:"gas_used"`
	// Events are the tx's events, for callers that read ids from them.
	Events []abci.Event `json:"-"`
	// MsgResponses are the responses of the tx's Msgs, in order
	// (MsgResponse decodes one).
	MsgResponses []*codectypes.Any `json:"-"`
}

// Stages at which the chain can refuse a tx (TxError.Stage).
const (
	StageSimulate = "simulate" // the node's simulation refused it: nothing was broadcast
	StageCheck    = "check"    // CheckTx refused it: not in the mempool, the sequence not used
	StageDeliver  = "deliver"  // included in a block but failed: the fee is paid, the sequence used
)

// TxError is the chain refusing a tx: its code, codespace and log. Callers
// tell it from transport errors (node down, timeout) with errors.As: a
// refused tx does not succeed when sent again unchanged.
type TxError struct {
	Stage  string
	Result TxResult
}

func (e *TxError) Error() string {
	switch e.Stage {
	case StageSimulate:
		return fmt.Sprintf("the chain refused the tx in simulation (nothing was broadcast): %s", e.Result.Log)
	case StageCheck:
		return fmt.Sprintf("the node refused tx %s (CheckTx): code %d (%s): %s", e.Result.Hash, e.Result.Code, e.Result.Codespace, e.Result.Log)
	default:
		return fmt.Sprintf("tx %s failed in block %d: code %d (%s): %s", e.Result.Hash, e.Result.Height, e.Result.Code, e.Result.Codespace, e.Result.Log)
	}
}

// ErrNotIncluded is a broadcast tx not found in a block within the
// inclusion timeout. It may still be included later: look it up by hash
// ('powershared q tx <hash>') before sending its Msgs again.
var ErrNotIncluded = errors.New("tx not included in a block in time")

// TxClient signs txs with one keyring key and sends them. It tracks the
// account's sequence itself, so that a worker can send tx after tx (even
// several per block with Broadcast), and reloads it from the chain when the
// node reports a mismatch or a tx went missing. It is safe for concurrent
// use; Broadcasts are serialised.
type TxClient struct {
	enc     Encoding
	kr      keyring.Keyring
	opts    TxOptions
	address sdk.AccAddress
	addrStr string
	pubKey  cryptotypes.PubKey
	// sigGas is the gas of the signature bytes, which simulation (run on an
	// unsigned tx that reserves 64 bytes for it) does not see.
	sigGas uint64

	auth authtypes.QueryClient
	tx   txtypes.ServiceClient

	mu       sync.Mutex // guards what follows
	accKnown bool
	accNum   uint64
	sequence uint64
}

// NewTxClient returns a client signing with opts.From from kr, after
// checking that the key exists and that the node behind conn is the
// PowerShare chain opts.ChainID names. The account need not exist yet: it is
// read on the first Broadcast.
func NewTxClient(ctx context.Context, conn *grpc.ClientConn, kr keyring.Keyring, opts TxOptions) (*TxClient, error) {
	enc, err := sharedEncoding()
	if err != nil {
		return nil, err
	}
	opts = withDefaults(opts)
	if opts.GasAdjustment < 1 {
		return nil, fmt.Errorf("gas adjustment %g: at least 1", opts.GasAdjustment)
	}
	// The factory panics on prices it cannot parse: refuse them here.
	if _, err := sdk.ParseDecCoins(opts.GasPrices); err != nil {
		return nil, fmt.Errorf("gas prices %q: %w", opts.GasPrices, err)
	}
	if opts.From == "" {
		return nil, errors.New("no signing key: name one with --from (or chain.from in the configuration)")
	}
	addr, record, err := keyAddress(kr, opts.From)
	if err != nil {
		return nil, err
	}
	pubKey, err := record.GetPubKey()
	if err != nil {
		return nil, fmt.Errorf("key %q: %w", opts.From, err)
	}
	addrStr, err := AddressString(addr)
	if err != nil {
		return nil, err
	}
	c := &TxClient{
		enc: enc, kr: kr, opts: opts, address: addr, addrStr: addrStr, pubKey: pubKey,
		auth: authtypes.NewQueryClient(conn), tx: txtypes.NewServiceClient(conn),
	}
	if err := c.checkNode(ctx, conn); err != nil {
		return nil, err
	}
	return c, nil
}

func withDefaults(o TxOptions) TxOptions {
	d := config.Default().Chain
	if o.GasAdjustment == 0 {
		o.GasAdjustment = d.GasAdjustment
	}
	if o.RequestTimeout <= 0 {
		o.RequestTimeout = d.RequestTimeout
	}
	if o.InclusionTimeout <= 0 {
		o.InclusionTimeout = d.InclusionTimeout
	}
	if o.InclusionPoll <= 0 {
		o.InclusionPoll = d.InclusionPoll
	}
	return o
}

// checkNode compares the node's chain id and address prefix with ours and
// prices the signature's bytes.
func (c *TxClient) checkNode(ctx context.Context, conn *grpc.ClientConn) error {
	rctx, cancel := context.WithTimeout(ctx, c.opts.RequestTimeout)
	defer cancel()
	info, err := cmtservice.NewServiceClient(conn).GetNodeInfo(rctx, &cmtservice.GetNodeInfoRequest{})
	if err != nil {
		return fmt.Errorf("asking the node for its chain id: %w", err)
	}
	network := info.GetDefaultNodeInfo().GetNetwork()
	switch {
	case c.opts.ChainID == "":
		c.opts.ChainID = network
	case c.opts.ChainID != network:
		return fmt.Errorf("the node serves chain %q, not %q: point chain.grpc (--grpc) at a node of %q or set chain.chain_id (--chain-id) to %q",
			network, c.opts.ChainID, c.opts.ChainID, network)
	}
	prefix, err := c.auth.Bech32Prefix(rctx, &authtypes.Bech32PrefixRequest{})
	if err != nil {
		return fmt.Errorf("asking the node for its address prefix: %w", err)
	}
	if prefix.Bech32Prefix != Bech32Prefix {
		return fmt.Errorf("the node's addresses start with %q, not %q: it is not a PowerShare node", prefix.Bech32Prefix, Bech32Prefix)
	}
	params, err := c.auth.Params(rctx, &authtypes.QueryParamsRequest{})
	if err != nil {
		return fmt.Errorf("asking the node for the auth parameters: %w", err)
	}
	c.sigGas = params.Params.TxSizeCostPerByte * uint64(signatureSize(c.pubKey))
	return nil
}

// signatureSize is the length of a signature by pubKey's key type.
func signatureSize(pubKey cryptotypes.PubKey) int {
	if _, ok := pubKey.(*mldsa65.PubKey); ok {
		return cmtmldsa.SignatureSize
	}
	return 64 // secp256k1 and ed25519
}

// Address is the signer's bech32 address.
func (c *TxClient) Address() string { return c.addrStr }

// ChainID is the chain the client signs for.
func (c *TxClient) ChainID() string { return c.opts.ChainID }

// Send broadcasts msgs in one tx and waits for the block that includes it.
// A tx refused by the chain, before or in the block, is a *TxError; a tx
// not seen in time is ErrNotIncluded.
func (c *TxClient) Send(ctx context.Context, msgs ...sdk.Msg) (TxResult, error) {
	res, err := c.Broadcast(ctx, msgs...)
	if err != nil {
		return res, err
	}
	return c.Wait(ctx, res.Hash)
}

// Broadcast signs msgs in one tx and hands it to the node (CheckTx), without
// waiting for a block: a worker may broadcast several txs and Wait for them
// after. The result carries the hash and the gas wanted.
func (c *TxClient) Broadcast(ctx context.Context, msgs ...sdk.Msg) (TxResult, error) {
	if len(msgs) == 0 {
		return TxResult{}, errors.New("a tx needs at least one Msg")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for attempt := 0; ; attempt++ {
		fresh := false
		if !c.accKnown {
			if err := c.loadAccount(ctx); err != nil {
				return TxResult{}, err
			}
			fresh = true
		}
		res, err := c.signAndBroadcast(ctx, msgs)
		if err == nil {
			c.sequence++
			return res, nil
		}
		if wrongSequence(err) {
			// Someone else used the key, or a tx of ours went missing:
			// read the sequence again, and retry once if it was cached.
			c.accKnown = false
			if !fresh && attempt == 0 {
				continue
			}
		}
		return res, err
	}
}

// loadAccount reads the account number and sequence from the chain.
func (c *TxClient) loadAccount(ctx context.Context) error {
	rctx, cancel := context.WithTimeout(ctx, c.opts.RequestTimeout)
	defer cancel()
	res, err := c.auth.AccountInfo(rctx, &authtypes.QueryAccountInfoRequest{Address: c.addrStr})
	if err != nil {
		if status.Code(err) == codes.NotFound {
			return fmt.Errorf("account %s (key %q) is not on chain %s: send it PowerCoin for fees first", c.addrStr, c.opts.From, c.opts.ChainID)
		}
		return fmt.Errorf("reading account %s: %w", c.addrStr, err)
	}
	c.accNum, c.sequence, c.accKnown = res.Info.GetAccountNumber(), res.Info.GetSequence(), true
	return nil
}

func (c *TxClient) factory() clienttx.Factory {
	return clienttx.Factory{}.
		WithTxConfig(c.enc.TxConfig).
		WithKeybase(c.kr).
		WithFromName(c.opts.From).
		WithChainID(c.opts.ChainID).
		WithAccountNumber(c.accNum).
		WithSequence(c.sequence).
		WithSignMode(signing.SignMode_SIGN_MODE_DIRECT).
		WithSimulateAndExecute(true). // simulate with the key's own public key type
		WithGasPrices(c.opts.GasPrices).
		WithMemo(c.opts.Memo)
}

func (c *TxClient) signAndBroadcast(ctx context.Context, msgs []sdk.Msg) (TxResult, error) {
	txf := c.factory()
	gas, err := c.simulate(ctx, txf, msgs)
	if err != nil {
		return TxResult{}, err
	}
	txf = txf.WithGas(gas)
	builder, err := txf.BuildUnsignedTx(msgs...)
	if err != nil {
		return TxResult{}, fmt.Errorf("building the tx: %w", err)
	}
	if err := clienttx.Sign(ctx, txf, c.opts.From, builder, true); err != nil {
		return TxResult{}, fmt.Errorf("signing with key %q: %w", c.opts.From, err)
	}
	txBytes, err := c.enc.TxConfig.TxEncoder()(builder.GetTx())
	if err != nil {
		return TxResult{}, fmt.Errorf("encoding the tx: %w", err)
	}

	rctx, cancel := context.WithTimeout(ctx, c.opts.RequestTimeout)
	defer cancel()
	res, err := c.tx.BroadcastTx(rctx, &txtypes.BroadcastTxRequest{TxBytes: txBytes, Mode: txtypes.BroadcastMode_BROADCAST_MODE_SYNC})
	if err != nil {
		return TxResult{}, fmt.Errorf("broadcasting the tx: %w", err)
	}
	r := res.GetTxResponse()
	if r == nil {
		return TxResult{}, errors.New("broadcasting the tx: the node answered without a result")
	}
	result := TxResult{Hash: r.TxHash, Code: r.Code, Codespace: r.Codespace, Log: r.RawLog, GasWanted: int64(gas)}
	if r.Code != 0 {
		return result, &TxError{Stage: StageCheck, Result: result}
	}
	return result, nil
}

// simulate returns the gas to ask for: the simulated gas times the
// adjustment, plus the signature's bytes.
func (c *TxClient) simulate(ctx context.Context, txf clienttx.Factory, msgs []sdk.Msg) (uint64, error) {
	simBytes, err := txf.BuildSimTx(msgs...)
	if err != nil {
		return 0, fmt.Errorf("building the tx to simulate: %w", err)
	}
	rctx, cancel := context.WithTimeout(ctx, c.opts.RequestTimeout)
	defer cancel()
	res, err := c.tx.Simulate(rctx, &txtypes.SimulateRequest{TxBytes: simBytes})
	if err != nil {
		if chainRefused(err) {
			return 0, &TxError{Stage: StageSimulate, Result: TxResult{Log: status.Convert(err).Message()}}
		}
		return 0, fmt.Errorf("simulating the tx: %w", err)
	}
	used := res.GetGasInfo().GetGasUsed()
	return uint64(math.Ceil(float64(used)*c.opts.GasAdjustment)) + c.sigGas, nil
}

// chainRefused tells a refusal by the chain's logic from a transport
// failure, in the gRPC status of a simulation.
func chainRefused(err error) bool {
	switch status.Code(err) {
	case codes.Unavailable, codes.DeadlineExceeded, codes.Canceled, codes.ResourceExhausted, codes.Unimplemented:
		return false
	default:
		return true
	}
}

// wrongSequence says whether the chain refused a tx for its sequence.
func wrongSequence(err error) bool {
	var txErr *TxError
	if !errors.As(err, &txErr) {
		return false
	}
	r := txErr.Result
	return (r.Codespace == sdkerrors.ErrWrongSequence.Codespace() && r.Code == sdkerrors.ErrWrongSequence.ABCICode()) ||
		strings.Contains(r.Log, sdkerrors.ErrWrongSequence.Error())
}

// Wait polls the node until the tx with hash is in a block, for at most
// the inclusion timeout, and returns its result; a tx that failed in the
// block is a *TxError with that result.
func (c *TxClient) Wait(ctx context.Context, hash string) (TxResult, error) {
	wctx, cancel := context.WithTimeout(ctx, c.opts.InclusionTimeout)
	defer cancel()
	ticker := time.NewTicker(c.opts.InclusionPoll)
	defer ticker.Stop()
	var lastErr error
	for {
		res, err := c.getTx(wctx, hash)
		switch {
		case err == nil:
			return res, nil
		case status.Code(err) != codes.NotFound:
			var txErr *TxError
			if errors.As(err, &txErr) {
				return res, err
			}
			if wctx.Err() == nil { // not just the wait running out
				lastErr = err
			}
		}
		select {
		case <-wctx.Done():
			if ctx.Err() != nil {
				return TxResult{Hash: hash}, fmt.Errorf("waiting for tx %s: %w", hash, ctx.Err())
			}
			// The tx may have been dropped from the mempool: the next
			// Broadcast reads the sequence again rather than trust ours.
			c.forgetAccount()
			err := fmt.Errorf("%w: %s after %s; look it up later with 'powershared q tx %s' before sending its Msgs again",
				ErrNotIncluded, hash, c.opts.InclusionTimeout, hash)
			if lastErr != nil {
				err = fmt.Errorf("%w (last error from the node: %w)", err, lastErr)
			}
			return TxResult{Hash: hash}, err
		case <-ticker.C:
		}
	}
}

func (c *TxClient) getTx(ctx context.Context, hash string) (TxResult, error) {
	rctx, cancel := context.WithTimeout(ctx, c.opts.RequestTimeout)
	defer cancel()
	res, err := c.tx.GetTx(rctx, &txtypes.GetTxRequest{Hash: hash})
	if err != nil {
		return TxResult{}, err
	}
	r := res.GetTxResponse()
	if r == nil {
		return TxResult{}, fmt.Errorf("tx %s: the node answered without a result", hash)
	}
	result := TxResult{Hash: r.TxHash, Height: r.Height, Code: r.Code, Codespace: r.Codespace, Log: r.RawLog,
		GasWanted: r.GasWanted, GasUsed: r.GasUsed, Events: r.Events}
	if r.Code != 0 {
		return result, &TxError{Stage: StageDeliver, Result: result}
	}
	if result.MsgResponses, err = msgResponses(r.Data); err != nil {
		return result, fmt.Errorf("tx %s: reading its Msg responses: %w", hash, err)
	}
	return result, nil
}

func (c *TxClient) forgetAccount() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.accKnown = false
}

// msgResponses reads the Msg responses from a TxResponse's data (the hex
// of a TxMsgData).
func msgResponses(data string) ([]*codectypes.Any, error) {
	if data == "" {
		return nil, nil
	}
	bz, err := hex.DecodeString(data)
	if err != nil {
		return nil, err
	}
	var msgData sdk.TxMsgData
	if err := gogoproto.Unmarshal(bz, &msgData); err != nil {
		return nil, err
	}
	return msgData.MsgResponses, nil
}

// MsgResponse decodes the response of the i-th Msg into resp, e.g. a
// *beckntypes.MsgSubscribeResponse.
func (r TxResult) MsgResponse(i int, resp gogoproto.Message) error {
	if i < 0 || i >= len(r.MsgResponses) {
		return fmt.Errorf("tx %s has %d Msg responses, not %d", r.Hash, len(r.MsgResponses), i+1)
	}
	a := r.MsgResponses[i]
	if want := "/" + gogoproto.MessageName(resp); a.TypeUrl != want {
		return fmt.Errorf("Msg response %d of tx %s is a %s, not a %s", i, r.Hash, a.TypeUrl, want)
	}
	return gogoproto.Unmarshal(a.Value, resp)
}
