package app

import (
	"github.com/cosmos/cosmos-sdk/codec/address"
	"github.com/cosmos/cosmos-sdk/types/module"
	"github.com/cosmos/cosmos-sdk/x/auth"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
	authzmodule "github.com/cosmos/cosmos-sdk/x/authz/module"
	"github.com/cosmos/cosmos-sdk/x/bank"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	"github.com/cosmos/cosmos-sdk/x/consensus"
	consensustypes "github.com/cosmos/cosmos-sdk/x/consensus/types"
	distr "github.com/cosmos/cosmos-sdk/x/distribution"
	distrtypes "github.com/cosmos/cosmos-sdk/x/distribution/types"
	"github.com/cosmos/cosmos-sdk/x/evidence"
	evidencetypes "github.com/cosmos/cosmos-sdk/x/evidence/types"
	"github.com/cosmos/cosmos-sdk/x/feegrant"
	feegrantmodule "github.com/cosmos/cosmos-sdk/x/feegrant/module"
	"github.com/cosmos/cosmos-sdk/x/genutil"
	genutiltypes "github.com/cosmos/cosmos-sdk/x/genutil/types"
	"github.com/cosmos/cosmos-sdk/x/gov"
	govclient "github.com/cosmos/cosmos-sdk/x/gov/client"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	"github.com/cosmos/cosmos-sdk/x/slashing"
	slashingtypes "github.com/cosmos/cosmos-sdk/x/slashing/types"
	"github.com/cosmos/cosmos-sdk/x/staking"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"
	"github.com/cosmos/cosmos-sdk/x/upgrade"
	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"

	"github.com/powershare/powershare/app/params"
	"github.com/powershare/powershare/x/achievements"
	achievementstypes "github.com/powershare/powershare/x/achievements/types"
	"github.com/powershare/powershare/x/assets"
	assetstypes "github.com/powershare/powershare/x/assets/types"
	"github.com/powershare/powershare/x/beckn"
	beckntypes "github.com/powershare/powershare/x/beckn/types"
	"github.com/powershare/powershare/x/market"
	markettypes "github.com/powershare/powershare/x/market/types"
	"github.com/powershare/powershare/x/rbac"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// newModuleManager lists every module of the application: the SDK's, then
// PowerShare's own. A module with an ABCI phase or genesis state also joins
// the orderings of setModuleOrder.
func (app *App) newModuleManager() *module.Manager {
	k := &app.Keepers
	cdc := app.appCodec
	return module.NewManager(
		genutil.NewAppModule(k.AccountKeeper, k.StakingKeeper, app, app.txConfig),
		auth.NewAppModule(cdc, k.AccountKeeper, nil),
		bank.NewAppModule(cdc, k.BankKeeper, k.AccountKeeper),
		staking.NewAppModule(cdc, k.StakingKeeper, k.AccountKeeper, k.BankKeeper),
		slashing.NewAppModule(cdc, k.SlashingKeeper, k.AccountKeeper, k.BankKeeper, k.StakingKeeper, app.interfaceRegistry),
		distr.NewAppModule(cdc, k.DistrKeeper, k.AccountKeeper, k.BankKeeper, k.StakingKeeper),
		gov.NewAppModule(cdc, k.GovKeeper, k.AccountKeeper, k.BankKeeper),
		consensus.NewAppModule(cdc, k.ConsensusParamsKeeper),
		upgrade.NewAppModule(k.UpgradeKeeper, address.NewBech32Codec(params.Bech32PrefixAccAddr)),
		authzmodule.NewAppModule(cdc, k.AuthzKeeper, k.AccountKeeper, k.BankKeeper, app.interfaceRegistry),
		feegrantmodule.NewAppModule(cdc, k.AccountKeeper, k.BankKeeper, k.FeeGrantKeeper, app.interfaceRegistry),
		evidence.NewAppModule(k.EvidenceKeeper),
		rbac.NewAppModule(k.RBACKeeper),
		assets.NewAppModule(k.AssetsKeeper),
		market.NewAppModule(k.MarketKeeper),
		beckn.NewAppModule(k.BecknKeeper),
		achievements.NewAppModule(k.AchievementsKeeper),
	)
}

// newBasicManager derives the basic manager (codecs, default genesis, CLI)
// from the module manager. Gov gets no legacy proposal handlers: every
// proposal is a v1 proposal carrying Msgs.
func newBasicManager(mm *module.Manager) module.BasicManager {
	basics := module.NewBasicManagerFromManager(mm, map[string]module.AppModuleBasic{
		genutiltypes.ModuleName: genutil.NewAppModuleBasic(genutiltypes.DefaultMessageValidator),
		govtypes.ModuleName:     gov.NewAppModuleBasic([]govclient.ProposalHandler{}),
	})
	return basics
}

// setModuleOrder fixes the order in which modules run in each ABCI phase.
// Upgrades run first in PreBlock so that a scheduled upgrade halts the chain
// before anything else changes state.
func setModuleOrder(mm *module.Manager) {
	mm.SetOrderPreBlockers(upgradetypes.ModuleName, authtypes.ModuleName)

	// Distribution runs before slashing so that no fees are left in the validator
	// pool when slashing happens; evidence follows slashing.
	mm.SetOrderBeginBlockers(distrtypes.ModuleName, slashingtypes.ModuleName, evidencetypes.ModuleName,
		stakingtypes.ModuleName, authz.ModuleName)

	// rbac jails former operators before staking computes the validator updates.
	mm.SetOrderEndBlockers(govtypes.ModuleName, rbactypes.ModuleName, stakingtypes.ModuleName, feegrant.ModuleName,
		banktypes.ModuleName, markettypes.ModuleName, assetstypes.ModuleName, beckntypes.ModuleName,
		achievementstypes.ModuleName) // after market: trades it settles this block count at once

	// genutil must come after staking and bank so that gentxs find funded
	// accounts and an initialised staking pool.
	genesisOrder := []string{
		consensustypes.ModuleName, authtypes.ModuleName, banktypes.ModuleName, rbactypes.ModuleName, distrtypes.ModuleName,
		stakingtypes.ModuleName, slashingtypes.ModuleName, govtypes.ModuleName, genutiltypes.ModuleName,
		evidencetypes.ModuleName, authz.ModuleName, feegrant.ModuleName, upgradetypes.ModuleName,
		assetstypes.ModuleName, markettypes.ModuleName, beckntypes.ModuleName, achievementstypes.ModuleName,
	}
	mm.SetOrderInitGenesis(genesisOrder...)
	mm.SetOrderExportGenesis(genesisOrder...)
}
