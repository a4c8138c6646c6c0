package beckn

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

	"github.com/powershare/powershare/x/beckn/types"
)

// keyFlags names the key-set flags of subscribe and rotate-keys alike.
func keyFlags() map[string]*autocliv1.FlagOptions {
	return map[string]*autocliv1.FlagOptions{
		"key_id":             {Name: "key-id", Usage: "unique id of the key set (the middle part of the header's keyId)"},
		"signing_public_key": {Name: "signing-public-key", Usage: "Ed25519 public key, base64 or hex (raw 32 bytes or DER)"},
		"encr_public_key":    {Name: "encr-public-key", Usage: "X25519 public key, base64 or hex (raw 32 bytes or DER)"},
		"mldsa_public_key":   {Name: "mldsa-public-key", Usage: "optional ML-DSA-65 public key: base64, hex, or a file holding its raw 1,952 bytes"},
		"valid_from":         {Name: "valid-from", Usage: "RFC 3339, at or after the block time that includes the tx; the block time if omitted"},
		"valid_until":        {Name: "valid-until", Usage: "RFC 3339; valid-from plus the default validity if omitted"},
	}
}

// AutoCLIOptions describes the beckn CLI; anchor-orders is hand-written (client/cli).
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	return &autocliv1.ModuleOptions{
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service:              types.Msg_serviceDesc.ServiceName,
			EnhanceCustomCommand: true,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{
					RpcMethod: "Subscribe",
					Use:       "subscribe [subscriber-id] [url] [bap|bpp|bg] [domain]",
					Short:     "Register a Beckn network participant you operate, or change it; it waits for approval (RELAY)",
					Long: `Register a participant of the Beckn network with its key set. A new participant is INITIATED;
subscribing again for one you own changes it and puts it UNDER_SUBSCRIPTION until an ADMIN or
REGULATOR approves it again (a new --key-id rotates the keys; the current one with the same keys
keeps them).`,
					Example: `powershared tx beckn subscribe bpp.powershare.example https://bpp.powershare.example/beckn bpp deg:p2p-trading \
  --key-id key-1 --signing-public-key awGPjRK6i/Vg/lWr+0xObclVxlwZXvTjWYtlu6NeOHk= \
  --encr-public-key <base64 X25519> --country IND --city std:080 --valid-until 2027-12-01T00:00:00Z --from relay`,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{
						{ProtoField: "subscriber_id"}, {ProtoField: "url"}, {ProtoField: "type"}, {ProtoField: "domain"},
					},
					FlagOptions: keyFlags(),
				},
				{
					RpcMethod: "ApproveSubscription", Use: "approve [subscriber-id]",
					Short: "Approve a waiting participant: it becomes SUBSCRIBED (ADMIN or REGULATOR)",
					Long: `Approve a waiting participant. With --reviewed set to the participant's 'updated' time as you
reviewed it (q beckn participant), the approval fails if the participant changed since.`,
					Example:        "powershared tx beckn approve bpp.powershare.example --reviewed 2026-12-01T09:00:00.123456Z --from admin",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "subscriber_id"}},
				},
				{
					RpcMethod: "RejectSubscription", Use: "reject [subscriber-id] [reason]",
					Short:          "Refuse a participant or withdraw its approval: UNSUBSCRIBED, or INVALID_SSL with --invalid-ssl (ADMIN or REGULATOR)",
					Example:        `powershared tx beckn reject bap.example.org "endpoint unreachable" --from admin`,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "subscriber_id"}, {ProtoField: "reason"}},
				},
				{
					RpcMethod: "RotateKeys", Use: "rotate-keys [subscriber-id]",
					Short: "Give a participant of yours a new key set; the previous one ends when it starts and stays queryable",
					Example: `powershared tx beckn rotate-keys bpp.powershare.example --key-id key-2 \
  --signing-public-key <base64> --encr-public-key <base64> --from relay`,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "subscriber_id"}},
					FlagOptions:    keyFlags(),
				},
				{
					RpcMethod: "Unsubscribe", Use: "unsubscribe [subscriber-id]",
					Short:          "Take a participant of yours out of the network: UNSUBSCRIBED",
					Example:        "powershared tx beckn unsubscribe bpp.powershare.example --from relay",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "subscriber_id"}},
				},
				{RpcMethod: "AnchorOrders", Skip: true},
				{
					RpcMethod: "UpdateOrderState", Use: "update-order-state [order-id] [state] [digest]",
					Short: "Record an anchored order's new state (active, completed, cancelled, curtailed): CONFIRMED -> ACTIVE -> COMPLETED, or CANCELLED / CURTAILED from CONFIRMED or ACTIVE",
					Long: `Record a state change of an anchored order with the base64 BLAKE2b-512 digest of the Beckn
message that caused it (e.g. the on_status or on_cancel body; see 'powershared beckn digest').
Any other transition is refused.`,
					Example: `powershared tx beckn update-order-state order-1 active "$(powershared beckn digest on_status.json)" --from relay`,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{
						{ProtoField: "order_id"}, {ProtoField: "state"}, {ProtoField: "digest"},
					},
				},
				{RpcMethod: "UpdateParams", Skip: true}, // governance: submit it in a proposal
			},
		},
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: types.Query_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "Lookup", Use: "lookup", Short: "The registry's /lookup: participants matching every filter given, in Beckn v1.1.1 field names",
					Long: `List subscriptions matching every filter given, each with its current key (or the key named by
--key-id). --type takes bap, bpp or bg; --status initiated, under-subscription, subscribed, expired,
unsubscribed or invalid-ssl. A SUBSCRIBED participant whose key is outside its validity shows EXPIRED.`,
					Example: `powershared q beckn lookup --type bpp --domain deg:p2p-trading --status subscribed
powershared q beckn lookup --subscriber-id bpp.powershare.example --key-id key-1`},
				{RpcMethod: "Participant", Use: "participant [subscriber-id]", Short: "A participant with its current key and its status now",
					Example:        "powershared q beckn participant bpp.powershare.example",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "subscriber_id"}}},
				{RpcMethod: "ParticipantsByOwner", Use: "participants-by-owner [address]", Short: "The participants an account operates",
					Example:        "powershared q beckn participants-by-owner power1...",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "owner"}}},
				{RpcMethod: "ParticipantKeys", Use: "participant-keys [subscriber-id]", Short: "Every key set a participant has had, with its validity",
					Example:        "powershared q beckn participant-keys bpp.powershare.example",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "subscriber_id"}}},
				{RpcMethod: "Order", Use: "order [order-id]", Short: "An anchored order with its state",
					Example: "powershared q beckn order order-1", PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "order_id"}}},
				{RpcMethod: "OrdersByTransaction", Use: "orders-by-transaction [transaction-id]", Short: "The anchored orders of a Beckn transaction",
					Example:        "powershared q beckn orders-by-transaction 6f2c0f1e-0d3a-4a51-9d43-1f1c2b6a9e10",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "transaction_id"}}},
				{RpcMethod: "OrdersByParticipant", Use: "orders-by-participant [subscriber-id]", Short: "The orders a participant is the BAP or BPP of, newest first",
					Example:        "powershared q beckn orders-by-participant bpp.powershare.example",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "subscriber_id"}}},
				{RpcMethod: "OrderHistory", Use: "order-history [order-id]", Short: "An order's state changes, oldest first (the first is its anchoring)",
					Example: "powershared q beckn order-history order-1", PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "order_id"}}},
				{RpcMethod: "VerifyOrder", Use: "verify-order [order-id] [digest]", Short: "Whether a base64 BLAKE2b-512 digest is the order's anchored one (JSON field match)",
					Example:        `powershared q beckn verify-order order-1 "$(powershared beckn digest on_confirm.json)"`,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "order_id"}, {ProtoField: "digest"}}},
				{RpcMethod: "Params", Use: "params", Short: "The parameters", Example: "powershared q beckn params"},
			},
		},
	}
}
