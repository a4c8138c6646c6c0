package app

import (
	"context"
	"fmt"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"
)

// Upgrade is one named software upgrade: the store changes it makes and the
// migrations it runs. Governance schedules it with MsgSoftwareUpgrade under
// the same name.
type Upgrade struct {
	Name          string
	StoreUpgrades storetypes.StoreUpgrades
}

// upgrades lists every upgrade this binary knows how to perform, oldest first.
// A new module lands with an entry whose StoreUpgrades.Added names its store.
var upgrades []Upgrade

// registerUpgradeHandlers installs a handler for each known upgrade that runs
// the modules' registered migrations, and mounts the store changes of the
// upgrade that is pending on disk, if any.
func (app *App) registerUpgradeHandlers() {
	for _, u := range upgrades {
		app.UpgradeKeeper.SetUpgradeHandler(u.Name,
			func(ctx context.Context, _ upgradetypes.Plan, fromVM module.VersionMap) (module.VersionMap, error) {
				return app.ModuleManager.RunMigrations(ctx, app.configurator, fromVM)
			})
	}

	info, err := app.UpgradeKeeper.ReadUpgradeInfoFromDisk()
	if err != nil {
		panic(fmt.Errorf("reading upgrade info from disk: %w", err))
	}
	if app.UpgradeKeeper.IsSkipHeight(info.Height) {
		return
	}
	for _, u := range upgrades {
		if u.Name == info.Name {
			storeUpgrades := u.StoreUpgrades
			app.SetStoreLoader(upgradetypes.UpgradeStoreLoader(info.Height, &storeUpgrades))
		}
	}
}
