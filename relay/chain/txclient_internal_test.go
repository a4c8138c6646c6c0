package chain

import (
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	gogoproto "github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/crypto/keys/mldsa65"
	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/powershare/powershare/beckn"
	"github.com/powershare/powershare/relay/config"
	beckntypes "github.com/powershare/powershare/x/beckn/types"
)

func TestTxErrorSaysWhereTheChainRefused(t *testing.T) {
	tests := []struct {
		err  TxError
		want string
	}{
		{TxError{Stage: StageSimulate, Result: TxResult{Log: "unauthorized"}}, "the chain refused the tx in simulation (nothing was broadcast): unauthorized"},
		{TxError{Stage: StageCheck, Result: TxResult{Hash: "AB", Code: 13, Codespace: "sdk", Log: "insufficient fee"}}, "the node refused tx AB (CheckTx): code 13 (sdk): insufficient fee"},
		{TxError{Stage: StageDeliver, Result: TxResult{Hash: "AB", Height: 7, Code: 5, Codespace: "beckn", Log: "bad url"}}, "tx AB failed in block 7: code 5 (beckn): bad url"},
	}
	for _, tc := range tests {
		t.Run(tc.err.Stage, func(t *testing.T) {
			require.Equal(t, tc.want, tc.err.Error())
		})
	}
}

func TestSequenceMismatch(t *testing.T) {
	seq := sdkerrors.ErrWrongSequence
	tests := []struct {
		name     string
		err      error
		expected int64
		mismatch bool
	}{
		{"simulation log", &TxError{Stage: StageSimulate, Result: TxResult{Log: "account sequence mismatch, expected 5, got 4: " + seq.Error()}}, 5, true},
		{"CheckTx code and log", &TxError{Stage: StageCheck, Result: TxResult{Code: seq.ABCICode(), Codespace: seq.Codespace(),
			Log: "account sequence mismatch, expected 12, got 14: " + seq.Error()}}, 12, true},
		{"CheckTx code without the numbers", &TxError{Stage: StageCheck, Result: TxResult{Code: seq.ABCICode(), Codespace: seq.Codespace()}}, -1, true},
		{"same code, other codespace", &TxError{Stage: StageCheck, Result: TxResult{Code: seq.ABCICode(), Codespace: "beckn"}}, -1, false},
		{"another refusal", &TxError{Stage: StageCheck, Result: TxResult{Code: 13, Codespace: "sdk", Log: "insufficient fee"}}, -1, false},
		{"transport error", errors.New("account sequence mismatch, expected 5, got 4: " + seq.Error()), -1, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			expected, mismatch := sequenceMismatch(fmt.Errorf("wrapped: %w", tc.err))
			require.Equal(t, tc.mismatch, mismatch)
			require.Equal(t, tc.expected, expected)
		})
	}
}

func TestChainRefusedTellsTransportFailures(t *testing.T) {
	require.True(t, chainRefused(status.Error(codes.Unknown, "unauthorized")))
	require.True(t, chainRefused(status.Error(codes.InvalidArgument, "bad tx")))
	for _, c := range []codes.Code{codes.Unavailable, codes.DeadlineExceeded, codes.Canceled} {
		require.False(t, chainRefused(status.Error(c, "transport")), c)
	}
}

func TestMsgResponses(t *testing.T) {
	resp := &beckntypes.MsgSubscribeResponse{Status: beckntypes.SubscriptionStatus_UNDER_SUBSCRIPTION}
	a, err := codectypes.NewAnyWithValue(resp)
	require.NoError(t, err)
	bz, err := gogoproto.Marshal(&sdk.TxMsgData{MsgResponses: []*codectypes.Any{a}})
	require.NoError(t, err)

	anys, err := msgResponses(strings.ToUpper(hex.EncodeToString(bz)))
	require.NoError(t, err)
	res := TxResult{Hash: "AB", MsgResponses: anys}
	var got beckntypes.MsgSubscribeResponse
	require.NoError(t, res.MsgResponse(0, &got))
	require.Equal(t, beckntypes.SubscriptionStatus_UNDER_SUBSCRIPTION, got.Status)
	require.ErrorContains(t, res.MsgResponse(0, &beckntypes.MsgAnchorOrdersResponse{}), "not a /powershare.beckn.v1.MsgAnchorOrdersResponse")
	require.ErrorContains(t, res.MsgResponse(-1, &got), "has 1 Msg responses")

	none, err := msgResponses("")
	require.NoError(t, err)
	require.Empty(t, none)
	_, err = msgResponses("not hex")
	require.Error(t, err)
}

func TestSignatureGasCoversTheKeyType(t *testing.T) {
	ml, err := mldsa65.GenPrivKey()
	require.NoError(t, err)
	require.Equal(t, 3309, signatureSize(ml.PubKey()))
	require.Equal(t, 64, signatureSize(secp256k1.GenPrivKey().PubKey()))
}

func TestSubscribeMsg(t *testing.T) {
	kf, err := beckn.NewKeyFile("key-7", true)
	require.NoError(t, err)
	s := config.Subscriber{ID: "bg.example.com", Type: config.RoleBG, URL: "https://bg.example.com/beckn",
		Domain: "deg:p2p-trading", Country: "IND", City: "std:080"}
	msg, err := SubscribeMsg("power1relay", s, kf)
	require.NoError(t, err)
	require.Equal(t, &beckntypes.MsgSubscribe{
		Relay: "power1relay", SubscriberId: "bg.example.com", Url: "https://bg.example.com/beckn", Type: beckntypes.SubscriberType_BG,
		Domain: "deg:p2p-trading", Country: "IND", City: "std:080", KeyId: "key-7",
		SigningPublicKey: kf.SigningPublicKey, EncrPublicKey: kf.EncrPublicKey, MldsaPublicKey: kf.MLDSAPublicKey,
	}, msg)

	s.Type = "SELLER"
	_, err = SubscribeMsg("power1relay", s, kf)
	require.ErrorContains(t, err, "subscriber.type")
}

func TestTxOptions(t *testing.T) {
	c := config.Default().Chain
	c.From = "relay"
	o := TxOptionsFrom(c)
	require.Equal(t, TxOptions{From: "relay", ChainID: config.DefaultChainID, GasPrices: config.DefaultGasPrices, GasAdjustment: 1.5,
		RequestTimeout: 10 * time.Second, InclusionTimeout: 30 * time.Second, InclusionPoll: 500 * time.Millisecond}, o)
	require.Equal(t, o, withDefaults(TxOptions{From: "relay", ChainID: config.DefaultChainID, GasPrices: config.DefaultGasPrices}))
}

func TestEncodingKnowsWhatTheRelaySends(t *testing.T) {
	enc, err := NewEncoding()
	require.NoError(t, err)
	for _, msg := range []sdk.Msg{&beckntypes.MsgSubscribe{}, &beckntypes.MsgAnchorOrders{}} {
		_, err := enc.InterfaceRegistry.Resolve(sdk.MsgTypeURL(msg))
		require.NoError(t, err, sdk.MsgTypeURL(msg))
	}
	addr, err := AddressString(sdk.AccAddress(make([]byte, 20)))
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(addr, Bech32Prefix+"1"), addr)
}
