package app_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/crypto/keys/ed25519"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	genutiltypes "github.com/cosmos/cosmos-sdk/x/genutil/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/powershare/powershare/app"
	achievementstypes "github.com/powershare/powershare/x/achievements/types"
	assetstypes "github.com/powershare/powershare/x/assets/types"
	beckntypes "github.com/powershare/powershare/x/beckn/types"
	markettypes "github.com/powershare/powershare/x/market/types"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

var (
	genesisStart = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	slotStart    = genesisStart.Add(time.Hour)
	seller       = sdk.AccAddress("seller______________")
	buyer        = sdk.AccAddress("buyer_______________")
	operatorAcc  = sdk.AccAddress("operator____________")
)

// crossGenesis is a valid genesis with state in every module a cross-module
// check reads: a meter, a resting renewable sell, an unsettled renewable
// trade anchored by a Beckn order, the market account's escrow, and a gentx.
type crossGenesis struct {
	rbac   rbactypes.GenesisState
	assets assetstypes.GenesisState
	market markettypes.GenesisState
	beckn  beckntypes.GenesisState
	bank   banktypes.GenesisState
	// achievements is the achievements genesis: the default, pool empty.
	achievements achievementstypes.GenesisState
	gentx        bool
	// bondDenom, when set, replaces the staking genesis's bond denom.
	bondDenom string
}

func newCrossGenesis(t *testing.T, a *app.App) *crossGenesis {
	t.Helper()
	cdc := a.AppCodec()
	def := a.DefaultGenesis()
	g := &crossGenesis{gentx: true}
	cdc.MustUnmarshalJSON(def[rbactypes.ModuleName], &g.rbac)
	cdc.MustUnmarshalJSON(def[assetstypes.ModuleName], &g.assets)
	cdc.MustUnmarshalJSON(def[markettypes.ModuleName], &g.market)
	cdc.MustUnmarshalJSON(def[beckntypes.ModuleName], &g.beckn)
	cdc.MustUnmarshalJSON(def[banktypes.ModuleName], &g.bank)
	cdc.MustUnmarshalJSON(def[achievementstypes.ModuleName], &g.achievements)

	g.rbac.Communities = []rbactypes.Community{{Id: 1, Name: "Sunny Street", Zone: "zone-a", Geohash: "u33db"}}
	g.rbac.NextCommunityId = 2
	g.rbac.Grants = append(g.rbac.Grants, rbactypes.Grant{Address: operatorAcc.String(), Role: rbactypes.Role_OPERATOR})
	g.assets.Meters = []assetstypes.Meter{{
		Id: "m1", Owner: seller.String(), CommunityId: 1, Zone: "zone-a", Kind: assetstypes.MeterKind_SOLAR,
		Renewable: true, CapacityW: 5000, Active: true, RegisteredBy: operatorAcc.String(), RegisteredAt: genesisStart,
	}}
	g.market.Zones = []markettypes.Zone{{Id: "zone-a", CommunityId: 1, Description: "Sunny Street"}}
	p := g.market.Params
	g.market.Orders = []markettypes.Order{{
		Id: 1, Owner: seller.String(), Zone: "zone-a", SlotStart: slotStart, Side: markettypes.Side_SELL,
		QuantityWh: 500, RemainingWh: 500, Price: 100_000, MeterId: "m1", Renewable: true,
		EscrowUpwc: sdkmath.ZeroInt(), CollateralUpwc: markettypes.Collateral(500, 100_000, p.CollateralBps),
		EscrowUec: markettypes.EnergyCredits(500), CollateralBps: p.CollateralBps, GateClosure: p.GateClosure(slotStart),
	}}
	g.market.Trades = []markettypes.Trade{{
		Id: 1, Zone: "zone-a", SlotStart: slotStart, Buyer: buyer.String(), Seller: seller.String(), MeterId: "m1",
		QuantityWh: 200, Price: 100_000, Renewable: true, PaymentUpwc: markettypes.Payment(200, 100_000),
		CollateralUpwc: markettypes.Collateral(200, 100_000, p.CollateralBps), EcUec: markettypes.EnergyCredits(200),
		SlotEnd: slotStart.Add(p.Slot()), SettleDeadline: p.SettlementDeadline(slotStart), ExternalRef: "beckn:o-1",
	}}
	g.market.NextOrderId, g.market.NextTradeId = 2, 2
	g.beckn.Orders = []beckntypes.AnchoredOrder{{Anchor: beckntypes.OrderAnchor{OrderId: "o-1"}, TradeId: 1}}
	upwc, uec := g.market.Escrow()
	g.bank.Balances = append(g.bank.Balances, banktypes.Balance{
		Address: authtypes.NewModuleAddress(markettypes.ModuleName).String(),
		Coins:   sdk.NewCoins(sdk.NewCoin("upwc", upwc), sdk.NewCoin(assetstypes.EnergyCreditDenom, uec)),
	})
	return g
}

func (g *crossGenesis) state(t *testing.T, a *app.App) app.GenesisState {
	t.Helper()
	cdc := a.AppCodec()
	state := a.DefaultGenesis()
	state[rbactypes.ModuleName] = cdc.MustMarshalJSON(&g.rbac)
	state[assetstypes.ModuleName] = cdc.MustMarshalJSON(&g.assets)
	state[markettypes.ModuleName] = cdc.MustMarshalJSON(&g.market)
	state[beckntypes.ModuleName] = cdc.MustMarshalJSON(&g.beckn)
	state[banktypes.ModuleName] = cdc.MustMarshalJSON(&g.bank)
	state[achievementstypes.ModuleName] = cdc.MustMarshalJSON(&g.achievements)
	if g.bondDenom != "" {
		var staking stakingtypes.GenesisState
		cdc.MustUnmarshalJSON(state[stakingtypes.ModuleName], &staking)
		staking.Params.BondDenom = g.bondDenom
		state[stakingtypes.ModuleName] = cdc.MustMarshalJSON(&staking)
	}
	if g.gentx {
		state[genutiltypes.ModuleName] = cdc.MustMarshalJSON(&genutiltypes.GenesisState{
			GenTxs: []json.RawMessage{createValidatorTx(t, a, operatorAcc)},
		})
	}
	return state
}

// createValidatorTx is an (unsigned) gentx creating the validator of operator.
func createValidatorTx(t *testing.T, a *app.App, operator sdk.AccAddress) json.RawMessage {
	t.Helper()
	msg, err := stakingtypes.NewMsgCreateValidator(sdk.ValAddress(operator).String(), ed25519.GenPrivKey().PubKey(),
		sdk.NewInt64Coin("upwc", 1_000_000), stakingtypes.NewDescription("v", "", "", "", ""),
		stakingtypes.NewCommissionRates(sdkmath.LegacyNewDecWithPrec(1, 1), sdkmath.LegacyOneDec(), sdkmath.LegacyZeroDec()),
		sdkmath.OneInt())
	require.NoError(t, err)
	builder := a.TxConfig().NewTxBuilder()
	require.NoError(t, builder.SetMsgs(msg))
	bz, err := a.TxConfig().TxJSONEncoder()(builder.GetTx())
	require.NoError(t, err)
	return bz
}

// Finding 5 of issue 11 (and the gentx OPERATOR check): a genesis every
// module accepts but that would halt the chain is refused by the app's
// cross-module validation, with an error naming the record.
func TestValidateAppGenesisRefusesCrossModuleDefects(t *testing.T) {
	a := newTestApp(t)
	cdc := a.AppCodec()
	tests := []struct {
		name    string
		defect  func(g *crossGenesis)
		wantErr string
	}{
		{"valid", func(*crossGenesis) {}, ""},
		{"escrow missing from the market account", func(g *crossGenesis) {
			g.bank.Balances = g.bank.Balances[:len(g.bank.Balances)-1]
		}, "market escrow: the market module account"},
		{"escrow above what orders and trades hold", func(g *crossGenesis) {
			last := &g.bank.Balances[len(g.bank.Balances)-1]
			last.Coins = last.Coins.Add(sdk.NewInt64Coin("upwc", 1))
		}, "market escrow"},
		{"escrow in a coin the market does not pay out", func(g *crossGenesis) { g.bondDenom = "stake" },
			`bond_denom is "stake"`},
		{"sell order meter unknown", func(g *crossGenesis) { g.market.Orders[0].MeterId = "m9" },
			`market order 1: meter "m9" is not in the assets genesis`},
		{"sell order meter in another zone", func(g *crossGenesis) { g.assets.Meters[0].Zone = "zone-b" },
			"market order 1: meter m1 is in zone"},
		{"renewable sell from a non-renewable meter", func(g *crossGenesis) { g.assets.Meters[0].Renewable = false },
			"market order 1: a renewable sell from meter m1"},
		{"trade meter unknown", func(g *crossGenesis) { g.market.Trades[0].MeterId = "m9" },
			`market trade 1: meter "m9"`},
		{"meter community unknown", func(g *crossGenesis) { g.assets.Meters[0].CommunityId = 7 },
			"assets meter m1: community 7"},
		{"beckn trade never issued", func(g *crossGenesis) { g.beckn.Orders[0].TradeId = 5 },
			`beckn order "o-1": trade 5 was never issued`},
		{"beckn trade of another order", func(g *crossGenesis) { g.market.Trades[0].ExternalRef = "beckn:o-2" },
			`beckn order "o-1": trade 1 is "beckn:o-2"`},
		{"achievements reward pool the module account does not hold", func(g *crossGenesis) {
			g.achievements.RewardPool = sdkmath.NewInt(5)
		}, "achievements: the module account"},
		{"achievements account holding more than pool and escrows", func(g *crossGenesis) {
			g.bank.Balances = append(g.bank.Balances, banktypes.Balance{
				Address: authtypes.NewModuleAddress(achievementstypes.ModuleName).String(), Coins: sdk.NewCoins(sdk.NewInt64Coin("upwc", 1)),
			})
		}, "achievements: the module account"},
		{"achievement of an unknown community", func(g *crossGenesis) { g.achievements.Achievements[0].Community = 7 },
			"achievement first-trade: community 7"},
		{"gentx operator without OPERATOR", func(g *crossGenesis) { g.rbac.Grants = g.rbac.Grants[:len(g.rbac.Grants)-1] },
			"genesis add-genesis-role " + operatorAcc.String() + " OPERATOR"},
		{"gentx operator whose OPERATOR expired", func(g *crossGenesis) {
			expired := genesisStart
			g.rbac.Grants[len(g.rbac.Grants)-1].ExpiresAt = &expired
		}, "does not hold the chain-wide OPERATOR role"},
		{"gentx operator with a community OPERATOR only", func(g *crossGenesis) {
			g.rbac.Grants[len(g.rbac.Grants)-1].CommunityId = 1
		}, "does not hold the chain-wide OPERATOR role"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := newCrossGenesis(t, a)
			tc.defect(g)
			state := g.state(t, a)
			err := app.ValidateAppGenesis(cdc, a.TxConfig(), state, genesisStart)
			if tc.wantErr == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorContains(t, err, tc.wantErr)
		})
	}
}

// Finding 5 of issue 11: the market module refuses a trade whose Energy
// Credits or collateral would make settlement pay out a negative amount
// (which panicked inside the EndBlocker), and an order whose gate closes
// after its slot starts.
func TestMarketGenesisRefusesAmountsSettlementCannotPay(t *testing.T) {
	a := newTestApp(t)
	ac := a.InterfaceRegistry().SigningContext().AddressCodec()
	tests := []struct {
		name    string
		defect  func(g *crossGenesis)
		wantErr string
	}{
		{"negative trade EC", func(g *crossGenesis) { g.market.Trades[0].EcUec = sdkmath.NewInt(-1) }, "trade 1: ec_uec is -1"},
		{"trade EC short of its quantity", func(g *crossGenesis) { g.market.Trades[0].EcUec = markettypes.EnergyCredits(100) },
			"trade 1: ec_uec"},
		{"non-renewable trade carrying EC", func(g *crossGenesis) { g.market.Trades[0].Renewable = false }, "trade 1: ec_uec"},
		{"collateral above payment", func(g *crossGenesis) {
			g.market.Trades[0].CollateralUpwc = g.market.Trades[0].PaymentUpwc.AddRaw(1)
		}, "trade 1: collateral_upwc"},
		{"gate after slot start", func(g *crossGenesis) { g.market.Orders[0].GateClosure = slotStart.Add(time.Second) },
			"order 1: gate closure"},
		{"collateral share above 100%", func(g *crossGenesis) {
			o := &g.market.Orders[0]
			o.CollateralBps = 10_001
			o.CollateralUpwc = markettypes.Collateral(o.RemainingWh, o.Price, o.CollateralBps)
		},
			"order 1: collateral_bps 10001"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := newCrossGenesis(t, a)
			tc.defect(g)
			require.ErrorContains(t, g.market.Validate(ac), tc.wantErr)
		})
	}
}
