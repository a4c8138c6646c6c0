package chain

import (
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	abci "github.com/cometbft/cometbft/abci/types"
	gogoproto "github.com/cosmos/gogoproto/proto"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
)

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

// sequenceMismatchLog is how the SDK's ante handler words a wrong
// sequence: "account sequence mismatch, expected 5, got 4".
var sequenceMismatchLog = regexp.MustCompile(`account sequence mismatch, expected (\d+), got \d+`)

// sequenceMismatch says whether the chain refused a tx for its sequence,
// and which sequence it expected (-1 when its log does not say).
func sequenceMismatch(err error) (expected int64, ok bool) {
	var txErr *TxError
	if !errors.As(err, &txErr) {
		return -1, false
	}
	r := txErr.Result
	if !(r.Codespace == sdkerrors.ErrWrongSequence.Codespace() && r.Code == sdkerrors.ErrWrongSequence.ABCICode()) &&
		!strings.Contains(r.Log, sdkerrors.ErrWrongSequence.Error()) {
		return -1, false
	}
	if m := sequenceMismatchLog.FindStringSubmatch(r.Log); m != nil {
		if n, err := strconv.ParseInt(m[1], 10, 64); err == nil {
			return n, true
		}
	}
	return -1, true
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
		return fmt.Errorf("tx %s: its Msg response %d is a %s, not a %s", r.Hash, i, a.TypeUrl, want)
	}
	return gogoproto.Unmarshal(a.Value, resp)
}
