package e2e_test

import (
	"context"
	"testing"
	"time"

	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/stretchr/testify/suite"

	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/crypto/hd"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	"github.com/cosmos/cosmos-sdk/crypto/keys/ed25519"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	"github.com/cosmos/cosmos-sdk/types/tx/signing"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/powershare/powershare/app/params"
	"github.com/powershare/powershare/testutil/network"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// FoundationSuite runs the chain-foundation flows on one 4-validator network
// with ML-DSA-65 consensus keys and ML-DSA-65 operator accounts.
type FoundationSuite struct {
	suite.Suite
	net *network.Network
}

func TestFoundation(t *testing.T) {
	suite.Run(t, new(FoundationSuite))
}

func (s *FoundationSuite) SetupSuite() {
	s.net = network.New(s.T(), network.DefaultConfig())
}

// validator0 is the validator whose RPC the tests use; its operator key
// ("node0", ML-DSA-65) signs the transactions.
func (s *FoundationSuite) validator0() *network.Validator { return s.net.Validators[0] }

func (s *FoundationSuite) balance(addr sdk.AccAddress) sdkmath.Int {
	coin, err := network.Balance(s.validator0().ClientCtx, addr, params.BondDenom)
	s.Require().NoError(err)
	return coin.Amount
}

func (s *FoundationSuite) sequence(addr sdk.AccAddress) uint64 {
	_, seq, err := s.validator0().ClientCtx.AccountRetriever.GetAccountNumberSequence(s.validator0().ClientCtx, addr)
	s.Require().NoError(err)
	return seq
}

func (s *FoundationSuite) newRecipient(name string) sdk.AccAddress {
	record, _, err := s.validator0().ClientCtx.Keyring.NewMnemonic(name, keyring.English, sdk.FullFundraiserPath, "", hd.MlDsa65)
	s.Require().NoError(err)
	addr, err := record.GetAddress()
	s.Require().NoError(err)
	return addr
}

// grantRole has validator 0's operator (the ADMIN) grant addr a chain-wide role.
func (s *FoundationSuite) grantRole(addr sdk.AccAddress, role rbactypes.Role) {
	val := s.validator0()
	res, err := network.Deliver(s.net, val.Moniker, &rbactypes.MsgGrantRole{
		Signer: val.Address.String(), Address: addr.String(), Role: role,
	})
	s.Require().NoError(err)
	s.Require().Zero(res.Code, res.RawLog)
}

func (s *FoundationSuite) TestAllValidatorsSignBlocksWithMLDSA() {
	height, err := s.net.LatestHeight()
	s.Require().NoError(err)
	_, err = s.net.WaitForHeight(height + 2)
	s.Require().NoError(err)

	rpc := s.validator0().RPCClient
	block, err := rpc.Block(context.Background(), &height)
	s.Require().NoError(err)
	// The commit in block h+1 carries the precommits for block h.
	next := height + 1
	commit, err := rpc.Commit(context.Background(), &next)
	s.Require().NoError(err)
	s.Require().Len(commit.Commit.Signatures, 4)
	for i, sig := range commit.Commit.Signatures {
		s.Equal(cmttypes.BlockIDFlagCommit, sig.BlockIDFlag, "validator %d did not sign block %d", i, block.Block.Height)
		s.Len(sig.Signature, 3309, "validator %d signature is not ML-DSA-65 sized", i)
	}

	vals, err := rpc.Validators(context.Background(), &height, nil, nil)
	s.Require().NoError(err)
	for _, v := range vals.Validators {
		s.Equal("ml_dsa_65", v.PubKey.Type())
	}
}

func (s *FoundationSuite) TestMLDSABankSendIsIncluded() {
	val := s.validator0()
	to := s.newRecipient("mldsa-recipient")
	amount := sdk.NewInt64Coin(params.BondDenom, 1_234_567)
	before := s.balance(val.Address)

	res, err := network.Deliver(s.net, val.Moniker, banktypes.NewMsgSend(val.Address, to, sdk.NewCoins(amount)))
	s.Require().NoError(err)
	s.Require().Zero(res.Code, res.RawLog)

	s.Equal(amount.Amount, s.balance(to))
	fee := network.Fee(network.DefaultGasLimit).AmountOf(params.BondDenom)
	s.Equal(before.Sub(amount.Amount).Sub(fee), s.balance(val.Address), "sender pays amount + fee, nothing else")
}

func (s *FoundationSuite) TestFlippedSignatureByteIsRejectedAndChangesNothing() {
	val := s.validator0()
	to := s.newRecipient("flipped-recipient")
	txBytes, err := network.SignTx(val, val.Moniker, network.DefaultGasLimit,
		banktypes.NewMsgSend(val.Address, to, sdk.NewCoins(sdk.NewInt64Coin(params.BondDenom, 1_000))))
	s.Require().NoError(err)

	tampered := s.flipSignatureByte(txBytes)
	senderBefore, seqBefore := s.balance(val.Address), s.sequence(val.Address)

	res, err := network.BroadcastSync(val, tampered)
	s.Require().NoError(err)
	s.Equal(sdkerrors.ErrUnauthorized.ABCICode(), res.Code, res.RawLog)
	s.Contains(res.RawLog, "signature verification failed")

	s.Require().NoError(s.net.WaitForNextBlock())
	s.True(s.balance(to).IsZero(), "the recipient received nothing")
	s.Equal(senderBefore, s.balance(val.Address), "the sender paid nothing, not even the fee")
	s.Equal(seqBefore, s.sequence(val.Address), "the sequence did not move")
}

// flipSignatureByte decodes a signed tx, flips one bit of its only signature
// and encodes it again.
func (s *FoundationSuite) flipSignatureByte(txBytes []byte) []byte {
	txConfig := s.validator0().ClientCtx.TxConfig
	decoded, err := txConfig.TxDecoder()(txBytes)
	s.Require().NoError(err)
	builder, err := txConfig.WrapTxBuilder(decoded)
	s.Require().NoError(err)
	sigs, err := builder.GetTx().GetSignaturesV2()
	s.Require().NoError(err)
	s.Require().Len(sigs, 1)
	single, ok := sigs[0].Data.(*signing.SingleSignatureData)
	s.Require().True(ok)
	single.Signature[len(single.Signature)/2] ^= 0x01
	s.Require().NoError(builder.SetSignatures(sigs...))
	out, err := txConfig.TxEncoder()(builder.GetTx())
	s.Require().NoError(err)
	return out
}

func (s *FoundationSuite) TestReplayedTxIsRejected() {
	val := s.validator0()
	to := s.newRecipient("replay-recipient")
	amount := sdk.NewInt64Coin(params.BondDenom, 5_000)
	txBytes, err := network.SignTx(val, val.Moniker, network.DefaultGasLimit,
		banktypes.NewMsgSend(val.Address, to, sdk.NewCoins(amount)))
	s.Require().NoError(err)

	first, err := network.BroadcastSync(val, txBytes)
	s.Require().NoError(err)
	s.Require().Zero(first.Code, first.RawLog)
	included, err := network.WaitForTx(s.net, first.TxHash, 20*time.Second)
	s.Require().NoError(err)
	s.Require().Zero(included.Code, included.RawLog)

	// CometBFT's tx cache answers first (ErrTxInMempoolCache); a node whose
	// cache has forgotten the tx rejects it for its spent sequence.
	replay, err := network.BroadcastSync(val, txBytes)
	s.Require().NoError(err)
	s.Contains([]uint32{sdkerrors.ErrTxInMempoolCache.ABCICode(), sdkerrors.ErrWrongSequence.ABCICode()}, replay.Code,
		"a replayed tx must be rejected: %d %s", replay.Code, replay.RawLog)
	s.Require().NoError(s.net.WaitForNextBlock())
	s.Equal(amount.Amount, s.balance(to), "the transfer happened exactly once")
}

func (s *FoundationSuite) TestSecp256k1AccountAlsoWorks() {
	val := s.validator0()
	record, _, err := val.ClientCtx.Keyring.NewMnemonic("secp-user", keyring.English, sdk.FullFundraiserPath, "", hd.Secp256k1)
	s.Require().NoError(err)
	secpAddr, err := record.GetAddress()
	s.Require().NoError(err)

	funding := sdk.NewInt64Coin(params.BondDenom, 10_000_000)
	res, err := network.Deliver(s.net, val.Moniker, banktypes.NewMsgSend(val.Address, secpAddr, sdk.NewCoins(funding)))
	s.Require().NoError(err)
	s.Require().Zero(res.Code, res.RawLog)
	s.grantRole(secpAddr, rbactypes.Role_CONSUMER)

	to := s.newRecipient("secp-recipient")
	amount := sdk.NewInt64Coin(params.BondDenom, 42)
	res, err = network.Deliver(s.net, "secp-user", banktypes.NewMsgSend(secpAddr, to, sdk.NewCoins(amount)))
	s.Require().NoError(err)
	s.Require().Zero(res.Code, res.RawLog)
	s.Equal(amount.Amount, s.balance(to))

	acc, err := val.ClientCtx.AccountRetriever.GetAccount(val.ClientCtx, secpAddr)
	s.Require().NoError(err)
	s.Equal("secp256k1", acc.GetPubKey().Type())
}

func (s *FoundationSuite) TestEd25519ValidatorIsRefused() {
	val := s.validator0()
	operator := s.newRecipient("ed25519-operator")
	res, err := network.Deliver(s.net, val.Moniker, banktypes.NewMsgSend(val.Address, operator,
		sdk.NewCoins(sdk.NewInt64Coin(params.BondDenom, 2_000_000_000))))
	s.Require().NoError(err)
	s.Require().Zero(res.Code, res.RawLog)
	s.grantRole(operator, rbactypes.Role_OPERATOR) // so that x/staking, not x/rbac, is what refuses it

	msg, err := stakingtypes.NewMsgCreateValidator(
		sdk.ValAddress(operator).String(), ed25519.GenPrivKey().PubKey(),
		sdk.NewInt64Coin(params.BondDenom, 1_000_000_000), stakingtypes.NewDescription("ed", "", "", "", ""),
		stakingtypes.NewCommissionRates(sdkmath.LegacyNewDecWithPrec(1, 1), sdkmath.LegacyOneDec(), sdkmath.LegacyNewDecWithPrec(1, 2)),
		sdkmath.OneInt())
	s.Require().NoError(err)
	res, err = network.Deliver(s.net, "ed25519-operator", msg)
	s.Require().NoError(err)
	s.Equal(stakingtypes.ErrValidatorPubKeyTypeNotSupported.ABCICode(), res.Code, res.RawLog)

	vals, err := stakingtypes.NewQueryClient(val.ClientCtx).Validators(context.Background(), &stakingtypes.QueryValidatorsRequest{})
	s.Require().NoError(err)
	s.Len(vals.Validators, 4, "no fifth validator was created")
}
