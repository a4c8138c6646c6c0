package app

import (
	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/cosmos/cosmos-sdk/baseapp"
	sdk "github.com/cosmos/cosmos-sdk/types"

	rbacante "github.com/powershare/powershare/x/rbac/ante"
)

// A tx the RBAC check refuses fails in the ante handler, and a failed ante
// handler keeps none of its writes, the fee included: such a tx costs its
// signer nothing. CheckTx keeps these txs out of the mempool, but a proposer
// can put any bytes in its block. So every validator checks each proposed
// tx's permissions (the ante decorator's own check, against the state the
// block starts from) and rejects a block holding a refused or undecodable tx;
// an honest proposer drops such txs first, so its blocks are never rejected.
// Finding 8 of issue 11.

// setProposalHandlers wraps the SDK's default PrepareProposal and
// ProcessProposal with the RBAC check.
func (app *App) setProposalHandlers() {
	defaults := baseapp.NewDefaultProposalHandler(app.Mempool(), app.BaseApp)
	checker := rbacante.NewDecorator(app.RBACKeeper, app.appCodec)
	decode := app.txConfig.TxDecoder()
	app.SetPrepareProposal(rbacPrepareProposal(defaults.PrepareProposalHandler(), decode, checker))
	app.SetProcessProposal(rbacProcessProposal(defaults.ProcessProposalHandler(), decode, checker))
}

// rbacPrepareProposal drops from the proposal every tx that does not decode
// or that the RBAC check refuses, then lets next choose among the rest.
func rbacPrepareProposal(next sdk.PrepareProposalHandler, decode sdk.TxDecoder, checker rbacante.Decorator) sdk.PrepareProposalHandler {
	return func(ctx sdk.Context, req *abci.RequestPrepareProposal) (*abci.ResponsePrepareProposal, error) {
		kept := make([][]byte, 0, len(req.Txs))
		for i, bz := range req.Txs {
			if err := checkProposedTx(ctx, decode, checker, bz); err != nil {
				ctx.Logger().Info("dropping tx from proposal", "height", req.Height, "index", i, "reason", err)
				continue
			}
			kept = append(kept, bz)
		}
		filtered := *req
		filtered.Txs = kept
		return next(ctx, &filtered)
	}
}

// rbacProcessProposal rejects a proposal holding a tx that does not decode or
// that the RBAC check refuses, and otherwise defers to next.
func rbacProcessProposal(next sdk.ProcessProposalHandler, decode sdk.TxDecoder, checker rbacante.Decorator) sdk.ProcessProposalHandler {
	return func(ctx sdk.Context, req *abci.RequestProcessProposal) (*abci.ResponseProcessProposal, error) {
		for i, bz := range req.Txs {
			if err := checkProposedTx(ctx, decode, checker, bz); err != nil {
				ctx.Logger().Info("rejecting proposal", "height", req.Height, "index", i, "reason", err)
				return &abci.ResponseProcessProposal{Status: abci.ResponseProcessProposal_REJECT}, nil
			}
		}
		return next(ctx, req)
	}
}

// checkProposedTx decodes one proposed tx and runs the RBAC check on it. The
// check reads only the signers' grants and the permission table: a few
// store reads per Msg, no signature verification.
func checkProposedTx(ctx sdk.Context, decode sdk.TxDecoder, checker rbacante.Decorator, bz []byte) error {
	tx, err := decode(bz)
	if err != nil {
		return err
	}
	return checker.CheckTx(ctx, tx)
}
