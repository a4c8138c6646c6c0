package app

import (
	"maps"
	"slices"

	"github.com/cosmos/cosmos-sdk/codec/address"
	"github.com/cosmos/cosmos-sdk/runtime"
	servertypes "github.com/cosmos/cosmos-sdk/server/types"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authkeeper "github.com/cosmos/cosmos-sdk/x/auth/keeper"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	authzkeeper "github.com/cosmos/cosmos-sdk/x/authz/keeper"
	bankkeeper "github.com/cosmos/cosmos-sdk/x/bank/keeper"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	consensuskeeper "github.com/cosmos/cosmos-sdk/x/consensus/keeper"
	consensustypes "github.com/cosmos/cosmos-sdk/x/consensus/types"
	distrkeeper "github.com/cosmos/cosmos-sdk/x/distribution/keeper"
	distrtypes "github.com/cosmos/cosmos-sdk/x/distribution/types"
	evidencekeeper "github.com/cosmos/cosmos-sdk/x/evidence/keeper"
	evidencetypes "github.com/cosmos/cosmos-sdk/x/evidence/types"
	"github.com/cosmos/cosmos-sdk/x/feegrant"
	feegrantkeeper "github.com/cosmos/cosmos-sdk/x/feegrant/keeper"
	govkeeper "github.com/cosmos/cosmos-sdk/x/gov/keeper"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	slashingkeeper "github.com/cosmos/cosmos-sdk/x/slashing/keeper"
	slashingtypes "github.com/cosmos/cosmos-sdk/x/slashing/types"
	stakingkeeper "github.com/cosmos/cosmos-sdk/x/staking/keeper"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"
	upgradekeeper "github.com/cosmos/cosmos-sdk/x/upgrade/keeper"
	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"

	"github.com/powershare/powershare/app/params"
	achievementskeeper "github.com/powershare/powershare/x/achievements/keeper"
	achievementstypes "github.com/powershare/powershare/x/achievements/types"
	assetskeeper "github.com/powershare/powershare/x/assets/keeper"
	assetstypes "github.com/powershare/powershare/x/assets/types"
	becknkeeper "github.com/powershare/powershare/x/beckn/keeper"
	beckntypes "github.com/powershare/powershare/x/beckn/types"
	marketkeeper "github.com/powershare/powershare/x/market/keeper"
	markettypes "github.com/powershare/powershare/x/market/types"
	rbackeeper "github.com/powershare/powershare/x/rbac/keeper"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// Keepers are the state machine's module keepers: the SDK's, then
// PowerShare's (x/rbac, x/assets, x/market, x/beckn), which newKeepers
// constructs last so that they can depend on every SDK keeper. A new module
// adds its keeper here, its store key to storeKeyNames and its module to
// newModuleManager (DEVELOPERS.md lists every step).
type Keepers struct {
	AccountKeeper         authkeeper.AccountKeeper
	BankKeeper            bankkeeper.BaseKeeper
	StakingKeeper         *stakingkeeper.Keeper
	SlashingKeeper        slashingkeeper.Keeper
	DistrKeeper           distrkeeper.Keeper
	GovKeeper             *govkeeper.Keeper
	ConsensusParamsKeeper consensuskeeper.Keeper
	UpgradeKeeper         *upgradekeeper.Keeper
	AuthzKeeper           authzkeeper.Keeper
	FeeGrantKeeper        feegrantkeeper.Keeper
	EvidenceKeeper        evidencekeeper.Keeper

	RBACKeeper   rbackeeper.Keeper
	AssetsKeeper assetskeeper.Keeper
	MarketKeeper marketkeeper.Keeper
	BecknKeeper  becknkeeper.Keeper
	// AchievementsKeeper follows the others' hooks; nothing depends on it.
	AchievementsKeeper achievementskeeper.Keeper
}

// storeKeyNames lists every KV store the application mounts. A new module adds
// its store key here and, for a running chain, in an upgrade's StoreUpgrades.
var storeKeyNames = []string{
	authtypes.StoreKey, banktypes.StoreKey, stakingtypes.StoreKey, slashingtypes.StoreKey,
	distrtypes.StoreKey, govtypes.StoreKey, consensustypes.StoreKey, upgradetypes.StoreKey,
	authzkeeper.StoreKey, feegrant.StoreKey, evidencetypes.StoreKey,
	rbactypes.StoreKey, assetstypes.StoreKey, markettypes.StoreKey, beckntypes.StoreKey,
	achievementstypes.StoreKey,
}

// newKeepers constructs every keeper over the given store keys. The order
// matters only where a keeper takes another one as a dependency.
func (app *App) newKeepers(keys map[string]*storetypes.KVStoreKey, appOpts servertypes.AppOptions, homePath string) {
	cdc := app.appCodec
	authority := authtypes.NewModuleAddress(govtypes.ModuleName).String()
	accCodec := address.NewBech32Codec(params.Bech32PrefixAccAddr)
	valCodec := address.NewBech32Codec(params.Bech32PrefixValAddr)
	consCodec := address.NewBech32Codec(params.Bech32PrefixConsAddr)
	k := &app.Keepers

	k.ConsensusParamsKeeper = consensuskeeper.NewKeeper(
		cdc, runtime.NewKVStoreService(keys[consensustypes.StoreKey]), authority, runtime.EventService{})
	app.SetParamStore(k.ConsensusParamsKeeper.ParamsStore)

	k.AccountKeeper = authkeeper.NewAccountKeeper(
		cdc, runtime.NewKVStoreService(keys[authtypes.StoreKey]), authtypes.ProtoBaseAccount,
		moduleAccountPermissions, accCodec, params.Bech32PrefixAccAddr, authority)

	k.BankKeeper = bankkeeper.NewBaseKeeper(
		cdc, runtime.NewKVStoreService(keys[banktypes.StoreKey]), k.AccountKeeper,
		blockedModuleAccountAddrs(), authority, app.Logger())

	k.StakingKeeper = stakingkeeper.NewKeeper(
		cdc, runtime.NewKVStoreService(keys[stakingtypes.StoreKey]), k.AccountKeeper, k.BankKeeper,
		authority, valCodec, consCodec)

	k.DistrKeeper = distrkeeper.NewKeeper(
		cdc, runtime.NewKVStoreService(keys[distrtypes.StoreKey]), k.AccountKeeper, k.BankKeeper,
		k.StakingKeeper, authtypes.FeeCollectorName, authority)

	k.SlashingKeeper = slashingkeeper.NewKeeper(
		cdc, app.legacyAmino, runtime.NewKVStoreService(keys[slashingtypes.StoreKey]), k.StakingKeeper, authority)

	k.FeeGrantKeeper = feegrantkeeper.NewKeeper(
		cdc, runtime.NewKVStoreService(keys[feegrant.StoreKey]), k.AccountKeeper)

	// Distribution and slashing follow every validator's stake and signing record.
	k.StakingKeeper.SetHooks(stakingtypes.NewMultiStakingHooks(k.DistrKeeper.Hooks(), k.SlashingKeeper.Hooks()))

	k.AuthzKeeper = authzkeeper.NewKeeper(
		runtime.NewKVStoreService(keys[authzkeeper.StoreKey]), cdc, app.MsgServiceRouter(), k.AccountKeeper,
	).SetBankKeeper(k.BankKeeper)

	k.UpgradeKeeper = upgradekeeper.NewKeeper(
		skipUpgradeHeights(appOpts), runtime.NewKVStoreService(keys[upgradetypes.StoreKey]), cdc, homePath,
		app.BaseApp, authority)

	k.GovKeeper = govkeeper.NewKeeper(
		cdc, runtime.NewKVStoreService(keys[govtypes.StoreKey]), k.AccountKeeper, k.BankKeeper,
		k.DistrKeeper, app.MsgServiceRouter(), govtypes.DefaultConfig(), authority,
		govkeeper.NewDefaultCalculateVoteResultsAndVotingPower(k.StakingKeeper))

	evidenceKeeper := evidencekeeper.NewKeeper(
		cdc, runtime.NewKVStoreService(keys[evidencetypes.StoreKey]), k.StakingKeeper, k.SlashingKeeper,
		accCodec, runtime.ProvideCometInfoService())
	k.EvidenceKeeper = *evidenceKeeper

	// PowerShare keepers, after the SDK keepers they use.
	k.RBACKeeper = rbackeeper.NewKeeper(
		cdc, runtime.NewKVStoreService(keys[rbactypes.StoreKey]), accCodec, k.StakingKeeper, authority,
	).WithMsgRouter(app.MsgServiceRouter())
	k.AssetsKeeper = assetskeeper.NewKeeper(
		cdc, runtime.NewKVStoreService(keys[assetstypes.StoreKey]), accCodec, k.BankKeeper, k.AccountKeeper,
		k.RBACKeeper, authority,
	).WithRewardPools(authtypes.FeeCollectorName). // fees are paid out to stakers each block
							WithBondDenom(params.BondDenom)
	k.MarketKeeper = marketkeeper.NewKeeper(
		cdc, runtime.NewKVStoreService(keys[markettypes.StoreKey]), accCodec, k.BankKeeper, k.AssetsKeeper,
		k.RBACKeeper, authority).WithBondDenom(params.BondDenom)
	k.BecknKeeper = becknkeeper.NewKeeper(
		cdc, runtime.NewKVStoreService(keys[beckntypes.StoreKey]), accCodec, k.RBACKeeper, k.MarketKeeper, k.AuthzKeeper,
		authority)
	k.AchievementsKeeper = achievementskeeper.NewKeeper(
		cdc, runtime.NewKVStoreService(keys[achievementstypes.StoreKey]), accCodec, k.BankKeeper,
		k.RBACKeeper, k.AssetsKeeper, authority).WithRewardDenom(params.BondDenom).WithModuleAccounts(moduleAccountAddrs()...)
	// Achievements count settled trades, attested production and retired carbon.
	k.MarketKeeper.SetHooks(markettypes.NewMultiMarketHooks(k.AchievementsKeeper.MarketHooks()))
	k.AssetsKeeper.SetHooks(assetstypes.NewMultiAssetsHooks(k.AchievementsKeeper.AssetsHooks()))
	// Community Tokens move only within communities, whatever moves them.
	k.BankKeeper.AppendSendRestriction(k.AssetsKeeper.CommunityTokenRestriction)
}

// moduleAccountPermissions are the module accounts and what each may do with coins.
var moduleAccountPermissions = map[string][]string{
	authtypes.FeeCollectorName:          nil,
	distrtypes.ModuleName:               nil,
	stakingtypes.BondedPoolName:         {authtypes.Burner, authtypes.Staking},
	stakingtypes.NotBondedPoolName:      {authtypes.Burner, authtypes.Staking},
	stakingtypes.KeyRotationFeePoolName: {authtypes.Burner},
	govtypes.ModuleName:                 {authtypes.Burner},
	assetstypes.ModuleName:              {authtypes.Minter, authtypes.Burner},
	assetstypes.TreasuryName:            nil,
	markettypes.ModuleName:              nil, // escrow only: never mints or burns
	achievementstypes.ModuleName:        nil, // reward pool and challenge escrow: never mints or burns
}

// blockedModuleAccountAddrs are the module accounts that may not receive coins
// through bank sends. Only the governance account is left open, so that
// proposals can fund it.
func blockedModuleAccountAddrs() map[string]bool {
	blocked := make(map[string]bool, len(moduleAccountPermissions))
	for name := range moduleAccountPermissions {
		blocked[authtypes.NewModuleAddress(name).String()] = true
	}
	delete(blocked, authtypes.NewModuleAddress(govtypes.ModuleName).String())
	return blocked
}

// moduleAccountAddrs are the addresses of every module account, in name order.
func moduleAccountAddrs() []sdk.AccAddress {
	names := slices.Sorted(maps.Keys(moduleAccountPermissions))
	addrs := make([]sdk.AccAddress, len(names))
	for i, name := range names {
		addrs[i] = authtypes.NewModuleAddress(name)
	}
	return addrs
}
