package app_test

import (
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"
	slashingtypes "github.com/cosmos/cosmos-sdk/x/slashing/types"

	"github.com/powershare/powershare/app/params"
	"github.com/powershare/powershare/testutil/blockbench"
	rbactypes "github.com/powershare/powershare/x/rbac/types"
)

// newProposalHarness starts a chain of fee-paying PROSUMERs (the harness's
// accounts) through the real app.
func newProposalHarness(t *testing.T, accounts int) *blockbench.Harness {
	t.Helper()
	h, err := blockbench.New(blockbench.Config{Dir: t.TempDir(), Accounts: accounts, GasPrice: params.DefaultMinGasPrice})
	require.NoError(t, err)
	t.Cleanup(func() { _ = h.Close() })
	return h
}

func processProposal(t *testing.T, h *blockbench.Harness, txs [][]byte) abci.ResponseProcessProposal_ProposalStatus {
	t.Helper()
	res, err := h.App.ProcessProposal(&abci.RequestProcessProposal{
		Txs: txs, Height: h.Height() + 1, Time: h.Context().BlockTime().Add(blockbench.BlockInterval),
	})
	require.NoError(t, err)
	return res.Status
}

// Finding 8 of issue 11: a tx the RBAC check refuses pays nothing, so the
// other validators reject a proposal that holds one, and an honest proposer
// drops it from its proposal. A block without one is accepted.
func TestProposalWithRBACRefusedTxIsRejected(t *testing.T) {
	h := newProposalHarness(t, 2)
	prosumer, other := h.Accounts[0], h.Accounts[1]

	send, err := h.SignTx(prosumer, blockbench.BankSend(prosumer, other, math.NewInt(1_000)))
	require.NoError(t, err)
	// MsgUnjail is for OPERATORs only: a PROSUMER's is refused by RBAC.
	refused, err := h.SignTx(other, &slashingtypes.MsgUnjail{ValidatorAddr: sdk.ValAddress(other.Address).String()})
	require.NoError(t, err)
	garbage := []byte("not a tx")

	// Such a tx is free: run through FinalizeBlock it fails and charges nothing.
	before := h.Balance(other.Address, params.BondDenom)
	results, err := h.RunBlock([][]byte{refused})
	require.NoError(t, err)
	require.Equal(t, rbactypes.ErrMissingPermission.ABCICode(), results[0].Code, results[0].Log)
	require.Equal(t, before, h.Balance(other.Address, params.BondDenom), "a refused tx pays no fee")
	other.Sequence-- // the refused tx did not move the sequence

	// ProcessProposal: every validator rejects a block with the refused tx
	// (wherever it stands) or with bytes that are no tx, and accepts the
	// block without them.
	refused, err = h.SignTx(other, &slashingtypes.MsgUnjail{ValidatorAddr: sdk.ValAddress(other.Address).String()})
	require.NoError(t, err)
	require.Equal(t, abci.ResponseProcessProposal_REJECT, processProposal(t, h, [][]byte{send, refused}))
	require.Equal(t, abci.ResponseProcessProposal_REJECT, processProposal(t, h, [][]byte{refused, send}))
	require.Equal(t, abci.ResponseProcessProposal_REJECT, processProposal(t, h, [][]byte{send, garbage}))
	require.Equal(t, abci.ResponseProcessProposal_ACCEPT, processProposal(t, h, [][]byte{send}))
	require.Equal(t, abci.ResponseProcessProposal_ACCEPT, processProposal(t, h, nil))

	// PrepareProposal: an honest proposer keeps only the permitted tx.
	prepared, err := h.App.PrepareProposal(&abci.RequestPrepareProposal{
		Txs: [][]byte{refused, send, garbage}, MaxTxBytes: 1 << 20,
		Height: h.Height() + 1, Time: h.Context().BlockTime().Add(blockbench.BlockInterval),
	})
	require.NoError(t, err)
	require.Equal(t, [][]byte{send}, prepared.Txs)

	// The prepared block is accepted and runs.
	require.Equal(t, abci.ResponseProcessProposal_ACCEPT, processProposal(t, h, prepared.Txs))
	results, err = h.RunBlock(prepared.Txs)
	require.NoError(t, err)
	require.Zero(t, results[0].Code, results[0].Log)
}

// Finding 8 of issue 11: a refused Msg wrapped in authz.MsgExec is found by
// the proposal check too, as by the ante decorator.
func TestProposalWithRBACRefusedExecIsRejected(t *testing.T) {
	h := newProposalHarness(t, 2)
	grantee, granter := h.Accounts[0], h.Accounts[1]
	submit, err := govv1.NewMsgSubmitProposal(nil, sdk.NewCoins(), granter.Address.String(), "", "title", "summary", false)
	require.NoError(t, err)
	exec := authz.NewMsgExec(grantee.Address, []sdk.Msg{submit})
	tx, err := h.SignTx(grantee, &exec)
	require.NoError(t, err)
	require.Equal(t, abci.ResponseProcessProposal_REJECT, processProposal(t, h, [][]byte{tx}))
}
