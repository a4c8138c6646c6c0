package app

import (
	"encoding/json"
	"fmt"

	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/cosmos/gogoproto/proto"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/powershare/powershare/app/params"
	assetstypes "github.com/powershare/powershare/x/assets/types"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// GenesisState is the app state of the genesis file: module name -> its JSON.
type GenesisState map[string]json.RawMessage

// Consensus limits sized for ML-DSA-65. A signature is 3,309 bytes and a public
// key 1,952 bytes (ed25519: 64 and 32), so a signed single-signer tx is about
// 5.5 KiB instead of about 300 B.
const (
	// ValidatorKeyType is the only consensus key type PowerShare validators may use.
	ValidatorKeyType = cmttypes.ABCIPubKeyTypeMlDsa65
	// MaxBlockBytes leaves room for about 1,500 ML-DSA-65 signed bank sends
	// (5,478 B each) per block, plus the commit.
	MaxBlockBytes = 8 << 20
	// MaxBlockGas bounds the work of a block: about 1,350 ML-DSA-65 bank sends
	// (221,111 gas each), which execute in about half a second on two cores.
	MaxBlockGas = 300_000_000
)

// NewConsensusParams returns the consensus parameters of a new PowerShare
// chain: CometBFT's defaults with ML-DSA-65 as the only validator key type and
// block limits sized for post-quantum signatures.
func NewConsensusParams() *cmttypes.ConsensusParams {
	p := cmttypes.DefaultConsensusParams()
	p.Validator.PubKeyTypes = []string{ValidatorKeyType}
	p.Block.MaxBytes = MaxBlockBytes + cmttypes.MaxCommitBytes(cmttypes.MaxVotesCount)
	p.Block.MaxGas = MaxBlockGas
	return p
}

// NewDefaultGenesisState returns the default app state of every module with
// PowerShare's denominations (PWC bonds, pays fees and deposits, and the four
// tokens are described in the bank's denom metadata) and the permission table
// of every module.
func NewDefaultGenesisState(cdc codec.JSONCodec, basics module.BasicManager) GenesisState {
	genesis := GenesisState(basics.DefaultGenesis(cdc))
	if err := genesis.setPowerShareDefaults(cdc); err != nil {
		panic(err) // only possible if the SDK's own defaults stop decoding
	}
	return genesis
}

func (g GenesisState) setPowerShareDefaults(cdc codec.JSONCodec) error {
	var bank banktypes.GenesisState
	if err := g.update(cdc, banktypes.ModuleName, &bank, func() { bank.DenomMetadata = DenomMetadata() }); err != nil {
		return err
	}

	var staking stakingtypes.GenesisState
	if err := g.update(cdc, stakingtypes.ModuleName, &staking, func() {
		staking.Params.BondDenom = params.BondDenom
		staking.Params.KeyRotationFee = sdk.NewCoin(params.BondDenom, staking.Params.KeyRotationFee.Amount)
	}); err != nil {
		return err
	}

	var gov govv1.GenesisState
	if err := g.update(cdc, govtypes.ModuleName, &gov, func() {
		gov.Params.MinDeposit = sdk.NewCoins(sdk.NewCoin(params.BondDenom, govv1.DefaultMinDepositTokens))
		gov.Params.ExpeditedMinDeposit = sdk.NewCoins(sdk.NewCoin(params.BondDenom, govv1.DefaultMinExpeditedDepositTokens))
	}); err != nil {
		return err
	}

	// x/rbac's own default names only its Msgs; the app's table has every module's.
	var rbac rbactypes.GenesisState
	return g.update(cdc, rbactypes.ModuleName, &rbac, func() {
		rbac.Permissions = DefaultPermissions()
		rbac.Params.OpenMsgTypeUrls = DefaultOpenMsgs()
	})
}

// update decodes one module's state into state, applies change and stores it back.
func (g GenesisState) update(cdc codec.JSONCodec, module string, state proto.Message, change func()) error {
	raw, ok := g[module]
	if !ok {
		return fmt.Errorf("genesis has no %s state", module)
	}
	if err := cdc.UnmarshalJSON(raw, state); err != nil {
		return fmt.Errorf("decoding %s genesis: %w", module, err)
	}
	change()
	bz, err := cdc.MarshalJSON(state)
	if err != nil {
		return fmt.Errorf("encoding %s genesis: %w", module, err)
	}
	g[module] = bz
	return nil
}

// DenomMetadata describes PowerShare's four tokens, each with 6 decimals.
func DenomMetadata() []banktypes.Metadata {
	pwc := assetstypes.TokenMetadata(params.BondDenom, "PWC", "PowerCoin",
		"PowerShare's platform coin: bonds validators, pays fees and settles energy trades.")
	return append([]banktypes.Metadata{pwc}, assetstypes.DenomMetadata()...)
}
