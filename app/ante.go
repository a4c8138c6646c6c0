package app

import (
	errorsmod "cosmossdk.io/errors"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	"github.com/cosmos/cosmos-sdk/x/auth/ante"

	rbacante "github.com/powershare/powershare/x/rbac/ante"
)

// AnteHandlerOptions are what the PowerShare ante chain needs. PowerShare's
// own decorators (the x/rbac permission check) add their keepers here.
type AnteHandlerOptions struct {
	ante.HandlerOptions
	// RBAC checks every signer's roles against the permission table.
	RBAC rbacante.PermissionChecker
	// Codec reads the signers of each Msg.
	Codec codec.Codec
}

// NewAnteHandler returns the ante handler chain every transaction passes
// before its Msgs run. It is the SDK's default chain with PowerShare's checks
// inserted after signature verification, so that a permission check only ever
// sees authenticated signers. A tx the permission check refuses fails the ante
// handler, which keeps none of its writes: its fee is not charged and its
// sequence does not move. CheckTx therefore keeps such txs out of the mempool,
// and PrepareProposal and ProcessProposal (proposal.go) keep them out of
// blocks: a block holding one is rejected by the other validators.
func NewAnteHandler(options AnteHandlerOptions) (sdk.AnteHandler, error) {
	if options.AccountKeeper == nil {
		return nil, errorsmod.Wrap(sdkerrors.ErrLogic, "account keeper is required for the ante handler")
	}
	if options.BankKeeper == nil {
		return nil, errorsmod.Wrap(sdkerrors.ErrLogic, "bank keeper is required for the ante handler")
	}
	if options.RBAC == nil || options.Codec == nil {
		return nil, errorsmod.Wrap(sdkerrors.ErrLogic, "the rbac permission checker and codec are required for the ante handler")
	}
	if options.SignModeHandler == nil {
		return nil, errorsmod.Wrap(sdkerrors.ErrLogic, "sign mode handler is required for the ante handler")
	}

	decorators := []sdk.AnteDecorator{
		ante.NewSetUpContextDecorator(), // must be first: sets the gas meter
		ante.NewExtensionOptionsDecorator(options.ExtensionOptionChecker),
		ante.NewValidateBasicDecorator(),
		ante.NewTxTimeoutHeightDecorator(),
		ante.NewValidateMemoDecorator(options.AccountKeeper),
		ante.NewConsumeGasForTxSizeDecorator(options.AccountKeeper),
		ante.NewDeductFeeDecorator(options.AccountKeeper, options.BankKeeper, options.FeegrantKeeper, options.TxFeeChecker),
		ante.NewSetPubKeyDecorator(options.AccountKeeper), // before every signature check
		ante.NewValidateSigCountDecorator(options.AccountKeeper),
		ante.NewSigGasConsumeDecorator(options.AccountKeeper, options.SigGasConsumer),
		ante.NewSigVerificationDecorator(options.AccountKeeper, options.SignModeHandler, options.SigVerifyOptions...),
		ante.NewIncrementSequenceDecorator(options.AccountKeeper),
		// Every signer must hold a role permitting each Msg, inside authz.MsgExec too.
		rbacante.NewDecorator(options.RBAC, options.Codec),
	}
	return sdk.ChainAnteDecorators(decorators...), nil
}
