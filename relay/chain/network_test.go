package chain_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/suite"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/cosmos/cosmos-sdk/crypto/hd"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/powershare/powershare/beckn"
	relaycmd "github.com/powershare/powershare/cmd/powershare-relay/cmd"
	"github.com/powershare/powershare/relay/chain"
	"github.com/powershare/powershare/relay/config"
	"github.com/powershare/powershare/testutil/network"
	beckntypes "github.com/powershare/powershare/x/beckn/types"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// NetworkSuite runs the TxClient, and the subscribe command built on it,
// against a real in-process chain. It is the package's one network (they
// are slow to start): the command's end-to-end test lives here too.
type NetworkSuite struct {
	suite.Suite
	net      *network.Network
	chainID  string
	grpcAddr string
	conn     *grpc.ClientConn
	krDir    string
	kr       keyring.Keyring
	query    beckntypes.QueryClient
}

// Keys of the suite's keyring (test backend, in krDir): relay has the RELAY
// role, stranger is funded but has no role, unfunded is not on chain.
const (
	keyRelay    = "relay"
	keyStranger = "stranger"
	keyUnfunded = "unfunded"
	// keyFailer is a RELAY key in the validator's keyring, which signs
	// without simulation (network.Deliver) to put a failing tx in a block.
	keyFailer = "failer"
)

func TestNetwork(t *testing.T) {
	suite.Run(t, new(NetworkSuite))
}

func (s *NetworkSuite) SetupSuite() {
	cfg := network.DefaultConfig()
	cfg.NumValidators = 1 // the client's behaviour does not depend on the validator count
	// The suite's relay leaves its many subscriptions waiting for approval.
	var beckn beckntypes.GenesisState
	cfg.Codec.MustUnmarshalJSON(cfg.GenesisState[beckntypes.ModuleName], &beckn)
	beckn.Params.MaxPendingSubscriptions = 100
	cfg.GenesisState[beckntypes.ModuleName] = cfg.Codec.MustMarshalJSON(&beckn)
	s.net = network.New(s.T(), cfg)
	s.chainID = cfg.ChainID
	val := s.net.Validators[0]
	s.grpcAddr = strings.Replace(val.AppConfig.GRPC.Address, "0.0.0.0", "127.0.0.1", 1)

	var err error
	s.conn, err = chain.Dial(context.Background(), s.grpcAddr)
	s.Require().NoError(err)
	s.T().Cleanup(func() { s.Require().NoError(s.conn.Close()) })
	s.query = beckntypes.NewQueryClient(s.conn)

	s.krDir = s.T().TempDir()
	s.kr, err = chain.OpenKeyring(keyring.BackendTest, s.krDir, nil)
	s.Require().NoError(err)
	relay, stranger := s.newKey(keyRelay), s.newKey(keyStranger)
	s.newKey(keyUnfunded)
	failer, err := network.NewAccount(s.net, keyFailer, s.funds())
	s.Require().NoError(err)

	s.deliver(val.Moniker,
		banktypes.NewMsgSend(val.Address, relay, s.funds()),
		banktypes.NewMsgSend(val.Address, stranger, s.funds()),
		&rbactypes.MsgGrantRole{Signer: val.Address.String(), Address: relay.String(), Role: rbactypes.Role_RELAY},
		&rbactypes.MsgGrantRole{Signer: val.Address.String(), Address: failer.String(), Role: rbactypes.Role_RELAY},
	)
}

func (s *NetworkSuite) funds() sdk.Coins {
	return sdk.NewCoins(sdk.NewInt64Coin("upwc", 1_000_000_000))
}

// newKey adds an ML-DSA-65 key, as the chain's accounts are, to the suite's keyring.
func (s *NetworkSuite) newKey(name string) sdk.AccAddress {
	record, _, err := s.kr.NewMnemonic(name, keyring.English, sdk.FullFundraiserPath, "", hd.MlDsa65)
	s.Require().NoError(err)
	addr, err := record.GetAddress()
	s.Require().NoError(err)
	return addr
}

func (s *NetworkSuite) deliver(signer string, msgs ...sdk.Msg) *sdk.TxResponse {
	res, err := network.Deliver(s.net, signer, msgs...)
	s.Require().NoError(err)
	s.Require().Zero(res.Code, res.RawLog)
	return res
}

// client is a TxClient for a key of the suite's keyring.
func (s *NetworkSuite) client(from string, change ...func(*chain.TxOptions)) *chain.TxClient {
	opts := chain.TxOptionsFrom(config.Default().Chain)
	opts.From, opts.ChainID = from, s.chainID
	for _, c := range change {
		c(&opts)
	}
	c, err := chain.NewTxClient(context.Background(), s.conn, s.kr, opts)
	s.Require().NoError(err)
	return c
}

// subscribe is a valid MsgSubscribe of a fresh BPP owned by relay.
func (s *NetworkSuite) subscribe(relay, id string) *beckntypes.MsgSubscribe {
	kf, err := beckn.NewKeyFile("key-1", true)
	s.Require().NoError(err)
	msg, err := chain.SubscribeMsg(relay, config.Subscriber{ID: id, Type: config.RoleBPP, URL: "https://" + id + "/beckn",
		Domain: config.DefaultDomain, Country: "IND", City: "std:080"}, kf)
	s.Require().NoError(err)
	return msg
}

func (s *NetworkSuite) participant(id string) (*beckntypes.QueryParticipantResponse, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return s.query.Participant(ctx, &beckntypes.QueryParticipantRequest{SubscriberId: id})
}

func (s *NetworkSuite) sequence(addr string) uint64 {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	res, err := authtypes.NewQueryClient(s.conn).AccountInfo(ctx, &authtypes.QueryAccountInfoRequest{Address: addr})
	s.Require().NoError(err)
	return res.Info.Sequence
}

func (s *NetworkSuite) TestSendSubscribeIsIncluded() {
	c := s.client(keyRelay)
	msg := s.subscribe(c.Address(), "bpp.included.example")

	res, err := c.Send(context.Background(), msg)
	s.Require().NoError(err)
	s.Require().Zero(res.Code)
	s.Require().Positive(res.Height)
	s.Require().Len(res.Hash, 64)
	s.Require().Positive(res.GasUsed)
	s.Require().LessOrEqual(res.GasUsed, res.GasWanted)
	var resp beckntypes.MsgSubscribeResponse
	s.Require().NoError(res.MsgResponse(0, &resp))
	s.Require().Equal(beckntypes.SubscriptionStatus_INITIATED, resp.Status)
	s.Require().Error(res.MsgResponse(0, &beckntypes.MsgAnchorOrdersResponse{}), "a response of another type is refused")
	s.Require().Error(res.MsgResponse(1, &resp))

	p, err := s.participant("bpp.included.example")
	s.Require().NoError(err)
	s.Require().Equal(c.Address(), p.Participant.Owner)
	s.Require().Equal(beckntypes.SubscriptionStatus_INITIATED, p.Status)
	s.Require().Equal(msg.MldsaPublicKey, p.CurrentKey.MldsaPublicKey)
}

func (s *NetworkSuite) TestBroadcastSeveralThenWait() {
	c := s.client(keyRelay)
	var hashes []string
	for _, id := range []string{"bpp.first.example", "bpp.second.example", "bpp.third.example"} {
		res, err := c.Broadcast(context.Background(), s.subscribe(c.Address(), id))
		s.Require().NoError(err, id)
		s.Require().Zero(res.Height, "Broadcast does not wait for a block")
		hashes = append(hashes, res.Hash)
	}
	for _, h := range hashes {
		res, err := c.Wait(context.Background(), h)
		s.Require().NoError(err)
		s.Require().Positive(res.Height)
	}
	for _, id := range []string{"bpp.first.example", "bpp.second.example", "bpp.third.example"} {
		_, err := s.participant(id)
		s.Require().NoError(err, id)
	}
}

func (s *NetworkSuite) TestSendRecoversFromAStaleSequence() {
	a, b := s.client(keyRelay), s.client(keyRelay)
	_, err := a.Send(context.Background(), s.subscribe(a.Address(), "bpp.stale-1.example"))
	s.Require().NoError(err)
	// b uses the same key: a's cached sequence is now one behind.
	_, err = b.Send(context.Background(), s.subscribe(b.Address(), "bpp.stale-2.example"))
	s.Require().NoError(err)

	res, err := a.Send(context.Background(), s.subscribe(a.Address(), "bpp.stale-3.example"))
	s.Require().NoError(err, "a takes the sequence the node expects and retries")
	s.Require().Positive(res.Height)

	// A tx of the key waits in the mempool: a new client reads the committed
	// sequence, one behind what the node now expects.
	pending, err := b.Broadcast(context.Background(), s.subscribe(b.Address(), "bpp.stale-4.example"))
	s.Require().NoError(err)
	_, err = s.client(keyRelay).Send(context.Background(), s.subscribe(b.Address(), "bpp.stale-5.example"))
	s.Require().NoError(err)
	_, err = b.Wait(context.Background(), pending.Hash)
	s.Require().NoError(err)
}

func (s *NetworkSuite) TestRefusedWithoutTheRelayRole() {
	c := s.client(keyStranger)
	before := s.sequence(c.Address())
	_, err := c.Send(context.Background(), s.subscribe(c.Address(), "bpp.stranger.example"))
	var txErr *chain.TxError
	s.Require().ErrorAs(err, &txErr)
	s.Require().Equal(chain.StageSimulate, txErr.Stage)
	s.Require().Contains(err.Error(), "RELAY")

	_, err = s.participant("bpp.stranger.example")
	s.Require().Equal(codes.NotFound, status.Code(err))
	s.Require().Equal(before, s.sequence(c.Address()), "nothing was broadcast")
}

func (s *NetworkSuite) TestRefusedMsgChangesNothing() {
	c := s.client(keyRelay)
	msg := s.subscribe(c.Address(), "bpp.bad-url.example")
	msg.Url = "ftp://bpp.bad-url.example/beckn"
	_, err := c.Send(context.Background(), msg)
	var txErr *chain.TxError
	s.Require().ErrorAs(err, &txErr)
	s.Require().Equal(chain.StageSimulate, txErr.Stage)
	s.Require().Contains(txErr.Result.Log, "https is required")
	_, err = s.participant("bpp.bad-url.example")
	s.Require().Equal(codes.NotFound, status.Code(err))

	// The client is still in step with the chain.
	_, err = c.Send(context.Background(), s.subscribe(c.Address(), "bpp.after-refusal.example"))
	s.Require().NoError(err)
}

func (s *NetworkSuite) TestCheckTxRefusesATooLowFee() {
	cheap := s.client(keyRelay, func(o *chain.TxOptions) { o.GasPrices = "" })
	before := s.sequence(cheap.Address())
	_, err := cheap.Send(context.Background(), s.subscribe(cheap.Address(), "bpp.cheap.example"))
	var txErr *chain.TxError
	s.Require().ErrorAs(err, &txErr)
	s.Require().Equal(chain.StageCheck, txErr.Stage)
	s.Require().Equal(sdkerrors.ErrInsufficientFee.ABCICode(), txErr.Result.Code)
	s.Require().Len(txErr.Result.Hash, 64)
	s.Require().Equal(before, s.sequence(cheap.Address()), "a tx refused by CheckTx uses no sequence")

	_, err = s.client(keyRelay).Send(context.Background(), s.subscribe(cheap.Address(), "bpp.cheap.example"))
	s.Require().NoError(err)
}

func (s *NetworkSuite) TestWaitReportsAFailureInTheBlock() {
	// Signed without simulation, an invalid Msg passes CheckTx and fails
	// in the block.
	failer, err := s.net.Validators[0].ClientCtx.Keyring.Key(keyFailer)
	s.Require().NoError(err)
	addr, err := failer.GetAddress()
	s.Require().NoError(err)
	msg := s.subscribe(addr.String(), "bpp.fails.example")
	msg.Url = "ftp://bpp.fails.example/beckn"
	res, err := network.Deliver(s.net, keyFailer, msg)
	s.Require().NoError(err)
	s.Require().NotZero(res.Code)

	got, err := s.client(keyRelay).Wait(context.Background(), res.TxHash)
	var txErr *chain.TxError
	s.Require().ErrorAs(err, &txErr)
	s.Require().Equal(chain.StageDeliver, txErr.Stage)
	s.Require().Equal(res.Code, got.Code)
	s.Require().Equal(res.Height, got.Height)
	s.Require().Contains(err.Error(), "failed in block")
	s.Require().Contains(err.Error(), "https is required")
}

func (s *NetworkSuite) TestWaitTimesOut() {
	c := s.client(keyRelay, func(o *chain.TxOptions) { o.InclusionTimeout, o.InclusionPoll = time.Second, 200*time.Millisecond })
	_, err := c.Wait(context.Background(), strings.Repeat("AB", 32))
	s.Require().ErrorIs(err, chain.ErrNotIncluded)
	s.Require().Contains(err.Error(), "powershared q tx")

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = c.Wait(ctx, strings.Repeat("AB", 32))
	s.Require().ErrorIs(err, context.Canceled)
	s.Require().NotErrorIs(err, chain.ErrNotIncluded)
}

func (s *NetworkSuite) TestUnfundedAccount() {
	_, err := s.client(keyUnfunded).Send(context.Background(), s.subscribe("", "bpp.unfunded.example"))
	s.Require().ErrorContains(err, "is not on chain")
	s.Require().ErrorContains(err, "send it PowerCoin")
}

func (s *NetworkSuite) TestNewTxClientRefuses() {
	tests := []struct {
		name   string
		change func(*chain.TxOptions)
		want   string
	}{
		{"another chain", func(o *chain.TxOptions) { o.ChainID = "other-chain" }, `the node serves chain "` + s.chainID + `", not "other-chain"`},
		{"unknown key", func(o *chain.TxOptions) { o.From = "nobody" }, `no key "nobody" in the keyring`},
		{"no key", func(o *chain.TxOptions) { o.From = "" }, "--from"},
		{"bad gas prices", func(o *chain.TxOptions) { o.GasPrices = "cheap" }, "gas prices"},
		{"gas adjustment below 1", func(o *chain.TxOptions) { o.GasAdjustment = 0.5 }, "at least 1"},
	}
	for _, tc := range tests {
		s.Run(tc.name, func() {
			opts := chain.TxOptionsFrom(config.Default().Chain)
			opts.From, opts.ChainID = keyRelay, s.chainID
			tc.change(&opts)
			_, err := chain.NewTxClient(context.Background(), s.conn, s.kr, opts)
			s.Require().ErrorContains(err, tc.want)
		})
	}

	// Without a chain id, the node's is taken.
	c := s.client(keyRelay, func(o *chain.TxOptions) { o.ChainID = "" })
	s.Require().Equal(s.chainID, c.ChainID())
	_, err := c.Send(context.Background())
	s.Require().ErrorContains(err, "at least one Msg")
}

// relay runs powershare-relay with args.
func (s *NetworkSuite) relay(args ...string) (string, error) {
	root := relaycmd.NewRootCmd()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetIn(strings.NewReader(""))
	root.SetArgs(args)
	err := root.ExecuteContext(context.Background())
	return out.String(), err
}

func (s *NetworkSuite) TestSubscribeCommand() {
	home := filepath.Join(s.T().TempDir(), "bap")
	_, err := s.relay("init", "--home", home, "--subscriber-id", "bap.command.example", "--type", "BAP",
		"--url", "http://127.0.0.1:8082/beckn", "--country", "IND")
	s.Require().NoError(err)
	chainFlags := []string{"--keyring-backend", "test", "--keyring-dir", s.krDir, "--grpc", s.grpcAddr, "--chain-id", s.chainID}

	// Bad input first: a key without the RELAY role registers nothing.
	_, err = s.relay(append([]string{"subscribe", "--home", home, "--from", keyStranger}, chainFlags...)...)
	s.Require().ErrorContains(err, "subscribing bap.command.example")
	_, err = s.participant("bap.command.example")
	s.Require().Equal(codes.NotFound, status.Code(err))
	_, err = s.relay(append([]string{"subscribe", "--home", home, "--from", keyRelay, "--chain-id", "other"}, chainFlags[:6]...)...)
	s.Require().ErrorContains(err, `not "other"`)

	out, err := s.relay(append([]string{"subscribe", "--home", home, "--from", keyRelay}, chainFlags...)...)
	s.Require().NoError(err, out)
	var res struct {
		SubscriberID string `json:"subscriber_id"`
		Type         string `json:"type"`
		KeyID        string `json:"key_id"`
		Relay        string `json:"relay"`
		Status       string `json:"status"`
		Hash         string `json:"tx_hash"`
		Height       int64  `json:"height"`
		Code         uint32 `json:"code"`
		GasWanted    int64  `json:"gas_wanted"`
		GasUsed      int64  `json:"gas_used"`
	}
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	s.Require().NoError(dec.Decode(&res), out)
	s.Require().Equal("bap.command.example", res.SubscriberID)
	s.Require().Equal("BAP", res.Type)
	s.Require().Equal("key-1", res.KeyID)
	s.Require().Equal("INITIATED", res.Status)
	s.Require().Zero(res.Code)
	s.Require().Positive(res.Height)
	s.Require().Len(res.Hash, 64)
	s.Require().Positive(res.GasUsed)
	s.Require().LessOrEqual(res.GasUsed, res.GasWanted)

	kf, err := beckn.ReadKeyFile(filepath.Join(home, "keys.json"))
	s.Require().NoError(err)
	p, err := s.participant("bap.command.example")
	s.Require().NoError(err)
	s.Require().Equal(res.Relay, p.Participant.Owner)
	s.Require().Equal(beckntypes.SubscriberType_BAP, p.Participant.Type)
	s.Require().Equal("http://127.0.0.1:8082/beckn", p.Participant.Url)
	s.Require().Equal("IND", p.Participant.Country)
	s.Require().Equal(kf.KeyID, p.CurrentKey.KeyId)
	s.Require().True(bytes.Equal(kf.SigningPublicKey, p.CurrentKey.SigningPublicKey))
	s.Require().True(bytes.Equal(kf.EncrPublicKey, p.CurrentKey.EncrPublicKey))
	s.Require().True(bytes.Equal(kf.MLDSAPublicKey, p.CurrentKey.MldsaPublicKey))
}

// TestDialFails needs no chain: nothing listens on the address.
func TestDialFails(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	_, err := chain.Dial(ctx, "127.0.0.1:1")
	if err == nil || !strings.Contains(err.Error(), "no gRPC server ready at 127.0.0.1:1") || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Dial to a closed port: %v", err)
	}
}
