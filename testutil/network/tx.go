package network

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/cosmos/cosmos-sdk/client"
	clienttx "github.com/cosmos/cosmos-sdk/client/tx"
	"github.com/cosmos/cosmos-sdk/crypto/hd"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/tx/signing"
	authtx "github.com/cosmos/cosmos-sdk/x/auth/tx"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
)

// DefaultGasLimit covers any single-Msg PowerShare tx signed with ML-DSA-65,
// including a settlement with the x/achievements hooks it runs (about 400k).
const DefaultGasLimit = 600_000

// SignTx signs msgs with the key named signer in the validator's keyring,
// reading its account number and sequence from the chain, and returns the
// encoded tx ready to broadcast.
func SignTx(val *Validator, signer string, gasLimit uint64, msgs ...sdk.Msg) ([]byte, error) {
	factory := clienttx.Factory{}.
		WithChainID(val.ClientCtx.ChainID).
		WithKeybase(val.ClientCtx.Keyring).
		WithTxConfig(val.ClientCtx.TxConfig).
		WithAccountRetriever(val.ClientCtx.AccountRetriever).
		WithSignMode(signing.SignMode_SIGN_MODE_DIRECT).
		WithGas(gasLimit).
		WithFees(Fee(gasLimit).String())

	record, err := val.ClientCtx.Keyring.Key(signer)
	if err != nil {
		return nil, fmt.Errorf("key %s: %w", signer, err)
	}
	from, err := record.GetAddress()
	if err != nil {
		return nil, err
	}
	factory, err = factory.Prepare(val.ClientCtx.WithFromAddress(from))
	if err != nil {
		return nil, fmt.Errorf("preparing tx of %s: %w", signer, err)
	}
	builder, err := factory.BuildUnsignedTx(msgs...)
	if err != nil {
		return nil, err
	}
	if err := clienttx.Sign(context.Background(), factory, signer, builder, true); err != nil {
		return nil, fmt.Errorf("signing with %s: %w", signer, err)
	}
	return val.ClientCtx.TxConfig.TxEncoder()(builder.GetTx())
}

// BroadcastSync submits an encoded tx and returns the CheckTx answer.
func BroadcastSync(val *Validator, txBytes []byte) (*sdk.TxResponse, error) {
	return val.ClientCtx.WithBroadcastMode("sync").BroadcastTx(txBytes)
}

// WaitForTx waits until the tx with the given hash is in a block and returns
// its result, giving up after timeout.
func WaitForTx(net *Network, hash string, timeout time.Duration) (*sdk.TxResponse, error) {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		res, err := authtx.QueryTx(net.Validators[0].ClientCtx, hash)
		if err == nil {
			return res, nil
		}
		if err := net.WaitForNextBlock(); err != nil {
			return nil, err
		}
	}
	return nil, fmt.Errorf("tx %s not in a block after %s", hash, timeout)
}

// Deliver signs, broadcasts and waits for a tx with DefaultGasLimit per Msg;
// it fails if CheckTx rejects it and returns the block result otherwise
// (whose Code may still be non-zero).
func Deliver(net *Network, signer string, msgs ...sdk.Msg) (*sdk.TxResponse, error) {
	return DeliverWithGas(net, signer, DefaultGasLimit*uint64(len(msgs)), msgs...)
}

// DeliverWithGas is Deliver with an explicit gas limit, for txs (large
// batches) that need more than DefaultGasLimit per Msg.
func DeliverWithGas(net *Network, signer string, gasLimit uint64, msgs ...sdk.Msg) (*sdk.TxResponse, error) {
	val := net.Validators[0]
	txBytes, err := SignTx(val, signer, gasLimit, msgs...)
	if err != nil {
		return nil, err
	}
	res, err := BroadcastSync(val, txBytes)
	if err != nil {
		return nil, err
	}
	if res.Code != 0 {
		return res, fmt.Errorf("CheckTx rejected the tx: code %d: %s", res.Code, res.RawLog)
	}
	return WaitForTx(net, res.TxHash, 20*time.Second)
}

// Balance returns the balance of addr in denom, read through the first validator.
func Balance(clientCtx client.Context, addr sdk.AccAddress, denom string) (sdk.Coin, error) {
	res, err := banktypes.NewQueryClient(clientCtx).Balance(context.Background(),
		&banktypes.QueryBalanceRequest{Address: addr.String(), Denom: denom})
	if err != nil {
		return sdk.Coin{}, err
	}
	if res.Balance == nil {
		return sdk.Coin{}, errors.New("no balance in response")
	}
	return *res.Balance, nil
}

// NewAccount creates an ML-DSA-65 key named name in validator 0's keyring
// and funds it with amount from validator 0, through consensus.
func NewAccount(net *Network, name string, amount sdk.Coins) (sdk.AccAddress, error) {
	val := net.Validators[0]
	record, _, err := val.ClientCtx.Keyring.NewMnemonic(name, keyring.English, sdk.FullFundraiserPath, "", hd.MlDsa65)
	if err != nil {
		return nil, err
	}
	addr, err := record.GetAddress()
	if err != nil {
		return nil, err
	}
	res, err := Deliver(net, val.Moniker, banktypes.NewMsgSend(val.Address, addr, amount))
	if err != nil {
		return nil, err
	}
	if res.Code != 0 {
		return nil, fmt.Errorf("funding %s: code %d: %s", name, res.Code, res.RawLog)
	}
	return addr, nil
}
