package market

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

	"github.com/powershare/powershare/x/market/types"
)

// AutoCLIOptions describes the market CLI; settle-trades is hand-written
// (client/cli). Enum arguments and flags take autocli's kebab-case names:
// buy|sell, and --time-in-force gtc|ioc|post-only.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	return &autocliv1.ModuleOptions{
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service:              types.Msg_serviceDesc.ServiceName,
			EnhanceCustomCommand: true,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{
					RpcMethod: "PlaceOrder",
					Use:       "place-order [zone] [slot-start RFC3339] [buy|sell] [quantity-wh] [price-upwc-per-kwh]",
					Short:     "Place a limit order for a delivery slot; it trades at once with crossing orders, the rest rests (GTC)",
					Long: `Place a limit order. The slot start must be aligned to the slot length and before gate closure;
the price (upwc per kWh) a multiple of the tick. A buy escrows quantity x price; a sell needs --meter
(an active meter of yours in the zone) and escrows the collateral share and, with --renewable, the
Energy Credits of its quantity. --time-in-force ioc cancels what does not trade at once; post-only
refuses to trade at once; gtc (the default) rests until filled, cancelled or the gate closes.
--min-renewable-pct above 0 only buys renewable energy.`,
					Example: `powershared tx market place-order zone-a 2026-12-01T10:00:00Z sell 5000 150000 --meter alice-solar-1 --renewable --from alice
powershared tx market place-order zone-a 2026-12-01T10:00:00Z buy 3000 160000 --from bob
powershared tx market place-order zone-a 2026-12-01T10:00:00Z buy 1000 140000 --time-in-force post-only --min-renewable-pct 100 --from bob`,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{
						{ProtoField: "zone"}, {ProtoField: "slot_start"}, {ProtoField: "side"},
						{ProtoField: "quantity_wh"}, {ProtoField: "price"},
					},
					FlagOptions: map[string]*autocliv1.FlagOptions{
						"meter_id":      {Name: "meter", Usage: "the seller's meter"},
						"time_in_force": {Usage: "gtc, ioc or post-only", DefaultValue: "gtc"},
					},
				},
				{
					RpcMethod:      "CancelOrder",
					Use:            "cancel-order [order-id]",
					Short:          "Cancel a resting order of yours; its escrow returns at once",
					Example:        "powershared tx market cancel-order 7 --from alice",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "order_id"}},
				},
				{
					RpcMethod: "RegisterZone",
					Use:       "register-zone [zone] [community-id] [description]",
					Short:     "Register a grid zone orders and trades may name (GRID_OPERATOR or ADMIN); community 0 for none",
					Long: `Register a grid zone, or register a retired one again. An ADMIN or a chain-wide GRID_OPERATOR
registers any zone; a GRID_OPERATOR of a community registers zones of that community only.`,
					Example: `powershared tx market register-zone zone-a 1 "Sunny Street feeder" --from gridop`,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{
						{ProtoField: "zone_id"}, {ProtoField: "community_id"}, {ProtoField: "description"},
					},
				},
				{
					RpcMethod:      "RetireZone",
					Use:            "retire-zone [zone]",
					Short:          "Retire a zone: no new orders or trades in it; what is open runs to its end",
					Example:        "powershared tx market retire-zone zone-a --from gridop",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "zone_id"}},
				},
				{RpcMethod: "SettleTrades", Skip: true},
				{RpcMethod: "UpdateParams", Skip: true}, // governance: submit it in a proposal
			},
		},
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: types.Query_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "Book", Use: "book [zone] [slot-start]", Short: "Depth by price level, best first, both sides",
					Example:        "powershared q market book zone-a 2026-12-01T10:00:00Z",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "zone"}, {ProtoField: "slot_start"}}},
				{RpcMethod: "Order", Use: "order [id]", Short: "A resting order", Example: "powershared q market order 7",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "id"}}},
				{RpcMethod: "OrdersByOwner", Use: "orders-by-owner [address]", Short: "An account's resting orders",
					Example: "powershared q market orders-by-owner power1...", PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "owner"}}},
				{RpcMethod: "TradesByOwner", Use: "trades-by-owner [address]", Short: "The trades an account bought or sold in (JSON field trades, each with price)",
					Example: "powershared q market trades-by-owner power1...", PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "owner"}}},
				{RpcMethod: "TradesByMarket", Use: "trades-by-market [zone] [slot-start]", Short: "A market's trades",
					Example:        "powershared q market trades-by-market zone-a 2026-12-01T10:00:00Z",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "zone"}, {ProtoField: "slot_start"}}},
				{RpcMethod: "Stats", Use: "stats [zone]", Short: "Per-slot last price, VWAP, volume and trade count in [--from, --to]",
					Example:        "powershared q market stats zone-a --from 2026-12-01T00:00:00Z --to 2026-12-02T00:00:00Z",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "zone"}}},
				{RpcMethod: "Markets", Use: "markets [zone]", Short: "A zone's markets still open for trading",
					Example: "powershared q market markets zone-a", PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "zone"}}},
				{RpcMethod: "Zones", Use: "zones", Short: "The registered zones, retired ones included",
					Example: "powershared q market zones"},
				{RpcMethod: "Zone", Use: "zone [id]", Short: "A registered zone", Example: "powershared q market zone zone-a",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "id"}}},
				{RpcMethod: "Params", Use: "params", Short: "The parameters", Example: "powershared q market params"},
				{RpcMethod: "StuckItems", Use: "stuck-items", Short: "End-block items the market gave up on after repeated failures",
					Example: "powershared q market stuck-items"},
			},
		},
	}
}
