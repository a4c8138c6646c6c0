package cmd

import (
	"encoding/json"
	"fmt"
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"

	"github.com/cosmos/cosmos-sdk/codec"
	serverconfig "github.com/cosmos/cosmos-sdk/server/config"
	"github.com/cosmos/cosmos-sdk/types/module"
	genutiltypes "github.com/cosmos/cosmos-sdk/x/genutil/types"

	"github.com/powershare/powershare/app"
	"github.com/powershare/powershare/app/params"
)

const (
	// blockTime is the target interval between blocks of a fresh node.
	blockTime = time.Second
	// maxTxBytes bounds a single tx in the mempool: room for about 190
	// ML-DSA-65 signatures, far more than any PowerShare tx needs.
	maxTxBytes = 1 << 20
)

// initCometBFTConfig returns CometBFT's defaults with PowerShare's block
// time and tx size limit; written to config.toml by init.
func initCometBFTConfig() *cmtcfg.Config {
	cfg := cmtcfg.DefaultConfig()
	cfg.Consensus.TimeoutCommit = blockTime
	cfg.Mempool.MaxTxBytes = maxTxBytes
	return cfg
}

// initAppConfig returns the app.toml defaults: a minimum gas price in upwc so
// a fresh node never relays free transactions, and the REST API and gRPC
// servers on, since wallets, the relay and the optimizer talk to them.
func initAppConfig() (string, any) {
	return serverconfig.DefaultConfigTemplate, powerShareAppConfig()
}

func powerShareAppConfig() *serverconfig.Config {
	cfg := serverconfig.DefaultConfig()
	cfg.MinGasPrices = params.DefaultMinGasPrice
	cfg.API.Enable = true
	cfg.API.Swagger = false
	cfg.GRPC.Enable = true
	return cfg
}

// writePowerShareGenesis replaces the app state of a genesis file written by
// the SDK's init with PowerShare's defaults (denoms and their metadata) and
// sets PowerShare's block limits, keeping the validator key types init chose.
func writePowerShareGenesis(genesisFile string, cdc codec.JSONCodec, basics module.BasicManager) error {
	appGenesis, err := genutiltypes.AppGenesisFromFile(genesisFile)
	if err != nil {
		return fmt.Errorf("reading %s: %w", genesisFile, err)
	}
	appState, err := json.MarshalIndent(app.NewDefaultGenesisState(cdc, basics), "", " ")
	if err != nil {
		return err
	}
	appGenesis.AppState = appState
	keyTypes := appGenesis.Consensus.Params.Validator.PubKeyTypes
	appGenesis.Consensus.Params = app.NewConsensusParams()
	appGenesis.Consensus.Params.Validator.PubKeyTypes = keyTypes
	return appGenesis.SaveAs(genesisFile)
}
