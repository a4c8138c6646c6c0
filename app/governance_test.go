package app_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"

	"github.com/powershare/powershare/app"
	"github.com/powershare/powershare/app/params"
	"github.com/powershare/powershare/testutil/blockbench"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// Finding 9 of issue 11: governance acts as the gov module account, which
// x/rbac does not check, so only ADMINs and OPERATORs may propose, deposit
// and vote. A PROSUMER is refused directly and through authz.MsgExec (its
// grantee holding ADMIN changes nothing), and nothing changes; an ADMIN's
// proposal goes through.
func TestOnlyAdminsAndOperatorsGovern(t *testing.T) {
	h, err := blockbench.New(blockbench.Config{
		Dir: t.TempDir(), Accounts: 2, GasPrice: params.DefaultMinGasPrice,
		Genesis: func(cdc codec.JSONCodec, g app.GenesisState, accounts []*blockbench.Account) error {
			return blockbench.UpdateGenesis(g, cdc, rbactypes.ModuleName, &rbactypes.GenesisState{},
				func(s *rbactypes.GenesisState) {
					s.Grants = append(s.Grants, rbactypes.Grant{Address: accounts[0].Address.String(), Role: rbactypes.Role_ADMIN})
				})
		},
	})
	require.NoError(t, err)
	t.Cleanup(func() { _ = h.Close() })
	admin, prosumer := h.Accounts[0], h.Accounts[1]
	deposit := sdk.NewCoins(sdk.NewCoin(params.BondDenom, math.NewInt(1_000_000)))
	proposal := func(proposer *blockbench.Account) sdk.Msg {
		msg, err := govv1.NewMsgSubmitProposal(nil, deposit, proposer.Address.String(), "ipfs://proposal", "raise the fee", "why", false)
		require.NoError(t, err)
		return msg
	}
	proposals := func() int {
		iter, err := h.App.GovKeeper.Proposals.Iterate(h.Context(), nil)
		require.NoError(t, err)
		ids, err := iter.Keys()
		require.NoError(t, err)
		return len(ids)
	}

	// A PROSUMER's own proposal, deposit and vote are refused.
	exec := authz.NewMsgExec(admin.Address, []sdk.Msg{proposal(prosumer)})
	refused := []sdk.Msg{
		proposal(prosumer),
		govv1.NewMsgDeposit(prosumer.Address, 1, deposit),
		govv1.NewMsgVote(prosumer.Address, 1, govv1.OptionYes, ""),
	}
	for _, msg := range refused {
		tx, err := h.SignTx(prosumer, msg)
		require.NoError(t, err)
		results, err := h.RunBlock([][]byte{tx})
		require.NoError(t, err)
		require.Equal(t, rbactypes.ErrMissingPermission.ABCICode(), results[0].Code, results[0].Log)
		prosumer.Sequence--
	}
	// Wrapped in MsgExec by an ADMIN grantee, the PROSUMER granter's
	// proposal is still checked against the PROSUMER's roles.
	tx, err := h.SignTx(admin, &exec)
	require.NoError(t, err)
	results, err := h.RunBlock([][]byte{tx})
	require.NoError(t, err)
	require.Equal(t, rbactypes.ErrMissingPermission.ABCICode(), results[0].Code, results[0].Log)
	require.Contains(t, results[0].Log, "/cosmos.gov.v1.MsgSubmitProposal")
	admin.Sequence--
	require.Zero(t, proposals())

	// An ADMIN's proposal is taken.
	tx, err = h.SignTx(admin, proposal(admin))
	require.NoError(t, err)
	results, err = h.RunBlock([][]byte{tx})
	require.NoError(t, err)
	require.Zero(t, results[0].Code, results[0].Log)
	require.Equal(t, 1, proposals())
}
