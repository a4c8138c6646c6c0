package blockbench

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/cosmos/gogoproto/proto"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	cryptotypes "github.com/cosmos/cosmos-sdk/crypto/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	slashingtypes "github.com/cosmos/cosmos-sdk/x/slashing/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/powershare/powershare/app"
	"github.com/powershare/powershare/app/params"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// validator is the single bonded validator that proposes and signs every block.
type validator struct {
	consKey  cryptotypes.PrivKey // ML-DSA-65: the only consensus key type PowerShare accepts
	operator sdk.AccAddress
	power    int64
}

// genesisState adds to g, PowerShare's default app state, the funded
// accounts and one bonded validator with its signing record, so that blocks
// carrying the validator's commit vote run distribution and slashing as on a
// live chain. x/rbac lets no role-less account send anything but
// MsgRequestMembership, so every account holds PROSUMER chain-wide and the
// validator's operator OPERATOR, as on a real network.
func genesisState(cdc codec.JSONCodec, g app.GenesisState, accounts []*Account, coins sdk.Coins,
	val validator, bond math.Int,
) (app.GenesisState, error) {
	genAccounts := make(authtypes.GenesisAccounts, len(accounts))
	balances := make([]banktypes.Balance, 0, len(accounts)+1)
	supply := sdk.NewCoins()
	for i, acc := range accounts {
		// Public keys are set at genesis so that every benchmarked tx is a
		// steady-state tx, not an account's first (which also stores its key).
		genAccounts[i] = authtypes.NewBaseAccount(acc.Address, acc.PubKey, uint64(i), 0)
		balances = append(balances, banktypes.Balance{Address: acc.Address.String(), Coins: coins})
		supply = supply.Add(coins...)
	}
	bonded := sdk.NewCoins(sdk.NewCoin(params.BondDenom, bond))
	balances = append(balances, banktypes.Balance{
		Address: authtypes.NewModuleAddress(stakingtypes.BondedPoolName).String(), Coins: bonded,
	})
	supply = supply.Add(bonded...)

	packed, err := authtypes.PackAccounts(genAccounts)
	if err != nil {
		return nil, err
	}
	if err := UpdateGenesis(g, cdc, authtypes.ModuleName, &authtypes.GenesisState{}, func(s *authtypes.GenesisState) {
		s.Accounts = packed
	}); err != nil {
		return nil, err
	}
	if err := UpdateGenesis(g, cdc, banktypes.ModuleName, &banktypes.GenesisState{}, func(s *banktypes.GenesisState) {
		s.Balances, s.Supply = balances, supply
	}); err != nil {
		return nil, err
	}
	if err := UpdateGenesis(g, cdc, rbactypes.ModuleName, &rbactypes.GenesisState{}, func(s *rbactypes.GenesisState) {
		for _, acc := range accounts {
			s.Grants = append(s.Grants, rbactypes.Grant{Address: acc.Address.String(), Role: rbactypes.Role_PROSUMER})
		}
		s.Grants = append(s.Grants, rbactypes.Grant{Address: val.operator.String(), Role: rbactypes.Role_OPERATOR})
	}); err != nil {
		return nil, err
	}

	consPub := val.consKey.PubKey()
	consAddr := sdk.ConsAddress(consPub.Address())
	valAddr := sdk.ValAddress(val.operator).String()
	v, err := stakingtypes.NewValidator(valAddr, consPub, stakingtypes.Description{Moniker: "blockbench"})
	if err != nil {
		return nil, err
	}
	v.Status, v.Tokens, v.DelegatorShares = stakingtypes.Bonded, bond, math.LegacyNewDecFromInt(bond)
	if err := UpdateGenesis(g, cdc, stakingtypes.ModuleName, &stakingtypes.GenesisState{}, func(s *stakingtypes.GenesisState) {
		s.Validators = []stakingtypes.Validator{v}
		s.Delegations = []stakingtypes.Delegation{
			stakingtypes.NewDelegation(val.operator.String(), valAddr, v.DelegatorShares),
		}
	}); err != nil {
		return nil, err
	}
	// Slashing tracks the validator's votes from the first block on; a genesis
	// validator gets no bonding hook, so its signing record is written here.
	return g, UpdateGenesis(g, cdc, slashingtypes.ModuleName, &slashingtypes.GenesisState{}, func(s *slashingtypes.GenesisState) {
		s.SigningInfos = []slashingtypes.SigningInfo{{
			Address:              consAddr.String(),
			ValidatorSigningInfo: slashingtypes.NewValidatorSigningInfo(consAddr, 0, 0, time.Unix(0, 0).UTC(), false, 0),
		}}
	})
}

// UpdateGenesis decodes one module's state in g into state (which keeps what
// g has, e.g. PowerShare's defaults), applies change and stores it back:
//
//	err := blockbench.UpdateGenesis(g, cdc, rbactypes.ModuleName, &rbactypes.GenesisState{},
//		func(s *rbactypes.GenesisState) { s.Grants = append(s.Grants, grant) })
func UpdateGenesis[T proto.Message](g app.GenesisState, cdc codec.JSONCodec, module string, state T, change func(T)) error {
	if err := cdc.UnmarshalJSON(g[module], state); err != nil {
		return fmt.Errorf("decoding %s genesis: %w", module, err)
	}
	change(state)
	bz, err := cdc.MarshalJSON(state)
	if err != nil {
		return fmt.Errorf("encoding %s genesis: %w", module, err)
	}
	g[module] = json.RawMessage(bz)
	return nil
}
