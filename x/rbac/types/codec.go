// Package types holds x/rbac's messages, state types, errors, events and
// the role and permission-table rules that every part of the module shares.
package types

import (
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/msgservice"
)

// RegisterInterfaces registers the module's Msgs with the interface registry.
func RegisterInterfaces(registry codectypes.InterfaceRegistry) {
	registry.RegisterImplementations((*sdk.Msg)(nil),
		&MsgGrantRole{},
		&MsgRevokeRole{},
		&MsgSetRolePermissions{},
		&MsgCreateCommunity{},
		&MsgRequestMembership{},
		&MsgApproveMembership{},
		&MsgRejectMembership{},
		&MsgRemoveMember{},
		&MsgUpdateParams{},
	)
	msgservice.RegisterMsgServiceDesc(registry, &_Msg_serviceDesc)
}
