package app_test

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/log/v2"
	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/baseapp"
	"github.com/cosmos/cosmos-sdk/codec"
	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"

	"github.com/powershare/powershare/app"
	"github.com/powershare/powershare/app/params"
	"github.com/powershare/powershare/testutil/blockbench"
	assetstypes "github.com/powershare/powershare/x/assets/types"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// TestExportImportRoundTrip runs a chain with state in the SDK's and
// PowerShare's modules, exports it, starts a fresh app from the export and
// exports that again: every module's state must come back as it was, as the
// SDK's simapp TestAppImportExport checks for its modules.
func TestExportImportRoundTrip(t *testing.T) {
	h, err := blockbench.New(blockbench.Config{
		Dir: t.TempDir(), Accounts: 3, GasPrice: params.DefaultMinGasPrice,
		Genesis: func(cdc codec.JSONCodec, g app.GenesisState, accounts []*blockbench.Account) error {
			owner := accounts[0].Address.String()
			if err := blockbench.UpdateGenesis(g, cdc, rbactypes.ModuleName, &rbactypes.GenesisState{},
				func(s *rbactypes.GenesisState) {
					s.Communities = []rbactypes.Community{{Id: 1, Name: "Sunny Street", Zone: "zone-a", Geohash: "u33db"}}
					s.NextCommunityId = 2
					s.Grants = append(s.Grants,
						rbactypes.Grant{Address: accounts[1].Address.String(), Role: rbactypes.Role_CONSUMER, CommunityId: 1},
						rbactypes.Grant{Address: accounts[2].Address.String(), Role: rbactypes.Role_GRID_OPERATOR})
				}); err != nil {
				return err
			}
			return blockbench.UpdateGenesis(g, cdc, assetstypes.ModuleName, &assetstypes.GenesisState{},
				func(s *assetstypes.GenesisState) {
					s.Meters = []assetstypes.Meter{{
						Id: "alice-solar-1", Owner: owner, CommunityId: 1, Zone: "zone-a", Kind: assetstypes.MeterKind_SOLAR,
						Renewable: true, CapacityW: 5000, Active: true, RegisteredBy: accounts[2].Address.String(),
						RegisteredAt: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
					}}
				})
		},
	})
	require.NoError(t, err)
	t.Cleanup(func() { _ = h.Close() })

	// A few blocks of fee-paying transfers: balances, sequences, fee
	// distribution and signing records all move.
	for range 3 {
		txs, err := h.BankSends(len(h.Accounts), math.NewInt(1_000))
		require.NoError(t, err)
		results, err := h.RunBlock(txs)
		require.NoError(t, err)
		for _, res := range results {
			require.Zero(t, res.Code, res.Log)
		}
	}

	// An empty block pays out the last fees, so that the one block the fresh
	// app must commit before it can export has nothing left to distribute.
	_, err = h.RunBlock(nil)
	require.NoError(t, err)

	exported, err := h.App.ExportAppStateAndValidators(false, nil, nil)
	require.NoError(t, err)

	fresh := app.New(log.NewNopLogger(), dbm.NewMemDB(), true, simtestutil.NewAppOptionsWithFlagHome(t.TempDir()),
		baseapp.SetChainID(blockbench.ChainID))
	consensus := exported.ConsensusParams
	blockTime := h.Context().BlockTime().Add(blockbench.BlockInterval)
	_, err = fresh.InitChain(&abci.RequestInitChain{
		Time: blockTime, ChainId: blockbench.ChainID, InitialHeight: exported.Height,
		ConsensusParams: &consensus, AppStateBytes: exported.AppState,
	})
	require.NoError(t, err)
	require.Len(t, exported.Validators, 1)
	_, err = fresh.FinalizeBlock(&abci.RequestFinalizeBlock{
		Height: exported.Height, Time: blockTime, ProposerAddress: exported.Validators[0].Address,
	})
	require.NoError(t, err)
	_, err = fresh.Commit()
	require.NoError(t, err)

	reexported, err := fresh.ExportAppStateAndValidators(false, nil, nil)
	require.NoError(t, err)

	var before, after map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(exported.AppState, &before))
	require.NoError(t, json.Unmarshal(reexported.AppState, &after))
	require.Equal(t, keys(before), keys(after))
	for module, state := range before {
		require.JSONEqf(t, string(state), string(after[module]), "%s state after export and import", module)
	}
	require.Equal(t, exported.Validators, reexported.Validators)

	// The PowerShare state the chain started with survived.
	var rbac rbactypes.GenesisState
	require.NoError(t, fresh.AppCodec().UnmarshalJSON(after[rbactypes.ModuleName], &rbac))
	require.Len(t, rbac.Communities, 1)
	require.Equal(t, app.DefaultPermissions(), rbac.Permissions)
	var assets assetstypes.GenesisState
	require.NoError(t, fresh.AppCodec().UnmarshalJSON(after[assetstypes.ModuleName], &assets))
	require.Len(t, assets.Meters, 1)
}

func keys(m map[string]json.RawMessage) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
