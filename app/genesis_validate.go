package app

import (
	"fmt"
	"slices"
	"time"

	"github.com/cosmos/gogoproto/proto"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/codec"
	cryptotypes "github.com/cosmos/cosmos-sdk/crypto/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	genutiltypes "github.com/cosmos/cosmos-sdk/x/genutil/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/powershare/powershare/app/params"
	achievementstypes "github.com/powershare/powershare/x/achievements/types"
	assetstypes "github.com/powershare/powershare/x/assets/types"
	beckntypes "github.com/powershare/powershare/x/beckn/types"
	markettypes "github.com/powershare/powershare/x/market/types"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
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

// ValidateAppGenesis checks what no module's own validation can see, because
// it spans modules: a genesis that each module accepts can still halt the
// chain at InitChain or in its first EndBlocker. `powershared genesis
// validate` and `collect-gentxs` run it, and InitChainer runs it again, so a
// node never starts from a state it refuses. genesisTime is the chain's start
// (grants that expire by then do not count). Every error names the record.
func ValidateAppGenesis(cdc codec.Codec, txConfig client.TxConfig, state GenesisState, genesisTime time.Time) error {
	var (
		bank    banktypes.GenesisState
		staking stakingtypes.GenesisState
		rbac    rbactypes.GenesisState
		assets  assetstypes.GenesisState
		market  markettypes.GenesisState
		beckn   beckntypes.GenesisState
		achieve achievementstypes.GenesisState
	)
	for _, m := range []struct {
		name  string
		state proto.Message
	}{
		{banktypes.ModuleName, &bank}, {stakingtypes.ModuleName, &staking}, {rbactypes.ModuleName, &rbac},
		{assetstypes.ModuleName, &assets}, {markettypes.ModuleName, &market}, {beckntypes.ModuleName, &beckn},
		{achievementstypes.ModuleName, &achieve},
	} {
		if raw, ok := state[m.name]; ok {
			if err := cdc.UnmarshalJSON(raw, m.state); err != nil {
				return fmt.Errorf("decoding %s genesis: %w", m.name, err)
			}
		}
	}
	// The market and assets keepers escrow and bond in params.BondDenom
	// (app/keepers.go), whatever the staking genesis says: a staking genesis
	// naming another coin would pass every module's own check and leave the
	// escrow in a coin the market never pays out.
	if d := staking.Params.BondDenom; d != "" && d != params.BondDenom {
		return fmt.Errorf("staking genesis: bond_denom is %q, but PowerShare bonds, pays fees and escrows in %q: "+
			"set app_state.staking.params.bond_denom to %q", d, params.BondDenom, params.BondDenom)
	}
	if err := validateMarketEscrow(cdc, &bank, &market); err != nil {
		return err
	}
	if err := validateAchievementsHoldings(cdc, &bank, &achieve, &rbac); err != nil {
		return err
	}
	if err := validateMarketMeters(&market, &assets); err != nil {
		return err
	}
	if err := validateMeterCommunities(&assets, &rbac); err != nil {
		return err
	}
	if err := validateBecknTrades(&beckn, &market); err != nil {
		return err
	}
	return ValidateGenesisOperators(cdc, txConfig, state, &rbac, genesisTime)
}

// validateMarketEscrow checks that the market module account holds exactly
// the escrow of the resting orders and unsettled trades: no less, or a
// refund or settlement fails; no more, or the escrow invariant is broken from
// the first block.
func validateMarketEscrow(cdc codec.Codec, bank *banktypes.GenesisState, market *markettypes.GenesisState) error {
	addr, err := cdc.InterfaceRegistry().SigningContext().AddressCodec().
		BytesToString(authtypes.NewModuleAddress(markettypes.ModuleName))
	if err != nil {
		return err
	}
	held := sdk.NewCoins()
	for _, b := range bank.Balances {
		if b.Address == addr {
			held = held.Add(b.Coins...)
		}
	}
	upwc, uec := market.Escrow()
	want := sdk.NewCoins(sdk.NewCoin(assetstypes.EnergyCreditDenom, uec), sdk.NewCoin(params.BondDenom, upwc))
	if !held.Equal(want) {
		return fmt.Errorf("market escrow: the market module account %s holds %q in the bank genesis, but its resting orders "+
			"and unsettled trades escrow %q; set its balance to exactly that", addr, held, want)
	}
	return nil
}

// validateAchievementsHoldings checks that the achievements module account
// holds exactly its reward pool plus the challenges' escrow in PowerCoin (no
// less, or a reward or payout fails; no more, or the pool invariant is
// broken from the first block), and that achievements and challenges name
// communities that exist.
func validateAchievementsHoldings(cdc codec.Codec, bank *banktypes.GenesisState, gs *achievementstypes.GenesisState,
	rbac *rbactypes.GenesisState,
) error {
	addr, err := cdc.InterfaceRegistry().SigningContext().AddressCodec().
		BytesToString(authtypes.NewModuleAddress(achievementstypes.ModuleName))
	if err != nil {
		return err
	}
	held := sdk.NewCoins()
	for _, b := range bank.Balances {
		if b.Address == addr {
			held = held.Add(b.Coins...)
		}
	}
	want := sdk.NewCoins()
	if !gs.RewardPool.IsNil() {
		want = sdk.NewCoins(sdk.NewCoin(params.BondDenom, gs.RewardPool.Add(gs.TotalEscrow())))
	}
	if !held.Equal(want) {
		return fmt.Errorf("achievements: the module account %s holds %q in the bank genesis, but its reward pool and "+
			"challenge escrows are %q; set its balance to exactly that", addr, held, want)
	}
	communities := make(map[uint64]bool, len(rbac.Communities))
	for _, c := range rbac.Communities {
		communities[c.Id] = true
	}
	for _, a := range gs.Achievements {
		if a.Community != 0 && !communities[a.Community] {
			return fmt.Errorf("achievement %s: community %d is not in the rbac genesis", a.Id, a.Community)
		}
	}
	for _, c := range gs.Challenges {
		if c.Community != 0 && !communities[c.Community] {
			return fmt.Errorf("challenge %d: community %d is not in the rbac genesis", c.Id, c.Community)
		}
	}
	return nil
}

// validateMarketMeters checks that every sell order and every trade names a
// meter of x/assets, and that a resting sell's meter is in the order's zone
// and, for a renewable sell, renewable. The meter's owner is not compared: a
// grid operator may reassign a meter while its owner's orders rest.
func validateMarketMeters(market *markettypes.GenesisState, assets *assetstypes.GenesisState) error {
	meters := make(map[string]assetstypes.Meter, len(assets.Meters))
	for _, m := range assets.Meters {
		meters[m.Id] = m
	}
	for _, o := range market.Orders {
		if o.Side != markettypes.Side_SELL {
			continue
		}
		m, ok := meters[o.MeterId]
		switch {
		case !ok:
			return fmt.Errorf("market order %d: meter %q is not in the assets genesis", o.Id, o.MeterId)
		case m.Zone != o.Zone:
			return fmt.Errorf("market order %d: meter %s is in zone %q, the order in zone %q", o.Id, m.Id, m.Zone, o.Zone)
		case o.Renewable && !m.Renewable:
			return fmt.Errorf("market order %d: a renewable sell from meter %s (%s), which is not renewable", o.Id, m.Id, m.Kind)
		}
	}
	for _, t := range market.Trades {
		if _, ok := meters[t.MeterId]; !ok {
			return fmt.Errorf("market trade %d: meter %q is not in the assets genesis", t.Id, t.MeterId)
		}
	}
	return nil
}

// validateMeterCommunities checks that a meter's community exists.
func validateMeterCommunities(assets *assetstypes.GenesisState, rbac *rbactypes.GenesisState) error {
	communities := make(map[uint64]bool, len(rbac.Communities))
	for _, c := range rbac.Communities {
		communities[c.Id] = true
	}
	for _, m := range assets.Meters {
		if m.CommunityId != 0 && !communities[m.CommunityId] {
			return fmt.Errorf("assets meter %s: community %d is not in the rbac genesis", m.Id, m.CommunityId)
		}
	}
	return nil
}

// validateBecknTrades checks that an anchored order settled on chain points
// at a trade id the market has issued and, while that trade is kept, at the
// trade made for it. A trade pruned after its retention period is absent.
func validateBecknTrades(beckn *beckntypes.GenesisState, market *markettypes.GenesisState) error {
	trades := make(map[uint64]markettypes.Trade, len(market.Trades))
	for _, t := range market.Trades {
		trades[t.Id] = t
	}
	for _, a := range beckn.Orders {
		if a.TradeId == 0 {
			continue
		}
		if a.TradeId >= market.NextTradeId {
			return fmt.Errorf("beckn order %q: trade %d was never issued by the market (next trade id %d)",
				a.Anchor.OrderId, a.TradeId, market.NextTradeId)
		}
		t, ok := trades[a.TradeId]
		// x/beckn opens the trade with the reference "beckn:<order id>".
		if ok && t.ExternalRef != "beckn:"+a.Anchor.OrderId {
			return fmt.Errorf("beckn order %q: trade %d is %q, not this order's trade", a.Anchor.OrderId, a.TradeId, t.ExternalRef)
		}
	}
	return nil
}

// ValidateGenesisOperators checks that every genesis transaction creating a
// validator is signed by an account holding the chain-wide OPERATOR role at
// genesis time: without it the RBAC check refuses the gentx at InitChain and
// the node cannot start. The error names the command that adds the role.
func ValidateGenesisOperators(cdc codec.Codec, txConfig client.TxConfig, state GenesisState, rbac *rbactypes.GenesisState,
	genesisTime time.Time,
) error {
	operators := make(map[string]bool)
	for _, g := range rbac.Grants {
		if g.Role == rbactypes.Role_OPERATOR && g.CommunityId == 0 && (g.ExpiresAt == nil || genesisTime.Before(*g.ExpiresAt)) {
			operators[g.Address] = true
		}
	}
	genutilState := genutiltypes.GetGenesisStateFromAppState(cdc, state)
	signing := cdc.InterfaceRegistry().SigningContext()
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
			valAddr, err := signing.ValidatorAddressCodec().StringToBytes(create.ValidatorAddress)
			if err != nil {
				return fmt.Errorf("gentx %d: validator address: %w", i, err)
			}
			operator, err := signing.AddressCodec().BytesToString(valAddr)
			if err != nil {
				return err
			}
			if !operators[operator] {
				return fmt.Errorf("gentx %d: validator %s is run by %s, which does not hold the chain-wide OPERATOR role "+
					"(without an expiry before genesis time); grant it with `powershared genesis add-genesis-role %s OPERATOR`, "+
					"then run `powershared genesis collect-gentxs` again", i, create.ValidatorAddress, operator, operator)
			}
		}
	}
	return nil
}
