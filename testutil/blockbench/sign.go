package blockbench

import (
	"context"
	"fmt"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/client"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/tx/signing"
	authsigning "github.com/cosmos/cosmos-sdk/x/auth/signing"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/powershare/powershare/app"
	"github.com/powershare/powershare/app/params"
)

// Fee is what a tx with the given gas limit pays: the gas price times the
// limit, rounded up as the ante handler's minimum-fee check rounds. It is
// empty when the gas price is zero.
func (h *Harness) Fee(gas uint64) sdk.Coins {
	fee := sdk.NewCoins()
	for _, price := range h.gasPrices {
		amount := price.Amount.MulInt(math.NewIntFromUint64(gas)).Ceil().TruncateInt()
		fee = fee.Add(sdk.NewCoin(price.Denom, amount))
	}
	return fee
}

// SignTx signs msgs as one tx of from with the configured gas limit and
// returns its encoding. from must be the signer of every msg and pays the fee.
// The tracked sequence advances, so the tx must go into a block exactly once.
func (h *Harness) SignTx(from *Account, msgs ...sdk.Msg) ([]byte, error) {
	return h.SignTxWithGas(from, h.gasLimit, msgs...)
}

// SignTxWithGas is SignTx with an explicit gas limit.
func (h *Harness) SignTxWithGas(from *Account, gas uint64, msgs ...sdk.Msg) ([]byte, error) {
	builder, sig, doc, err := h.unsignedTx(from, gas, msgs)
	if err != nil {
		return nil, err
	}
	if sig.Data.(*signing.SingleSignatureData).Signature, err = from.Key.Sign(doc); err != nil {
		return nil, err
	}
	if err := builder.SetSignatures(sig); err != nil {
		return nil, err
	}
	bz, err := h.App.TxConfig().TxEncoder()(builder.GetTx())
	if err != nil {
		return nil, err
	}
	from.Sequence++
	return bz, nil
}

// SignBytes returns the SIGN_MODE_DIRECT sign doc SignTxWithGas would sign
// next for from, without advancing its sequence.
func (h *Harness) SignBytes(from *Account, gas uint64, msgs ...sdk.Msg) ([]byte, error) {
	_, _, doc, err := h.unsignedTx(from, gas, msgs)
	return doc, err
}

// unsignedTx builds the tx with an empty signature carrying from's public key
// and sequence (both are part of the signed AuthInfo), and its sign doc.
func (h *Harness) unsignedTx(from *Account, gas uint64, msgs []sdk.Msg) (client.TxBuilder, signing.SignatureV2, []byte, error) {
	txConfig := h.App.TxConfig()
	builder := txConfig.NewTxBuilder()
	sig := signing.SignatureV2{
		PubKey:   from.PubKey,
		Data:     &signing.SingleSignatureData{SignMode: signing.SignMode_SIGN_MODE_DIRECT},
		Sequence: from.Sequence,
	}
	if err := builder.SetMsgs(msgs...); err != nil {
		return nil, sig, nil, err
	}
	builder.SetGasLimit(gas)
	builder.SetFeeAmount(h.Fee(gas))
	if err := builder.SetSignatures(sig); err != nil {
		return nil, sig, nil, err
	}
	signer := authsigning.SignerData{
		Address: from.Address.String(), ChainID: ChainID,
		AccountNumber: from.Number, Sequence: from.Sequence, PubKey: sig.PubKey,
	}
	doc, err := authsigning.GetSignBytesAdapter(context.Background(), txConfig.SignModeHandler(),
		signing.SignMode_SIGN_MODE_DIRECT, signer, builder.GetTx())
	return builder, sig, doc, err
}

// BankSend is a MsgSend of amount upwc.
func BankSend(from, to *Account, amount math.Int) sdk.Msg {
	return banktypes.NewMsgSend(from.Address, to.Address, sdk.NewCoins(sdk.NewCoin(params.BondDenom, amount)))
}

// BankSends signs n txs, each one MsgSend of amount upwc from account i to
// account i+1 (the last sends to the first): the baseline block that other
// modules compare their throughput with. Distinct senders keep the txs
// independent, as in a busy block of many users.
func (h *Harness) BankSends(n int, amount math.Int) ([][]byte, error) {
	if n > len(h.Accounts) {
		return nil, fmt.Errorf("%d bank sends need %d accounts, the harness has %d", n, n, len(h.Accounts))
	}
	txs := make([][]byte, n)
	for i := range txs {
		from, to := h.Accounts[i], h.Accounts[(i+1)%len(h.Accounts)]
		tx, err := h.SignTx(from, BankSend(from, to, amount))
		if err != nil {
			return nil, err
		}
		txs[i] = tx
	}
	return txs, nil
}

// FitsBlock reports whether txs fit one block of the harness's chain: at most
// app.MaxBlockBytes of txs and the block gas limit of gas wanted, the limits
// a proposer packs to. Benchmarks check it so that their blocks are real ones.
func (h *Harness) FitsBlock(txs [][]byte) error {
	var size int
	var gas uint64
	decode := h.App.TxConfig().TxDecoder()
	for i, bz := range txs {
		tx, err := decode(bz)
		if err != nil {
			return fmt.Errorf("tx %d: %w", i, err)
		}
		feeTx, ok := tx.(sdk.FeeTx)
		if !ok {
			return fmt.Errorf("tx %d has no gas limit", i)
		}
		size += len(bz)
		gas += feeTx.GetGas()
	}
	if size > app.MaxBlockBytes {
		return fmt.Errorf("txs are %d bytes, a block holds %d", size, app.MaxBlockBytes)
	}
	if h.maxBlockGas >= 0 && gas > uint64(h.maxBlockGas) {
		return fmt.Errorf("txs want %d gas, a block allows %d", gas, h.maxBlockGas)
	}
	return nil
}
