package achievements

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

	"github.com/powershare/powershare/x/achievements/types"
)

// metricHelp names the metrics as the CLI spells them.
const metricHelp = `energy-sold-wh, energy-bought-wh, renewable-produced-wh, trades-settled, carbon-retired-g,
streak-days, distinct-counterparties or efficiency-bps`

// AutoCLIOptions describes the whole achievements CLI.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	return &autocliv1.ModuleOptions{
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service: types.Msg_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{
					RpcMethod: "CreateClass", Use: "create-class [id] [name]",
					Short:          "Create a badge class; soulbound unless --transferable (ADMIN)",
					Example:        `powershared tx achievements create-class ps:solar-pioneers "Solar pioneers" --symbol SOLAR --description "Early rooftop producers" --from admin`,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "id"}, {ProtoField: "name"}},
				},
				{
					RpcMethod: "DefineAchievement", Use: "define [id] [name] [class-id] [metric] [threshold]",
					Short: "Define an achievement: crossing threshold on metric mints a badge of class-id once and pays --reward (ADMIN)",
					Long: `Define an achievement. metric is one of ` + metricHelp + `.
Energy is in Wh, carbon in gCO2e, efficiency in basis points. --reward is PowerCoin from the reward
pool (e.g. 5000000upwc) or, with --community N, that community's tokens (uct/N) minted within its cap.
Definitions never change once made.`,
					Example: `powershared tx achievements define sold-1mwh "1 MWh sold" ps:trading energy-sold-wh 1000000 --reward 50000000upwc --from admin
powershared tx achievements define green-street "Green street" ps:sustainability renewable-produced-wh 500000 --community 1 --reward 100000000uct/1 --from admin`,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{
						{ProtoField: "id"}, {ProtoField: "name"}, {ProtoField: "class_id"}, {ProtoField: "metric"}, {ProtoField: "threshold"},
					},
				},
				{
					RpcMethod: "FundRewardPool", Use: "fund-reward-pool [amount]",
					Short:          "Add PowerCoin to the pool achievement rewards are paid from",
					Example:        "powershared tx achievements fund-reward-pool 1000000000upwc --from treasury",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "amount"}},
				},
				{
					RpcMethod: "SendNFT", Use: "send-nft [class-id] [id] [to]",
					Short:          "Send a token you own of a transferable class; soulbound badges are refused",
					Example:        "powershared tx achievements send-nft ps:collectibles badge-42 power1... --from alice",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "class_id"}, {ProtoField: "id"}, {ProtoField: "receiver"}},
				},
				{
					RpcMethod: "CreateChallenge", Use: "create-challenge [name] [metric] [kind] [pool] [class-id]",
					Short: "Create a challenge and escrow its PowerCoin pool (COMMUNITY_MANAGER of --community, or ADMIN)",
					Long: `Create a challenge. metric is additive: energy-sold-wh, energy-bought-wh, renewable-produced-wh,
trades-settled or carbon-retired-g. kind is target (everyone reaching --target wins) or top-n (the
--top-n best with progress win; equal progress ranks by address). The pool is split equally among
the winners, rounded down; what is left returns to you. --preset weekly or monthly runs it over the
next UTC week (Monday to Monday) or calendar month; otherwise give --start and --end (RFC 3339).
Members join with join-challenge; progress counts from joining, within the window.`,
					Example: `powershared tx achievements create-challenge "Solar week" renewable-produced-wh top-n 100000000upwc ps:challenges --top-n 3 --community 1 --preset weekly --from manager
powershared tx achievements create-challenge "Sell 50 kWh" energy-sold-wh target 50000000upwc ps:challenges --target 50000 --community 1 --start 2026-12-07T00:00:00Z --end 2026-12-14T00:00:00Z --from manager`,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{
						{ProtoField: "name"}, {ProtoField: "metric"}, {ProtoField: "kind"}, {ProtoField: "pool"}, {ProtoField: "class_id"},
					},
				},
				{
					RpcMethod: "JoinChallenge", Use: "join-challenge [id]",
					Short:          "Take part in an open challenge of your community",
					Example:        "powershared tx achievements join-challenge 3 --from alice",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "challenge_id"}},
				},
				{
					RpcMethod: "CancelChallenge", Use: "cancel-challenge [id]",
					Short:          "Cancel a challenge that has not started; its pool returns to its creator (creator or ADMIN)",
					Example:        "powershared tx achievements cancel-challenge 3 --from manager",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "challenge_id"}},
				},
				{RpcMethod: "UpdateParams", Skip: true}, // governance: submit it in a proposal
			},
		},
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: types.Query_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "Badges", Use: "badges [address]", Short: "The achievements an account earned, with badge and reward",
					Example: "powershared q achievements badges power1...", PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "address"}}},
				{RpcMethod: "Definitions", Use: "definitions", Short: "The achievement definitions: metric, threshold, badge class and reward",
					Example: "powershared q achievements definitions"},
				{RpcMethod: "Progress", Use: "progress [address]",
					Short:   "An account's counters, current and longest streak, efficiency score and loyalty tier",
					Example: "powershared q achievements progress power1...", PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "address"}}},
				{RpcMethod: "Leaderboard", Use: "leaderboard [metric]",
					Short: "The top of a leaderboard, chain-wide or of --community, over --period week, month or all",
					Long:  "metric is a ranked metric (q achievements params lists them): " + metricHelp + ".",
					Example: `powershared q achievements leaderboard energy-sold-wh --period week --limit 20
powershared q achievements leaderboard efficiency-bps --community 1`,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "metric"}}},
				{RpcMethod: "Rank", Use: "rank [address] [metric]", Short: "An account's rank and score on a leaderboard",
					Example:        "powershared q achievements rank power1... energy-sold-wh --period month --community 1",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "address"}, {ProtoField: "metric"}}},
				{RpcMethod: "Challenges", Use: "challenges", Short: "Challenges, newest first; --community N, --active for those running now",
					Example: "powershared q achievements challenges --community 1 --active"},
				{RpcMethod: "Challenge", Use: "challenge [id]", Short: "A challenge with its standings",
					Example: "powershared q achievements challenge 3 --limit 20", PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "id"}}},
				{RpcMethod: "NFTs", Use: "nfts", Short: "Tokens by --owner and/or --class-id",
					Example: "powershared q achievements nfts --owner power1...\npowershared q achievements nfts --class-id ps:trading"},
				{RpcMethod: "NFT", Use: "nft [class-id] [id]", Short: "A token with its badge evidence",
					Example: "powershared q achievements nft ps:trading badge-1", PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "class_id"}, {ProtoField: "id"}}},
				{RpcMethod: "Owner", Use: "owner [class-id] [id]", Short: "A token's owner",
					Example: "powershared q achievements owner ps:trading badge-1", PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "class_id"}, {ProtoField: "id"}}},
				{RpcMethod: "Supply", Use: "supply [class-id]", Short: "The number of tokens of a class",
					Example: "powershared q achievements supply ps:trading", PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "class_id"}}},
				{RpcMethod: "Class", Use: "class [class-id]", Short: "A badge class",
					Example: "powershared q achievements class ps:trading", PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "class_id"}}},
				{RpcMethod: "Classes", Use: "classes", Short: "The badge classes", Example: "powershared q achievements classes"},
				{RpcMethod: "RewardPool", Use: "reward-pool", Short: "The reward pool's balance", Example: "powershared q achievements reward-pool"},
				{RpcMethod: "Params", Use: "params", Short: "The parameters", Example: "powershared q achievements params"},
			},
		},
	}
}
