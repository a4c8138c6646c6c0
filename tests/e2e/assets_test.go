package e2e_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/suite"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/powershare/powershare/app/params"
	"github.com/powershare/powershare/testutil/network"
	assetstypes "github.com/powershare/powershare/x/assets/types"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// AssetsSuite runs the token flows of x/assets through consensus: a grid
// operator, alice (prosumer with a solar meter), bob (consumer) in one
// community managed by validator 0's operator, and an outsider in another.
type AssetsSuite struct {
	suite.Suite
	net                                 *network.Network
	gridop, alice, bob, outsider, admin sdk.AccAddress
}

func TestAssets(t *testing.T) {
	suite.Run(t, new(AssetsSuite))
}

func (s *AssetsSuite) SetupSuite() {
	s.net = network.New(s.T(), network.DefaultConfig())
	val := s.net.Validators[0]
	s.admin = val.Address
	s.gridop, s.alice, s.bob, s.outsider = s.account("gridop"), s.account("alice"), s.account("bob"), s.account("outsider")

	s.ok(val.Moniker,
		&rbactypes.MsgCreateCommunity{Signer: s.admin.String(), Name: "Sunny Street", Zone: "zone-a", Geohash: "u33db",
			Managers: []string{s.admin.String()}},
		&rbactypes.MsgCreateCommunity{Signer: s.admin.String(), Name: "Hill Road", Zone: "zone-b", Geohash: "u33dc"},
		&rbactypes.MsgGrantRole{Signer: s.admin.String(), Address: s.gridop.String(), Role: rbactypes.Role_GRID_OPERATOR},
		&rbactypes.MsgGrantRole{Signer: s.admin.String(), Address: s.alice.String(), Role: rbactypes.Role_PROSUMER, CommunityId: 1},
		&rbactypes.MsgGrantRole{Signer: s.admin.String(), Address: s.bob.String(), Role: rbactypes.Role_CONSUMER, CommunityId: 1},
		&rbactypes.MsgGrantRole{Signer: s.admin.String(), Address: s.outsider.String(), Role: rbactypes.Role_CONSUMER, CommunityId: 2},
	)
}

// account creates and funds an ML-DSA-65 key in validator 0's keyring.
func (s *AssetsSuite) account(name string) sdk.AccAddress {
	addr, err := network.NewAccount(s.net, name, sdk.NewCoins(sdk.NewInt64Coin(params.BondDenom, 5_000_000_000)))
	s.Require().NoError(err)
	return addr
}

func (s *AssetsSuite) deliver(signer string, msgs ...sdk.Msg) *sdk.TxResponse {
	res, err := network.Deliver(s.net, signer, msgs...)
	s.Require().NoError(err)
	return res
}

func (s *AssetsSuite) ok(signer string, msgs ...sdk.Msg) {
	res := s.deliver(signer, msgs...)
	s.Require().Zero(res.Code, res.RawLog)
}

func (s *AssetsSuite) balance(addr sdk.AccAddress, denom string) int64 {
	coin, err := network.Balance(s.net.Validators[0].ClientCtx, addr, denom)
	s.Require().NoError(err)
	return coin.Amount.Int64()
}

func (s *AssetsSuite) TestProductionCarbonAndCommunityTokens() {
	query := assetstypes.NewQueryClient(s.net.Validators[0].ClientCtx)

	// The grid operator registers alice's solar meter and attests 3.2 kWh.
	s.ok("gridop", &assetstypes.MsgRegisterMeter{Signer: s.gridop.String(), MeterId: "alice-solar-1", Owner: s.alice.String(),
		Kind: assetstypes.MeterKind_SOLAR, CapacityW: 5000, CommunityId: 1})
	// The owner consents to the meter the grid operator registered for her.
	s.ok("alice", &assetstypes.MsgAcceptMeter{Signer: s.alice.String(), MeterId: "alice-solar-1"})
	end := time.Now().UTC().Add(-time.Minute).Truncate(time.Second) // test wiring; the chain compares with block time
	reading := assetstypes.Reading{MeterId: "alice-solar-1", Start: end.Add(-time.Hour), End: end, EnergyWh: 3200}
	s.ok("gridop", &assetstypes.MsgAttestProduction{Signer: s.gridop.String(), Readings: []assetstypes.Reading{reading}})
	s.Equal(int64(3_200_000), s.balance(s.alice, assetstypes.EnergyCreditDenom), "3.2 kWh is 3,200,000 uec")
	s.Equal(int64(1_280), s.balance(s.alice, assetstypes.CarbonCreditDenom), "3.2 kWh x 400 gCO2e/kWh")

	// A second, overlapping attestation fails and mints nothing.
	overlap := reading
	overlap.Start, overlap.End, overlap.EnergyWh = reading.Start.Add(30*time.Minute), reading.End.Add(-time.Second), 100
	res := s.deliver("gridop", &assetstypes.MsgAttestProduction{Signer: s.gridop.String(), Readings: []assetstypes.Reading{overlap}})
	s.Equal(assetstypes.ErrOverlap.ABCICode(), res.Code, res.RawLog)
	s.Equal(int64(3_200_000), s.balance(s.alice, assetstypes.EnergyCreditDenom))

	// Alice retires Carbon Credits; the certificate is queryable.
	s.ok("alice", &assetstypes.MsgRetire{Owner: s.alice.String(), Amount: sdkmath.NewInt(1000), Beneficiary: "Alice Household",
		Jurisdiction: "IN-KA", Reason: "2026 footprint"})
	certs, err := query.CertificatesByOwner(context.Background(), &assetstypes.QueryCertificatesByOwnerRequest{Owner: s.alice.String()})
	s.Require().NoError(err)
	s.Require().Len(certs.Certificates, 1)
	s.Equal("Alice Household", certs.Certificates[0].Beneficiary)
	s.Equal(int64(280), s.balance(s.alice, assetstypes.CarbonCreditDenom))

	// The community manager rewards bob; bob may pay alice but nobody outside.
	s.ok(s.net.Validators[0].Moniker, &assetstypes.MsgRewardMembers{Signer: s.admin.String(), CommunityId: 1, Reason: "clean-up",
		Rewards: []assetstypes.Payout{{Address: s.bob.String(), Amount: sdkmath.NewInt(500)}}})
	s.Equal(int64(500), s.balance(s.bob, assetstypes.CommunityTokenDenom(1)))
	uct := sdk.NewCoins(sdk.NewInt64Coin(assetstypes.CommunityTokenDenom(1), 10))
	s.ok("bob", banktypes.NewMsgSend(s.bob, s.alice, uct))

	res = s.deliver("bob", banktypes.NewMsgSend(s.bob, s.outsider, uct))
	s.Equal(assetstypes.ErrCommunityToken.ABCICode(), res.Code, "send to a non-member: %s", res.RawLog)
	res = s.deliver("bob", banktypes.NewMsgMultiSend(banktypes.NewInput(s.bob, uct), []banktypes.Output{banktypes.NewOutput(s.outsider, uct)}))
	s.Equal(assetstypes.ErrCommunityToken.ABCICode(), res.Code, "multi-send to a non-member: %s", res.RawLog)

	// Through authz: bob lets alice move his coins; she cannot move his CT out either.
	grant, err := authz.NewMsgGrant(s.bob, s.alice, authz.NewGenericAuthorization(sdk.MsgTypeURL(&banktypes.MsgSend{})), nil)
	s.Require().NoError(err)
	s.ok("bob", grant)
	exec := authz.NewMsgExec(s.alice, []sdk.Msg{banktypes.NewMsgSend(s.bob, s.outsider, uct)})
	res = s.deliver("alice", &exec)
	s.Equal(assetstypes.ErrCommunityToken.ABCICode(), res.Code, "authz exec to a non-member: %s", res.RawLog)

	s.Equal(int64(490), s.balance(s.bob, assetstypes.CommunityTokenDenom(1)))
	s.Zero(s.balance(s.outsider, assetstypes.CommunityTokenDenom(1)))
}
