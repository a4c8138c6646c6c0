// Package beckn joins PowerShare to open energy networks that speak the
// Beckn protocol: it keeps the network's registry of participants and their
// keys on chain, and anchors every confirmed Beckn order so that neither
// party can later deny or rewrite it; an anchor naming on-chain accounts
// opens an x/market trade with the same escrow and settlement.
package beckn

import (
	"context"

	gwruntime "github.com/grpc-ecosystem/grpc-gateway/runtime"
	"github.com/spf13/cobra"
	"google.golang.org/grpc"

	"cosmossdk.io/core/appmodule"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/types/module"

	"github.com/powershare/powershare/x/beckn/client/cli"
	"github.com/powershare/powershare/x/beckn/keeper"
	"github.com/powershare/powershare/x/beckn/types"
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

// AppModule is the beckn module.
type AppModule struct {
	moduleutil.Genesis[types.GenesisState, *types.GenesisState]
	keeper keeper.Keeper
}

// NewAppModule returns the beckn module.
func NewAppModule(k keeper.Keeper) AppModule {
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

// RegisterLegacyAminoCodec is a no-op: beckn Msgs are signed with SIGN_MODE_DIRECT.
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

// GetTxCmd returns the hand-written tx commands; autocli adds the others
// to the same command (EnhanceCustomCommand).
func (AppModule) GetTxCmd() *cobra.Command {
	return moduleutil.TxCommand(types.ModuleName, "Transactions of the beckn module: the network registry and order anchors", cli.TxCommands()...)
}

// EndBlock lapses pending subscriptions past their time and prunes orders
// past their retention.
func (am AppModule) EndBlock(ctx context.Context) error {
	return am.keeper.EndBlocker(ctx)
}
