package app

import (
	"encoding/json"
	"fmt"

	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"

	servertypes "github.com/cosmos/cosmos-sdk/server/types"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	slashingtypes "github.com/cosmos/cosmos-sdk/x/slashing/types"
	"github.com/cosmos/cosmos-sdk/x/staking"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"
)

// ExportAppStateAndValidators exports the state of the application for a
// genesis file. With forZeroHeight the state is prepared to restart a new
// chain at height zero (a hard fork): rewards are withdrawn, slashing and
// unbonding clocks reset, and the listed validators are left unjailed.
func (app *App) ExportAppStateAndValidators(
	forZeroHeight bool, jailAllowedAddrs, modulesToExport []string,
) (servertypes.ExportedApp, error) {
	ctx := app.NewContextLegacy(true, cmtproto.Header{Height: app.LastBlockHeight()})

	// A zero-height export starts the new chain at height 0, so the exported
	// height is 0 and the state is reset as if it had always been there.
	height := app.LastBlockHeight() + 1
	if forZeroHeight {
		height = 0
		if err := app.prepForZeroHeightGenesis(ctx, jailAllowedAddrs); err != nil {
			return servertypes.ExportedApp{}, err
		}
	}

	genState, err := app.ModuleManager.ExportGenesisForModules(ctx, app.appCodec, modulesToExport)
	if err != nil {
		return servertypes.ExportedApp{}, err
	}
	appState, err := json.MarshalIndent(genState, "", "  ")
	if err != nil {
		return servertypes.ExportedApp{}, err
	}

	validators, err := staking.WriteValidators(ctx, app.StakingKeeper)
	return servertypes.ExportedApp{
		AppState:        appState,
		Validators:      validators,
		Height:          height,
		ConsensusParams: app.GetConsensusParams(ctx),
	}, err
}

// prepForZeroHeightGenesis withdraws all rewards and commissions, resets the
// distribution, staking and slashing clocks and jails every validator that is
// not in jailAllowedAddrs (when that list is non-empty).
func (app *App) prepForZeroHeightGenesis(ctx sdk.Context, jailAllowedAddrs []string) error {
	allowedAddrsMap := make(map[string]bool, len(jailAllowedAddrs))
	for _, addr := range jailAllowedAddrs {
		if _, err := sdk.ValAddressFromBech32(addr); err != nil {
			return fmt.Errorf("jail-allowed address %s: %w", addr, err)
		}
		allowedAddrsMap[addr] = true
	}

	if err := app.withdrawAllRewards(ctx); err != nil {
		return err
	}
	if err := app.reinitialiseDistribution(ctx); err != nil {
		return err
	}
	if err := app.resetStakingClocks(ctx); err != nil {
		return err
	}
	if err := app.resetValidators(ctx, allowedAddrsMap); err != nil {
		return err
	}
	return app.resetSigningInfos(ctx)
}

func (app *App) withdrawAllRewards(ctx sdk.Context) error {
	err := app.StakingKeeper.IterateValidators(ctx, func(_ int64, val stakingtypes.ValidatorI) bool {
		valBz, err := app.StakingKeeper.ValidatorAddressCodec().StringToBytes(val.GetOperator())
		if err != nil {
			panic(err)
		}
		_, _ = app.DistrKeeper.WithdrawValidatorCommission(ctx, valBz) // no commission is not an error here
		return false
	})
	if err != nil {
		return err
	}

	dels, err := app.StakingKeeper.GetAllDelegations(ctx)
	if err != nil {
		return err
	}
	for _, delegation := range dels {
		valAddr, err := sdk.ValAddressFromBech32(delegation.ValidatorAddress)
		if err != nil {
			return err
		}
		delAddr, err := sdk.AccAddressFromBech32(delegation.DelegatorAddress)
		if err != nil {
			return err
		}
		if _, err := app.DistrKeeper.WithdrawDelegationRewards(ctx, delAddr, valAddr); err != nil {
			return err
		}
	}
	return nil
}

// reinitialiseDistribution clears the accumulated distribution records and
// starts every validator and delegation at period zero again, moving dust
// left in the outstanding rewards to the community pool.
func (app *App) reinitialiseDistribution(ctx sdk.Context) error {
	app.DistrKeeper.DeleteAllValidatorSlashEvents(ctx)
	app.DistrKeeper.DeleteAllValidatorHistoricalRewards(ctx)

	// Records recreated below belong to the new chain, which starts at height 0.
	ctx = ctx.WithBlockHeight(0)

	var iterErr error
	err := app.StakingKeeper.IterateValidators(ctx, func(_ int64, val stakingtypes.ValidatorI) bool {
		valBz, err := app.StakingKeeper.ValidatorAddressCodec().StringToBytes(val.GetOperator())
		if err != nil {
			iterErr = err
			return true
		}
		scraps, err := app.DistrKeeper.GetValidatorOutstandingRewardsCoins(ctx, valBz)
		if err != nil {
			iterErr = err
			return true
		}
		feePool, err := app.DistrKeeper.FeePool.Get(ctx)
		if err != nil {
			iterErr = err
			return true
		}
		feePool.CommunityPool = feePool.CommunityPool.Add(scraps...)
		if iterErr = app.DistrKeeper.FeePool.Set(ctx, feePool); iterErr != nil {
			return true
		}
		if iterErr = app.DistrKeeper.Hooks().AfterValidatorCreated(ctx, valBz); iterErr != nil {
			return true
		}
		return false
	})
	if err != nil {
		return err
	}
	if iterErr != nil {
		return iterErr
	}

	dels, err := app.StakingKeeper.GetAllDelegations(ctx)
	if err != nil {
		return err
	}
	for _, del := range dels {
		valAddr, err := sdk.ValAddressFromBech32(del.ValidatorAddress)
		if err != nil {
			return err
		}
		delAddr, err := sdk.AccAddressFromBech32(del.DelegatorAddress)
		if err != nil {
			return err
		}
		if err := app.DistrKeeper.Hooks().BeforeDelegationCreated(ctx, delAddr, valAddr); err != nil {
			return err
		}
		if err := app.DistrKeeper.Hooks().AfterDelegationModified(ctx, delAddr, valAddr); err != nil {
			return err
		}
	}
	return nil
}

// resetStakingClocks makes every redelegation and unbonding start at height 0.
func (app *App) resetStakingClocks(ctx sdk.Context) error {
	err := app.StakingKeeper.IterateRedelegations(ctx, func(_ int64, red stakingtypes.Redelegation) bool {
		for i := range red.Entries {
			red.Entries[i].CreationHeight = 0
		}
		if err := app.StakingKeeper.SetRedelegation(ctx, red); err != nil {
			panic(err)
		}
		return false
	})
	if err != nil {
		return err
	}
	return app.StakingKeeper.IterateUnbondingDelegations(ctx, func(_ int64, ubd stakingtypes.UnbondingDelegation) bool {
		for i := range ubd.Entries {
			ubd.Entries[i].CreationHeight = 0
		}
		if err := app.StakingKeeper.SetUnbondingDelegation(ctx, ubd); err != nil {
			panic(err)
		}
		return false
	})
}

// resetValidators restarts every validator's bonding at height 0 and jails
// the ones not allowed to stay, then applies the resulting set.
func (app *App) resetValidators(ctx sdk.Context, allowed map[string]bool) error {
	store := ctx.KVStore(app.keys[stakingtypes.StoreKey])
	iter := storetypes.KVStoreReversePrefixIterator(store, stakingtypes.ValidatorsKey)
	defer iter.Close()
	for ; iter.Valid(); iter.Next() {
		addr := sdk.ValAddress(stakingtypes.AddressFromValidatorsKey(iter.Key()))
		validator, err := app.StakingKeeper.GetValidator(ctx, addr)
		if err != nil {
			return fmt.Errorf("validator %s: %w", addr, err)
		}
		validator.UnbondingHeight = 0
		if len(allowed) > 0 && !allowed[addr.String()] {
			validator.Jailed = true
		}
		if err := app.StakingKeeper.SetValidator(ctx, validator); err != nil {
			return err
		}
	}
	_, err := app.StakingKeeper.ApplyAndReturnValidatorSetUpdates(ctx)
	return err
}

// resetSigningInfos restarts every validator's missed-blocks window at height 0.
func (app *App) resetSigningInfos(ctx sdk.Context) error {
	return app.SlashingKeeper.IterateValidatorSigningInfos(ctx,
		func(addr sdk.ConsAddress, info slashingtypes.ValidatorSigningInfo) bool {
			info.StartHeight = 0
			if err := app.SlashingKeeper.SetValidatorSigningInfo(ctx, addr, info); err != nil {
				panic(err)
			}
			return false
		})
}
