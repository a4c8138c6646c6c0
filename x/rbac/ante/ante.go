// Package ante holds the ante decorator that enforces x/rbac's permission
// table on every transaction.
package ante

import (
	"context"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/authz"

	"github.com/powershare/powershare/x/rbac/types"
)

// maxExecDepth bounds how deeply authz.MsgExec may nest, so a tx cannot make
// the check recurse without end.
const maxExecDepth = 5

// PermissionChecker answers whether an address may send a Msg type.
type PermissionChecker interface {
	CheckPermission(ctx context.Context, signer sdk.AccAddress, typeURL string) error
}

// Decorator rejects a tx unless every signer of every Msg holds a role whose
// permissions include that Msg. Msgs inside authz.MsgExec are checked
// against their own signers (the granters), recursively: an authz grant
// never lets a granter do what its roles do not allow.
type Decorator struct {
	checker PermissionChecker
	cdc     codec.Codec
}

// NewDecorator returns the RBAC ante decorator.
func NewDecorator(checker PermissionChecker, cdc codec.Codec) Decorator {
	return Decorator{checker: checker, cdc: cdc}
}

// AnteHandle implements sdk.AnteDecorator. Genesis transactions (delivered
// by InitChain at height 0) pass: the genesis file itself is what authorises
// the first validators. CheckTx before the first block is checked as usual.
func (d Decorator) AnteHandle(ctx sdk.Context, tx sdk.Tx, simulate bool, next sdk.AnteHandler) (sdk.Context, error) {
	if ctx.BlockHeight() == 0 && ctx.ExecMode() == sdk.ExecModeFinalize {
		return next(ctx, tx, simulate)
	}
	if err := d.CheckTx(ctx, tx); err != nil {
		return ctx, err
	}
	return next(ctx, tx, simulate)
}

// CheckTx returns the refusal of the first Msg of tx (or Msg inside
// authz.MsgExec) whose signer lacks a permitting role, or nil. It is the
// whole permission check of AnteHandle, also run by the app's
// PrepareProposal and ProcessProposal on every tx of a proposed block.
func (d Decorator) CheckTx(ctx sdk.Context, tx sdk.Tx) error {
	checked := make(map[checkKey]bool) // a (signer, Msg type) pair is checked once per tx
	for _, msg := range tx.GetMsgs() {
		if err := d.check(ctx, msg, 0, checked); err != nil {
			return err
		}
	}
	return nil
}

// checkKey is a (signer, Msg type URL) pair already found permitted in a tx.
type checkKey struct{ signer, typeURL string }

func (d Decorator) check(ctx sdk.Context, msg sdk.Msg, depth int, checked map[checkKey]bool) error {
	if depth > maxExecDepth {
		return types.ErrMissingPermission.Wrapf("authz.MsgExec nested deeper than %d", maxExecDepth)
	}
	signers, _, err := d.cdc.GetMsgV1Signers(msg)
	if err != nil {
		return err
	}
	typeURL := sdk.MsgTypeURL(msg)
	for _, signer := range signers {
		key := checkKey{string(signer), typeURL}
		if checked[key] {
			continue
		}
		if err := d.checker.CheckPermission(ctx, signer, typeURL); err != nil {
			return err
		}
		checked[key] = true
	}
	exec, ok := msg.(*authz.MsgExec)
	if !ok {
		return nil
	}
	inner, err := exec.GetMessages()
	if err != nil {
		return err
	}
	for _, m := range inner {
		if err := d.check(ctx, m, depth+1, checked); err != nil {
			return err
		}
	}
	return nil
}
