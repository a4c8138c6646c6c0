// Package achievements turns what people really do on chain into badges,
// rewards, streaks, loyalty tiers, leaderboards and challenges. Everything is
// earned from chain facts that other modules report through their hooks
// (settled trades, attested production, retired carbon), never claimed;
// awards are automatic and deterministic, and the end-block work is
// bounded. Badges are ADR-043-shaped NFTs the module keeps itself,
// soulbound unless their class says otherwise.
package achievements

import (
	"context"

	gwruntime "github.com/grpc-ecosystem/grpc-gateway/runtime"
	"google.golang.org/grpc"

	"cosmossdk.io/core/appmodule"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/types/module"

	"github.com/powershare/powershare/x/achievements/keeper"
	"github.com/powershare/powershare/x/achievements/types"
	"github.com/powershare/powershare/x/internal/moduleutil"
)

var (
	_ module.HasGenesis          = AppModule{}
	_ appmodule.HasServices      = AppModule{}
	_ module.HasConsensusVersion = AppModule{}
	_ appmodule.AppModule        = AppModule{}
	_ appmodule.HasEndBlocker    = AppModule{}
)

// ConsensusVersion is the version of the module's state layout.
const ConsensusVersion = 1

// AppModule is the achievements module.
type AppModule struct {
	moduleutil.Genesis[types.GenesisState, *types.GenesisState]
	keeper keeper.Keeper
}

// NewAppModule returns the achievements module. The keeper must know the
// PowerCoin denom (WithRewardDenom).
func NewAppModule(k keeper.Keeper) AppModule {
	if k.RewardDenom() == "" {
		panic("achievements keeper built without WithRewardDenom")
	}
	return AppModule{
		Genesis: moduleutil.NewGenesis[types.GenesisState, *types.GenesisState](
			types.ModuleName, types.DefaultGenesis, k, k.AddressCodec()),
		keeper: k,
	}
}

// IsAppModule implements appmodule.AppModule.
func (AppModule) IsAppModule() {}

// IsOnePerModuleType implements depinject.OnePerModuleType.
func (AppModule) IsOnePerModuleType() {}

// Name returns the module name.
func (AppModule) Name() string { return types.ModuleName }

// RegisterLegacyAminoCodec is a no-op: the module's Msgs are signed with SIGN_MODE_DIRECT.
func (AppModule) RegisterLegacyAminoCodec(*codec.LegacyAmino) {}

// RegisterInterfaces registers the module's Msgs.
func (AppModule) RegisterInterfaces(registry codectypes.InterfaceRegistry) {
	types.RegisterInterfaces(registry)
}

// RegisterGRPCGatewayRoutes registers the REST routes of the Query service.
func (AppModule) RegisterGRPCGatewayRoutes(clientCtx client.Context, mux *gwruntime.ServeMux) {
	if err := types.RegisterQueryHandlerClient(context.Background(), mux, types.NewQueryClient(clientCtx)); err != nil {
		panic(err)
	}
}

// RegisterServices registers the Msg and Query services.
func (am AppModule) RegisterServices(registrar grpc.ServiceRegistrar) error {
	types.RegisterMsgServer(registrar, keeper.NewMsgServerImpl(am.keeper))
	types.RegisterQueryServer(registrar, keeper.NewQueryServerImpl(am.keeper))
	return nil
}

// ConsensusVersion implements module.HasConsensusVersion.
func (AppModule) ConsensusVersion() uint64 { return ConsensusVersion }

// EndBlock pays out ended challenges, a bounded number of steps per block.
func (am AppModule) EndBlock(ctx context.Context) error {
	return am.keeper.EndBlocker(ctx)
}
