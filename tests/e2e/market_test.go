package e2e_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/suite"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/powershare/powershare/app/params"
	"github.com/powershare/powershare/testutil/network"
	assetstypes "github.com/powershare/powershare/x/assets/types"
	markettypes "github.com/powershare/powershare/x/market/types"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// MarketSuite trades energy through consensus. Slots are 20 s with a 3 s
// gate closure, so that a test can wait for a slot to end.
type MarketSuite struct {
	suite.Suite
	net                       *network.Network
	gridop, alice, bob, admin sdk.AccAddress
}

func TestMarket(t *testing.T) {
	suite.Run(t, new(MarketSuite))
}

const (
	testSlotSeconds = 20
	testGateSeconds = 3
)

func (s *MarketSuite) SetupSuite() {
	cfg := network.DefaultConfig()
	var market markettypes.GenesisState
	cfg.Codec.MustUnmarshalJSON(cfg.GenesisState[markettypes.ModuleName], &market)
	market.Params.SlotSeconds, market.Params.GateClosureSeconds = testSlotSeconds, testGateSeconds
	market.Zones = []markettypes.Zone{{Id: "zone-a", Description: "e2e zone"}} // orders and trades name a registered zone
	cfg.GenesisState[markettypes.ModuleName] = cfg.Codec.MustMarshalJSON(&market)
	s.net = network.New(s.T(), cfg)

	val := s.net.Validators[0]
	s.admin = val.Address
	s.gridop, s.alice, s.bob = s.account("gridop"), s.account("alice"), s.account("bob")
	s.ok(val.Moniker,
		&rbactypes.MsgCreateCommunity{Signer: s.admin.String(), Name: "Sunny Street", Zone: "zone-a", Geohash: "u33db"},
		&rbactypes.MsgGrantRole{Signer: s.admin.String(), Address: s.gridop.String(), Role: rbactypes.Role_GRID_OPERATOR},
		&rbactypes.MsgGrantRole{Signer: s.admin.String(), Address: s.alice.String(), Role: rbactypes.Role_PROSUMER, CommunityId: 1},
		&rbactypes.MsgGrantRole{Signer: s.admin.String(), Address: s.bob.String(), Role: rbactypes.Role_CONSUMER, CommunityId: 1},
	)
}

// account creates and funds an ML-DSA-65 key in validator 0's keyring.
func (s *MarketSuite) account(name string) sdk.AccAddress {
	addr, err := network.NewAccount(s.net, name, sdk.NewCoins(sdk.NewInt64Coin(params.BondDenom, 5_000_000_000)))
	s.Require().NoError(err)
	return addr
}

func (s *MarketSuite) ok(signer string, msgs ...sdk.Msg) *sdk.TxResponse {
	res, err := network.Deliver(s.net, signer, msgs...)
	s.Require().NoError(err)
	s.Require().Zero(res.Code, res.RawLog)
	return res
}

func (s *MarketSuite) balance(addr sdk.AccAddress, denom string) int64 {
	coin, err := network.Balance(s.net.Validators[0].ClientCtx, addr, denom)
	s.Require().NoError(err)
	return coin.Amount.Int64()
}

// TestSellBuySettle: alice sells 5 kWh of solar energy, bob buys 3 kWh, the
// grid operator settles 2.5 kWh delivered; every balance is checked against
// the amounts computed by hand.
func (s *MarketSuite) TestSellBuySettle() {
	// ARRANGE: alice's 2 MW solar meter with 5 kWh attested (5,000,000 uec).
	s.ok("gridop", &assetstypes.MsgRegisterMeter{Signer: s.gridop.String(), MeterId: "alice-solar-1", Owner: s.alice.String(),
		Kind: assetstypes.MeterKind_SOLAR, CapacityW: 2_000_000, CommunityId: 1})
	s.ok("alice", &assetstypes.MsgAcceptMeter{Signer: s.alice.String(), MeterId: "alice-solar-1"}) // the owner consents
	end := time.Now().UTC().Add(-time.Minute).Truncate(time.Second)
	s.ok("gridop", &assetstypes.MsgAttestProduction{Signer: s.gridop.String(),
		Readings: []assetstypes.Reading{{MeterId: "alice-solar-1", Start: end.Add(-time.Hour), End: end, EnergyWh: 5000}}})
	fee := network.Fee(network.DefaultGasLimit).AmountOf(params.BondDenom).Int64()
	aliceUpwc, aliceUec := s.balance(s.alice, params.BondDenom), s.balance(s.alice, assetstypes.EnergyCreditDenom)
	bobUpwc := s.balance(s.bob, params.BondDenom)
	escrow := func(denom string) int64 {
		return s.balance(authtypes.NewModuleAddress(markettypes.ModuleName), denom)
	}

	// A slot far enough ahead for both orders to be placed before its gate.
	first := time.Now().UTC().Add(12 * time.Second).Unix()
	slot := time.Unix((first/testSlotSeconds+1)*testSlotSeconds, 0).UTC()

	// ACT: alice sells 5,000 Wh renewable at 150,000 upwc/kWh; bob buys 3,000 Wh at up to 160,000.
	s.ok("alice", &markettypes.MsgPlaceOrder{Owner: s.alice.String(), Zone: "zone-a", SlotStart: slot, Side: markettypes.Side_SELL,
		QuantityWh: 5000, Price: 150_000, MeterId: "alice-solar-1", Renewable: true})
	s.ok("bob", &markettypes.MsgPlaceOrder{Owner: s.bob.String(), Zone: "zone-a", SlotStart: slot, Side: markettypes.Side_BUY,
		QuantityWh: 3000, Price: 160_000})

	query := markettypes.NewQueryClient(s.net.Validators[0].ClientCtx)
	trades, err := query.TradesByOwner(context.Background(), &markettypes.QueryTradesByOwnerRequest{Owner: s.bob.String()})
	s.Require().NoError(err)
	s.Require().Len(trades.Trades, 1)
	trade := trades.Trades[0]
	s.Equal(uint64(3000), trade.QuantityWh)
	s.Equal(uint64(150_000), trade.Price, "the resting sell's price")
	// Escrow now: the trade (payment 450,000 + collateral 45,000, 3,000,000 uec) and alice's
	// resting 2,000 Wh (collateral 30,000, 2,000,000 uec).
	s.Equal(int64(450_000+45_000+30_000), escrow(params.BondDenom))
	s.Equal(int64(5_000_000), escrow(assetstypes.EnergyCreditDenom))

	// The slot ends (the gate closure on the way cancels alice's rest); the grid operator settles 2,500 Wh.
	s.Require().Eventually(func() bool {
		latest, err := s.net.LatestHeight()
		s.Require().NoError(err)
		block, err := s.net.Validators[0].RPCClient.Block(context.Background(), &latest)
		s.Require().NoError(err)
		return !block.Block.Time.Before(slot.Add(testSlotSeconds * time.Second))
	}, 90*time.Second, time.Second)
	s.ok("gridop", &markettypes.MsgSettleTrades{Signer: s.gridop.String(),
		Settlements: []markettypes.Settlement{{TradeId: trade.Id, DeliveredWh: 2500}}})

	// ASSERT, by hand:
	// alice: -75,000 collateral, +30,000 unfilled collateral back at the gate,
	//        +375,000 for 2,500 Wh, +45,000 - 7,500 collateral back (penalty 45,000 x 500/3,000), - one fee.
	s.Equal(aliceUpwc-75_000+30_000+375_000+45_000-7_500-fee, s.balance(s.alice, params.BondDenom))
	// alice's EC: -5,000,000 escrowed, +2,000,000 unfilled, +500,000 undelivered.
	s.Equal(aliceUec-5_000_000+2_000_000+500_000, s.balance(s.alice, assetstypes.EnergyCreditDenom))
	// bob: -480,000 escrow, +30,000 price improvement, +75,000 undelivered, +7,500 penalty, - one fee.
	s.Equal(bobUpwc-480_000+30_000+75_000+7_500-fee, s.balance(s.bob, params.BondDenom))
	s.Equal(int64(2_500_000), s.balance(s.bob, assetstypes.EnergyCreditDenom), "EC of the 2.5 kWh delivered")
	s.Zero(escrow(params.BondDenom), "nothing left in escrow")
	s.Zero(escrow(assetstypes.EnergyCreditDenom))
}
