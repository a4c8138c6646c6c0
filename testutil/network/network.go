// Package network starts in-process PowerShare networks of several
// validators over real CometBFT consensus, for end-to-end tests. It is the
// SDK's testutil/network configured for PowerShare: ML-DSA-65 consensus keys
// and operator accounts, PowerCoin as bond and fee denom, and PowerShare's
// default genesis.
package network

import (
	"crypto/sha256"
	"fmt"
	"os"
	"testing"
	"time"

	dbm "github.com/cosmos/cosmos-db"
	"github.com/cosmos/go-bip39"

	"cosmossdk.io/log/v2"
	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/baseapp"
	"github.com/cosmos/cosmos-sdk/crypto/hd"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	servertypes "github.com/cosmos/cosmos-sdk/server/types"
	pruningtypes "github.com/cosmos/cosmos-sdk/store/v2/pruning/types"
	sdknetwork "github.com/cosmos/cosmos-sdk/testutil/network"
	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/powershare/powershare/app"
	"github.com/powershare/powershare/app/params"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// Network is the SDK's in-process network type.
type (
	Network   = sdknetwork.Network
	Validator = sdknetwork.Validator
	Config    = sdknetwork.Config
)

// MinGasPrice is the minimum gas price every validator of a test network accepts.
const MinGasPrice = "0.001" + params.BondDenom

// DefaultConfig returns a configuration of four validators with ML-DSA-65
// consensus keys and ML-DSA-65 operator accounts; tests change fields before
// calling New.
func DefaultConfig() Config {
	params.SetAddressPrefixes()
	tempApp := app.New(log.NewNopLogger(), dbm.NewMemDB(), false, simtestutil.NewAppOptionsWithFlagHome(os.TempDir()))

	cfg := sdknetwork.DefaultConfig(func() sdknetwork.TestFixture { return sdknetwork.TestFixture{} })
	cfg.Codec = tempApp.AppCodec()
	cfg.TxConfig = tempApp.TxConfig()
	cfg.LegacyAmino = tempApp.LegacyAmino()
	cfg.InterfaceRegistry = tempApp.InterfaceRegistry()
	cfg.AccountRetriever = authtypes.AccountRetriever{}
	cfg.GenesisState = tempApp.DefaultGenesis()
	cfg.ChainID = "powershare-e2e"
	cfg.NumValidators = 4
	cfg.BondDenom = params.BondDenom
	cfg.MinGasPrices = MinGasPrice
	cfg.AccountTokens = sdkmath.NewInt(1_000_000).MulRaw(1_000_000) // 1,000,000 of the validator's own test token
	cfg.StakingTokens = sdkmath.NewInt(1_000_000).MulRaw(1_000_000) // 1,000,000 PWC
	cfg.BondedTokens = sdkmath.NewInt(100_000).MulRaw(1_000_000)    // 100,000 PWC bonded
	cfg.TimeoutCommit = 500 * time.Millisecond
	cfg.SigningAlgo = string(hd.MlDsa65Type)
	cfg.ValidatorConsensusKeyType = app.ValidatorKeyType
	cfg.PruningStrategy = pruningtypes.PruningOptionNothing
	cfg.AppConstructor = newValidatorApp(cfg.ChainID)
	setValidatorRoles(&cfg)
	return cfg
}

// setValidatorRoles gives the validators fixed mnemonics, so that their
// operator addresses are known before the network starts, and grants every
// operator OPERATOR and validator 0's operator ADMIN in the rbac genesis.
// Tests that change NumValidators call it again.
func setValidatorRoles(cfg *Config) {
	kr := keyring.NewInMemory(cfg.Codec)
	cfg.Mnemonics = make([]string, cfg.NumValidators)
	var rbacState rbactypes.GenesisState
	cfg.Codec.MustUnmarshalJSON(cfg.GenesisState[rbactypes.ModuleName], &rbacState)
	rbacState.Grants = nil
	for i := range cfg.NumValidators {
		entropy := sha256.Sum256([]byte(fmt.Sprintf("powershare e2e validator %d", i)))
		mnemonic, err := bip39.NewMnemonic(entropy[:])
		if err != nil {
			panic(err)
		}
		cfg.Mnemonics[i] = mnemonic
		record, err := kr.NewAccount(fmt.Sprintf("node%d", i), mnemonic, "", sdk.FullFundraiserPath, hd.MlDsa65)
		if err != nil {
			panic(err)
		}
		addr, err := record.GetAddress()
		if err != nil {
			panic(err)
		}
		rbacState.Grants = append(rbacState.Grants, rbactypes.Grant{Address: addr.String(), Role: rbactypes.Role_OPERATOR})
		if i == 0 {
			rbacState.Grants = append(rbacState.Grants, rbactypes.Grant{Address: addr.String(), Role: rbactypes.Role_ADMIN})
		}
	}
	cfg.GenesisState[rbactypes.ModuleName] = cfg.Codec.MustMarshalJSON(&rbacState)
}

// newValidatorApp builds one app instance per validator over an in-memory
// database, with the validator's own pruning and gas price settings.
func newValidatorApp(chainID string) sdknetwork.AppConstructor {
	return func(val sdknetwork.ValidatorI) servertypes.Application {
		return app.New(
			val.GetCtx().Logger, dbm.NewMemDB(), true,
			simtestutil.NewAppOptionsWithFlagHome(val.GetCtx().Config.RootDir),
			baseapp.SetPruning(pruningtypes.NewPruningOptionsFromString(val.GetAppConfig().Pruning)),
			baseapp.SetMinGasPrices(val.GetAppConfig().MinGasPrices),
			baseapp.SetChainID(chainID),
		)
	}
}

// New starts a network for the test and stops it when the test ends. It
// waits for the first block so that tests can send transactions at once.
func New(t *testing.T, cfg Config) *Network {
	t.Helper()
	net, err := sdknetwork.New(t, t.TempDir(), cfg)
	if err != nil {
		t.Fatalf("starting the test network: %v", err)
	}
	t.Cleanup(net.Cleanup)
	if _, err := net.WaitForHeight(1); err != nil {
		t.Fatalf("waiting for the first block: %v", err)
	}
	return net
}

// Fee is a fee in PowerCoin that covers gasLimit at MinGasPrice.
func Fee(gasLimit uint64) sdk.Coins {
	price, err := sdk.ParseDecCoin(MinGasPrice)
	if err != nil {
		panic(err)
	}
	amount := price.Amount.MulInt64(int64(gasLimit)).Ceil().TruncateInt()
	return sdk.NewCoins(sdk.NewCoin(params.BondDenom, amount))
}
