// Package assets owns how PowerShare's Energy Credits, Community Tokens and
// Carbon Credits come into existence, move and leave, and the PowerCoin
// treasury: meters and attested production, Carbon Credit batches and
// retirement certificates, community rewards with a send restriction, and
// treasury spending.
package assets

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

	"github.com/powershare/powershare/x/assets/client/cli"
	"github.com/powershare/powershare/x/assets/keeper"
	"github.com/powershare/powershare/x/assets/types"
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

// AppModule is the assets module.
type AppModule struct {
	moduleutil.Genesis[types.GenesisState, *types.GenesisState]
	keeper keeper.Keeper
}

// NewAppModule returns the assets module. The keeper must know PowerCoin's
// denom (Keeper.WithBondDenom): a node wired without it does not start.
func NewAppModule(k keeper.Keeper) AppModule {
	if k.BondDenom() == "" {
		panic("assets: the keeper has no bond denom; wire it with Keeper.WithBondDenom")
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

// RegisterLegacyAminoCodec is a no-op: assets Msgs are signed with SIGN_MODE_DIRECT.
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
func (am AppModule) GetTxCmd() *cobra.Command {
	return moduleutil.TxCommand(types.ModuleName, "Transactions of the assets module: meters, Energy, Carbon and Community tokens, treasury",
		cli.TxCommands(am.keeper.BondDenom())...)
}

// EndBlock prunes attestations past their retention period.
func (am AppModule) EndBlock(ctx context.Context) error {
	return am.keeper.EndBlocker(ctx)
}
