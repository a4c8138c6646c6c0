package e2e_test

import (
	"bytes"
	"context"
	"crypto/ecdh"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/suite"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	"github.com/cosmos/cosmos-sdk/x/authz"

	"github.com/powershare/powershare/app/params"
	"github.com/powershare/powershare/beckn"
	"github.com/powershare/powershare/testutil/network"
	assetstypes "github.com/powershare/powershare/x/assets/types"
	becknkeeper "github.com/powershare/powershare/x/beckn/keeper"
	"github.com/powershare/powershare/x/beckn/types"
	markettypes "github.com/powershare/powershare/x/market/types"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// BecknSuite runs x/beckn through consensus: a relay (RELAY) registers its
// BPP, the ADMIN (validator 0) approves it, and the relay anchors confirmed
// orders, some settled on chain as x/market trades between alice (PROSUMER
// with a meter) and bob (CONSUMER). Market slots are 20 s with a 3 s gate
// closure, as in MarketSuite.
type BecknSuite struct {
	suite.Suite
	net                              *network.Network
	admin, relay, gridop, alice, bob sdk.AccAddress
	query                            types.QueryClient
	marketQuery                      markettypes.QueryClient
	// The BPP's deterministic key set.
	bppSigning ed25519.PrivateKey
	bppEncr    *ecdh.PrivateKey
}

// The registry entries and the zone of the suite.
const (
	becknBPP    = "bpp.powershare.example"
	becknBAP    = "bap.other-network.example" // a BAP of another network: not registered here
	becknDomain = "deg:p2p-trading"
	becknKeyID  = "bpp-key-1"
	becknZone   = "zone-a"
)

func TestBeckn(t *testing.T) {
	suite.Run(t, new(BecknSuite))
}

// seed32 is a deterministic 32-byte key seed.
func seed32(label string) []byte {
	sum := sha256.Sum256([]byte("powershare e2e beckn " + label))
	return sum[:]
}

func (s *BecknSuite) SetupSuite() {
	cfg := network.DefaultConfig()
	var market markettypes.GenesisState
	cfg.Codec.MustUnmarshalJSON(cfg.GenesisState[markettypes.ModuleName], &market)
	market.Params.SlotSeconds, market.Params.GateClosureSeconds = testSlotSeconds, testGateSeconds
	market.Zones = []markettypes.Zone{{Id: becknZone, Description: "e2e zone"}} // orders and trades name a registered zone
	cfg.GenesisState[markettypes.ModuleName] = cfg.Codec.MustMarshalJSON(&market)
	s.net = network.New(s.T(), cfg)

	val := s.net.Validators[0]
	s.admin = val.Address
	s.query, s.marketQuery = types.NewQueryClient(val.ClientCtx), markettypes.NewQueryClient(val.ClientCtx)
	s.bppSigning = ed25519.NewKeyFromSeed(seed32("bpp signing"))
	var err error
	s.bppEncr, err = ecdh.X25519().NewPrivateKey(seed32("bpp encryption"))
	s.Require().NoError(err)

	s.relay, s.gridop, s.alice, s.bob = s.account("relay"), s.account("gridop"), s.account("alice"), s.account("bob")
	s.ok(val.Moniker,
		&rbactypes.MsgGrantRole{Signer: s.admin.String(), Address: s.relay.String(), Role: rbactypes.Role_RELAY},
		&rbactypes.MsgCreateCommunity{Signer: s.admin.String(), Name: "Sunny Street", Zone: becknZone, Geohash: "u33db"},
		&rbactypes.MsgGrantRole{Signer: s.admin.String(), Address: s.gridop.String(), Role: rbactypes.Role_GRID_OPERATOR},
		&rbactypes.MsgGrantRole{Signer: s.admin.String(), Address: s.alice.String(), Role: rbactypes.Role_PROSUMER, CommunityId: 1},
		&rbactypes.MsgGrantRole{Signer: s.admin.String(), Address: s.bob.String(), Role: rbactypes.Role_CONSUMER, CommunityId: 1},
	)

	// The relay subscribes its BPP: INITIATED until the ADMIN approves it.
	s.ok("relay", &types.MsgSubscribe{Relay: s.relay.String(), SubscriberId: becknBPP, Url: "https://bpp.powershare.example/beckn",
		Type: types.SubscriberType_BPP, Domain: becknDomain, Country: "IND", City: "std:080", KeyId: becknKeyID,
		SigningPublicKey: s.bppSigning.Public().(ed25519.PublicKey), EncrPublicKey: s.bppEncr.PublicKey().Bytes()})
	p, err := s.query.Participant(context.Background(), &types.QueryParticipantRequest{SubscriberId: becknBPP})
	s.Require().NoError(err)
	s.Require().Equal(types.SubscriptionStatus_INITIATED, p.Status)
	s.Require().Equal(s.relay.String(), p.Participant.Owner)
	s.ok(val.Moniker, &types.MsgApproveSubscription{Signer: s.admin.String(), SubscriberId: becknBPP})
}

// account creates and funds an ML-DSA-65 key in validator 0's keyring.
func (s *BecknSuite) account(name string) sdk.AccAddress {
	addr, err := network.NewAccount(s.net, name, sdk.NewCoins(sdk.NewInt64Coin(params.BondDenom, 5_000_000_000)))
	s.Require().NoError(err)
	return addr
}

func (s *BecknSuite) deliver(signer string, msgs ...sdk.Msg) *sdk.TxResponse {
	res, err := network.Deliver(s.net, signer, msgs...)
	s.Require().NoError(err)
	return res
}

func (s *BecknSuite) ok(signer string, msgs ...sdk.Msg) *sdk.TxResponse {
	res := s.deliver(signer, msgs...)
	s.Require().Zero(res.Code, res.RawLog)
	return res
}

// anchorTx sends a settled anchor as the relay, with gas for its body and
// the trade it opens (about 420,000).
func (s *BecknSuite) anchorTx(msg *types.MsgAnchorOrders) *sdk.TxResponse {
	res, err := network.DeliverWithGas(s.net, "relay", 1_000_000, msg)
	s.Require().NoError(err)
	return res
}

// balance is addr's PowerCoin balance.
func (s *BecknSuite) balance(addr sdk.AccAddress) int64 {
	coin, err := network.Balance(s.net.Validators[0].ClientCtx, addr, params.BondDenom)
	s.Require().NoError(err)
	return coin.Amount.Int64()
}

// anchorResults decodes the MsgAnchorOrdersResponse of a delivered tx.
func (s *BecknSuite) anchorResults(res *sdk.TxResponse) []types.AnchorResult {
	bz, err := hex.DecodeString(res.Data)
	s.Require().NoError(err)
	var data sdk.TxMsgData
	s.Require().NoError(data.Unmarshal(bz))
	s.Require().Len(data.MsgResponses, 1)
	var out types.MsgAnchorOrdersResponse
	s.Require().NoError(out.Unmarshal(data.MsgResponses[0].Value))
	return out.Results
}

// onConfirm is a Beckn on_confirm body, compact JSON as a BPP sends it.
func (s *BecknSuite) onConfirm(orderID, txnID string, quantityWh uint64, price string) []byte {
	return fmt.Appendf(nil, `{"context":{"domain":%q,"action":"on_confirm","version":"1.1.0","bap_id":%q,"bpp_id":%q,`+
		`"transaction_id":%q,"message_id":"msg-%s","timestamp":"2026-06-01T10:00:00.000Z"},`+
		`"message":{"order":{"id":%q,"status":"CONFIRMED","quote":{"price":{"currency":"INR","value":%q}},`+
		`"items":[{"id":"solar-energy","quantity":{"selected":{"measure":{"unit":"Wh","value":"%d"}}}}]}}}`,
		becknDomain, becknBAP, becknBPP, txnID, orderID, orderID, price, quantityWh)
}

// offChainAnchor is the anchor of an order settled outside the chain, with
// its on_confirm body and the BPP's Authorization signature of it, made now.
func (s *BecknSuite) offChainAnchor(orderID, txnID string, quantityWh uint64) types.OrderAnchor {
	start := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	return s.sealed(types.OrderAnchor{
		TransactionId: txnID, OrderId: orderID, BapId: becknBAP, BppId: becknBPP, Domain: becknDomain,
		KeyId: becknKeyID, QuantityWh: quantityWh, Price: "7.50", Currency: "INR",
		DeliveryStart: start, DeliveryEnd: start.Add(15 * time.Minute), Zone: becknZone,
	})
}

// sealed gives an anchor the on_confirm body of its terms (the BPP's
// registered url) and signs it as the BPP.
func (s *BecknSuite) sealed(a types.OrderAnchor) types.OrderAnchor {
	terms, err := a.Terms("https://"+becknBAP+"/beckn", "https://bpp.powershare.example/beckn")
	s.Require().NoError(err)
	a.Body, err = terms.OnConfirm()
	s.Require().NoError(err)
	return s.signBody(a)
}

// signBody signs the anchor's body as the BPP's Authorization header does, now.
func (s *BecknSuite) signBody(a types.OrderAnchor) types.OrderAnchor {
	created := time.Now().Unix()
	a.Digest = beckn.Digest(a.Body)
	a.Signature = ed25519.Sign(s.bppSigning, beckn.SigningString(created, created+3600, a.Digest))
	a.SignatureCreated, a.SignatureExpires = created, created+3600
	return a
}

// TestLookupReturnsTheApprovedBPP: the registry's /lookup finds the
// approved BPP by each filter, SUBSCRIBED with the keys it registered, and
// those keys check a BECKN-006 signature the BPP makes.
func (s *BecknSuite) TestLookupReturnsTheApprovedBPP() {
	ctx := context.Background()
	for _, req := range []*types.QueryLookupRequest{
		{SubscriberId: becknBPP},
		{Type: types.SubscriberType_BPP, Domain: becknDomain, Status: types.SubscriptionStatus_SUBSCRIBED},
		{Country: "IND", City: "std:080", KeyId: becknKeyID},
	} {
		res, err := s.query.Lookup(ctx, req)
		s.Require().NoError(err)
		s.Require().Len(res.Subscriptions, 1, "%v", req)
		sub := res.Subscriptions[0]
		s.Equal(becknBPP, sub.SubscriberId)
		s.Equal("https://bpp.powershare.example/beckn", sub.Url)
		s.Equal(types.SubscriberType_BPP, sub.Type)
		s.Equal(becknDomain, sub.Domain)
		s.Equal(types.SubscriptionStatus_SUBSCRIBED, sub.Status)
		s.Equal(becknKeyID, sub.KeyId)
		s.Equal([]byte(s.bppSigning.Public().(ed25519.PublicKey)), sub.SigningPublicKey)
		s.Equal(s.bppEncr.PublicKey().Bytes(), sub.EncrPublicKey)
		s.Require().NotNil(sub.Location)
		s.Equal("IND", sub.Location.Country.Code)
		s.Equal("std:080", sub.Location.City.Code)
		s.True(sub.ValidUntil.After(sub.ValidFrom))
	}
	for _, req := range []*types.QueryLookupRequest{{Type: types.SubscriberType_BAP}, {Status: types.SubscriptionStatus_INITIATED}, {Domain: "ONDC:RET10"}, {KeyId: "no-such-key"}} {
		res, err := s.query.Lookup(ctx, req)
		s.Require().NoError(err)
		s.Empty(res.Subscriptions, "%v", req)
	}

	// A BECKN-006 Authorization header by the BPP, as a receiver parses it,
	// verifies with the key the registry returns for its keyId.
	body := s.onConfirm("sig-order", "sig-txn", 1000, "7.50")
	signed, err := beckn.Sign(s.bppSigning, becknBPP, becknKeyID, body, 1780000000, 1780003600)
	s.Require().NoError(err)
	header, err := beckn.ParseHeader(signed.String())
	s.Require().NoError(err)
	res, err := s.query.Lookup(ctx, &types.QueryLookupRequest{SubscriberId: header.SubscriberID, KeyId: header.UniqueKeyID})
	s.Require().NoError(err)
	s.Require().NoError(header.Verify(res.Subscriptions[0].SigningPublicKey, body, time.Unix(1780000000, 0), 0))
}

// TestHundredOrdersInOneTx anchors 100 orders in one transaction, verifies
// their digests, re-sends one unchanged (a no-op) and refuses a changed one.
func (s *BecknSuite) TestHundredOrdersInOneTx() {
	ctx := context.Background()
	const n = 100
	bodies := make([][]byte, n)
	anchors := make([]types.OrderAnchor, n)
	for i := range n {
		orderID, txnID := fmt.Sprintf("order-%03d", i), fmt.Sprintf("txn-%03d", i)
		anchors[i] = s.offChainAnchor(orderID, txnID, uint64(1000+i))
		bodies[i] = anchors[i].Body
	}
	// 100 anchors with their bodies take about 6.5M gas, far above DefaultGasLimit.
	res, err := network.DeliverWithGas(s.net, "relay", 12_000_000, &types.MsgAnchorOrders{Relay: s.relay.String(), Anchors: anchors})
	s.Require().NoError(err)
	s.Require().Zero(res.Code, res.RawLog)
	s.T().Logf("100 anchors used %d gas", res.GasUsed)
	results := s.anchorResults(res)
	s.Require().Len(results, n)
	for i, r := range results {
		s.Equal(anchors[i].OrderId, r.OrderId)
		s.False(r.AlreadyAnchored)
		s.Zero(r.TradeId, "settled off chain")
	}

	// VerifyOrder: the anchored body matches, a changed body does not.
	changed := append(bytes.Clone(bodies[42]), '\n') // the same terms, another body
	s.Require().NotEqual(beckn.Digest(bodies[42]), beckn.Digest(changed))
	match, err := s.query.VerifyOrder(ctx, &types.QueryVerifyOrderRequest{OrderId: "order-042", Digest: beckn.Digest(bodies[42])})
	s.Require().NoError(err)
	s.True(match.Match)
	s.Equal(types.OrderState_CONFIRMED, match.State)
	mismatch, err := s.query.VerifyOrder(ctx, &types.QueryVerifyOrderRequest{OrderId: "order-042", Digest: beckn.Digest(changed)})
	s.Require().NoError(err)
	s.False(mismatch.Match)
	s.Equal(beckn.Digest(bodies[42]), mismatch.AnchoredDigest)
	other, err := s.query.VerifyOrder(ctx, &types.QueryVerifyOrderRequest{OrderId: "order-043", Digest: beckn.Digest(bodies[42])})
	s.Require().NoError(err)
	s.False(other.Match, "another order's body")

	count := func() *types.QueryOrdersByParticipantResponse {
		page, err := s.query.OrdersByParticipant(ctx, &types.QueryOrdersByParticipantRequest{SubscriberId: becknBPP,
			Pagination: &query.PageRequest{Limit: 10, CountTotal: true}})
		s.Require().NoError(err)
		return page
	}
	page := count()
	s.Equal(uint64(n), page.Pagination.Total)
	s.Require().Len(page.Orders, 10)
	s.Equal("order-099", page.Orders[0].Anchor.OrderId, "newest first")
	byBAP, err := s.query.OrdersByParticipant(ctx, &types.QueryOrdersByParticipantRequest{SubscriberId: becknBAP,
		Pagination: &query.PageRequest{Limit: 1, CountTotal: true}})
	s.Require().NoError(err)
	s.Equal(uint64(n), byBAP.Pagination.Total, "listed under the BAP of another network too")
	before, err := s.query.Order(ctx, &types.QueryOrderRequest{OrderId: "order-042"})
	s.Require().NoError(err)

	// The same anchor again succeeds and changes nothing.
	res = s.ok("relay", &types.MsgAnchorOrders{Relay: s.relay.String(), Anchors: []types.OrderAnchor{anchors[42]}})
	again := s.anchorResults(res)
	s.Require().Len(again, 1)
	s.True(again[0].AlreadyAnchored)
	s.Equal(uint64(n), count().Pagination.Total)
	after, err := s.query.Order(ctx, &types.QueryOrderRequest{OrderId: "order-042"})
	s.Require().NoError(err)
	s.Equal(before.Order, after.Order)

	// Another digest for an anchored order is refused, naming both digests.
	conflicting := anchors[42]
	conflicting.Body = changed
	conflicting = s.signBody(conflicting)
	res = s.deliver("relay", &types.MsgAnchorOrders{Relay: s.relay.String(), Anchors: []types.OrderAnchor{conflicting}})
	s.Equal(types.ErrDigestConflict.ABCICode(), res.Code, res.RawLog)
	s.Equal(types.ModuleName, res.Codespace)
	s.Contains(res.RawLog, beckn.EncodeDigest(beckn.Digest(bodies[42])), "the anchored digest")
	s.Contains(res.RawLog, beckn.EncodeDigest(beckn.Digest(changed)), "the refused digest")
	match, err = s.query.VerifyOrder(ctx, &types.QueryVerifyOrderRequest{OrderId: "order-042", Digest: beckn.Digest(bodies[42])})
	s.Require().NoError(err)
	s.True(match.Match, "the anchored digest is unchanged")
	s.Equal(uint64(n), count().Pagination.Total)
}

// TestSettledAnchorOpensMarketTrade anchors an order naming bob (buyer) and
// alice (seller): refused until both consent with a SettlementAuthorization
// granted to the relay, then it opens an x/market trade with the same
// escrow as a fill of the book, charged to both consents.
func (s *BecknSuite) TestSettledAnchorOpensMarketTrade() {
	ctx := context.Background()
	s.ok("gridop", &assetstypes.MsgRegisterMeter{Signer: s.gridop.String(), MeterId: "alice-solar-1", Owner: s.alice.String(),
		Kind: assetstypes.MeterKind_SOLAR, CapacityW: 2_000_000, CommunityId: 1})
	s.ok("alice", &assetstypes.MsgAcceptMeter{Signer: s.alice.String(), MeterId: "alice-solar-1"}) // the owner consents

	const (
		orderID    = "settled-order-1"
		quantityWh = 5000
		price      = 150_000 // upwc per kWh, a multiple of the 1,000 tick
	)
	payment := int64(quantityWh * price / 1000)                                       // 750,000 upwc
	collateral := payment * int64(markettypes.DefaultParams().CollateralBps) / 10_000 // 75,000 upwc
	fee := network.Fee(network.DefaultGasLimit).AmountOf(params.BondDenom).Int64()
	escrow := func() int64 { return s.balance(authtypes.NewModuleAddress(markettypes.ModuleName)) }
	bobBefore, aliceBefore, escrowBefore := s.balance(s.bob), s.balance(s.alice), escrow()

	anchor := func() *types.MsgAnchorOrders {
		// A slot whose gate closes well after this tx's block: one slot of delivery.
		first := time.Now().UTC().Add(10 * time.Second).Unix()
		slot := time.Unix((first/testSlotSeconds+1)*testSlotSeconds, 0).UTC()
		a := s.offChainAnchor(orderID, "settled-txn-1", quantityWh)
		a.Price, a.Currency, a.DeliveryStart, a.DeliveryEnd = "150000", "upwc", slot, slot.Add(testSlotSeconds*time.Second)
		a.Buyer, a.Seller, a.MeterId, a.Renewable = s.bob.String(), s.alice.String(), "alice-solar-1", false
		a = s.sealed(a)
		return &types.MsgAnchorOrders{Relay: s.relay.String(), Anchors: []types.OrderAnchor{a}}
	}

	// Without grants, neither party has consented.
	res := s.anchorTx(anchor())
	s.Equal(types.ErrNoSettlementGrant.ABCICode(), res.Code, res.RawLog)
	s.Contains(res.RawLog, "buyer "+s.bob.String())
	grant := func(granter sdk.AccAddress, consent *types.SettlementAuthorization, expiration *time.Time) *authz.MsgGrant {
		msg, err := authz.NewMsgGrant(granter, s.relay, consent, expiration)
		s.Require().NoError(err)
		return msg
	}
	// bob buys from alice up to 2,000,000 upwc at most at 160,000 upwc/kWh;
	// alice sells to bob from 140,000, from her meter, 5 kWh a trade, today.
	consent := func(spend int64, maxPrice, minPrice uint64, counterparty sdk.AccAddress) *types.SettlementAuthorization {
		now := time.Now().UTC()
		return &types.SettlementAuthorization{
			SpendLimit: sdkmath.NewInt(spend), MaxPrice: maxPrice, MinPrice: minPrice,
			Counterparties: []string{counterparty.String()}, MaxQuantityWh: quantityWh,
			NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour), MeterIds: []string{"alice-solar-1"},
		}
	}
	s.ok("bob", grant(s.bob, consent(2_000_000, 160_000, 0, s.alice), nil))
	res = s.anchorTx(anchor())
	s.Equal(types.ErrNoSettlementGrant.ABCICode(), res.Code, "the seller has not granted yet: %s", res.RawLog)
	s.Contains(res.RawLog, "seller "+s.alice.String())
	_, err := s.query.Order(ctx, &types.QueryOrderRequest{OrderId: orderID})
	s.Require().Error(err, "a refused anchor leaves nothing")
	s.Equal(escrowBefore, escrow())

	// With both grants the anchor opens the trade.
	expiry := time.Now().Add(time.Hour)
	s.ok("alice", grant(s.alice, consent(2_000_000, 0, 140_000, s.bob), &expiry))
	msg := anchor()
	res = s.anchorTx(msg)
	s.Require().Zero(res.Code, res.RawLog)
	results := s.anchorResults(res)
	s.Require().Len(results, 1)
	s.False(results[0].AlreadyAnchored)
	tradeID := results[0].TradeId
	s.Require().NotZero(tradeID)

	order, err := s.query.Order(ctx, &types.QueryOrderRequest{OrderId: orderID})
	s.Require().NoError(err)
	s.Equal(tradeID, order.Order.TradeId)
	s.Equal(types.OrderState_CONFIRMED, order.Order.State)
	s.Equal(s.relay.String(), order.Order.AnchoredBy)

	trades, err := s.marketQuery.TradesByOwner(ctx, &markettypes.QueryTradesByOwnerRequest{Owner: s.bob.String()})
	s.Require().NoError(err)
	s.Require().Len(trades.Trades, 1)
	trade := trades.Trades[0]
	s.Equal(tradeID, trade.Id)
	s.Equal("beckn:"+orderID, trade.ExternalRef)
	s.Equal(s.bob.String(), trade.Buyer)
	s.Equal(s.alice.String(), trade.Seller)
	s.Equal("alice-solar-1", trade.MeterId)
	s.Equal(uint64(quantityWh), trade.QuantityWh)
	s.Equal(uint64(price), trade.Price)
	s.True(trade.SlotStart.Equal(msg.Anchors[0].DeliveryStart))
	s.Equal(payment, trade.PaymentUpwc.Int64())
	s.Equal(collateral, trade.CollateralUpwc.Int64())
	s.False(trade.Renewable)

	// Escrow, by hand: bob paid the payment and one fee (his grant); alice
	// the collateral and one fee; the relay paid the anchoring fees.
	s.Equal(bobBefore-payment-fee, s.balance(s.bob))
	s.Equal(aliceBefore-collateral-fee, s.balance(s.alice))
	s.Equal(escrowBefore+payment+collateral, escrow())

	// Sent again, the anchor is a no-op returning the same trade: nothing more is escrowed.
	res = s.anchorTx(msg)
	s.Require().Zero(res.Code, res.RawLog)
	again := s.anchorResults(res)
	s.Require().Len(again, 1)
	s.True(again[0].AlreadyAnchored)
	s.Equal(tradeID, again[0].TradeId)
	s.Equal(escrowBefore+payment+collateral, escrow())
	s.Equal(bobBefore-payment-fee, s.balance(s.bob))

	// Each consent was charged the trade's notional once.
	grants, err := authz.NewQueryClient(s.net.Validators[0].ClientCtx).Grants(ctx, &authz.QueryGrantsRequest{
		Granter: s.bob.String(), Grantee: s.relay.String(), MsgTypeUrl: becknkeeper.SettlementGrantMsgType})
	s.Require().NoError(err)
	s.Require().Len(grants.Grants, 1)
	var left types.SettlementAuthorization
	s.Require().NoError(left.Unmarshal(grants.Grants[0].Authorization.Value))
	s.Equal(2_000_000-payment, left.SpendLimit.Int64())
}
