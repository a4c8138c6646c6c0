package chain

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync"
	"time"

	cmtmldsa "github.com/cometbft/cometbft/crypto/mldsa65"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/cosmos/cosmos-sdk/client/grpc/cmtservice"
	clienttx "github.com/cosmos/cosmos-sdk/client/tx"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	"github.com/cosmos/cosmos-sdk/crypto/keys/mldsa65"
	cryptotypes "github.com/cosmos/cosmos-sdk/crypto/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
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
		if !c.accKnown {
			if err := c.loadAccount(ctx); err != nil {
				return TxResult{}, err
			}
		}
		res, err := c.signAndBroadcast(ctx, msgs)
		if err == nil {
			c.sequence++
			return res, nil
		}
		expected, mismatch := sequenceMismatch(err)
		if !mismatch {
			return res, err
		}
		// Someone else used the key, a tx of ours went missing, or txs of
		// the key wait in the mempool (which the committed account does
		// not count): take the sequence the node expects, or read it
		// again, and retry.
		switch {
		case attempt >= maxSequenceRetries:
			c.accKnown = false
			return res, err
		case expected >= 0:
			c.sequence = uint64(expected)
		default:
			c.accKnown = false
		}
	}
}

// maxSequenceRetries bounds the retries of a tx refused for its sequence.
const maxSequenceRetries = 2

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
