package app

import (
	"fmt"
	"slices"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/codec"
	cryptotypes "github.com/cosmos/cosmos-sdk/crypto/types"
	genutiltypes "github.com/cosmos/cosmos-sdk/x/genutil/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"
)

// ValidateGenesisValidatorKeys checks that every genesis transaction creates
// a validator whose consensus key type the genesis consensus parameters
// admit. The chain would refuse such a validator at InitChain anyway; this
// lets an operator find out while preparing the genesis, not at launch.
func ValidateGenesisValidatorKeys(appGenesis *genutiltypes.AppGenesis, cdc codec.Codec, txConfig client.TxConfig) error {
	if appGenesis.Consensus == nil || appGenesis.Consensus.Params == nil {
		return fmt.Errorf("genesis has no consensus params")
	}
	allowed := appGenesis.Consensus.Params.Validator.PubKeyTypes

	state, err := genutiltypes.GenesisStateFromAppGenesis(appGenesis)
	if err != nil {
		return err
	}
	genutilState := genutiltypes.GetGenesisStateFromAppState(cdc, state)
	for i, raw := range genutilState.GenTxs {
		tx, err := txConfig.TxJSONDecoder()(raw)
		if err != nil {
			return fmt.Errorf("gentx %d: %w", i, err)
		}
		for _, msg := range tx.GetMsgs() {
			create, ok := msg.(*stakingtypes.MsgCreateValidator)
			if !ok {
				continue
			}
			var pubKey cryptotypes.PubKey
			if err := cdc.UnpackAny(create.Pubkey, &pubKey); err != nil {
				return fmt.Errorf("gentx %d: validator key: %w", i, err)
			}
			if !slices.Contains(allowed, pubKey.Type()) {
				return fmt.Errorf("gentx %d: validator %s has a %s consensus key; this genesis admits only %v",
					i, create.ValidatorAddress, pubKey.Type(), allowed)
			}
		}
	}
	return nil
}
