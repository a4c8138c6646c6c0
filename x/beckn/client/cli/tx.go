// Package cli holds the beckn commands autocli cannot express: anchoring a
// batch of orders from a JSON file and granting settlement consent (tx), and
// the offline `powershared beckn digest|sign|keygen` tools over the beckn
// signing package.
package cli

import (
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/client/tx"
	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/authz"

	"github.com/powershare/powershare/x/beckn/types"
)

// TxCommands are the hand-written beckn tx commands; autocli adds the rest.
func TxCommands() []*cobra.Command { return []*cobra.Command{anchorOrdersCmd(), grantSettlementCmd()} }

func grantSettlementCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "grant-settlement [relay-address] [spend-limit-upwc]",
		Short: "Consent that a relay settle anchored Beckn orders on chain against your account, within bounds",
		Long: `Grant a relay, with x/authz, a SettlementAuthorization: it may open x/market trades for you from
anchored Beckn orders up to spend-limit upwc of notional (quantity x price) in all, buying at most at
--max-price and selling at least at --min-price (upwc per kWh; leave one out not to buy, or not to
sell). Each trade lowers the limit; at 0 the grant ends. Revoke it with
'tx authz revoke <relay> /powershare.beckn.v1.MsgAnchorOrders'.`,
		Example: `powershared tx beckn grant-settlement power1relay... 10000000 --max-price 160000 --expiration 2027-01-01T00:00:00Z --from bob
powershared tx beckn grant-settlement power1relay... 50000000 --min-price 120000 --from alice`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx, err := client.GetClientTxContext(cmd)
			if err != nil {
				return err
			}
			relay, err := sdk.AccAddressFromBech32(args[0])
			if err != nil {
				return fmt.Errorf("relay %q: %w", args[0], err)
			}
			limit, ok := sdkmath.NewIntFromString(args[1])
			if !ok {
				return fmt.Errorf("spend limit %q: a whole number of upwc", args[1])
			}
			maxPrice, _ := cmd.Flags().GetUint64("max-price")
			minPrice, _ := cmd.Flags().GetUint64("min-price")
			consent := types.NewSettlementAuthorization(limit, maxPrice, minPrice)
			if err := consent.ValidateBasic(); err != nil {
				return err
			}
			var expiration *time.Time
			if exp, _ := cmd.Flags().GetString("expiration"); exp != "" {
				t, err := time.Parse(time.RFC3339, exp)
				if err != nil {
					return fmt.Errorf("--expiration %q: %w", exp, err)
				}
				expiration = &t
			}
			msg, err := authz.NewMsgGrant(clientCtx.GetFromAddress(), relay, consent, expiration)
			if err != nil {
				return err
			}
			return tx.GenerateOrBroadcastTxCLI(clientCtx, cmd.Flags(), msg)
		},
	}
	cmd.Flags().Uint64("max-price", 0, "highest price you buy at, upwc per kWh (0: you do not buy)")
	cmd.Flags().Uint64("min-price", 0, "lowest price you sell at, upwc per kWh (0: you do not sell)")
	cmd.Flags().String("expiration", "", "RFC 3339 time the consent ends (default: until used up or revoked)")
	flags.AddTxFlagsToCmd(cmd)
	return cmd
}

func anchorOrdersCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "anchor-orders [file.json]",
		Short: "Anchor confirmed Beckn orders from a JSON file (a RELAY owning each order's BAP or BPP)",
		Long: `Anchor a batch of confirmed Beckn orders. The file is {"anchors":[{...}]} with the proto's
snake_case field names: transaction_id, order_id, bap_id, bpp_id, domain, digest (base64 of the
64-byte BLAKE2b-512 digest of the signed on_confirm body; see 'powershared beckn digest'), key_id,
quantity_wh, price, currency, delivery_start, delivery_end (RFC 3339), zone, and for on-chain
settlement buyer, seller, meter_id, renewable (currency "upwc", price in upwc per kWh; both parties
must have consented with 'tx beckn grant-settlement').
Anchoring an order again with the same digest succeeds and changes nothing.`,
		Example: `powershared tx beckn anchor-orders anchors.json --from relay
# anchors.json:
# {"anchors":[{"transaction_id":"tx-1","order_id":"order-1","bap_id":"bap.example.org",
#   "bpp_id":"bpp.powershare.example","domain":"deg:p2p-trading","digest":"b6lf...sw==",
#   "key_id":"key-1","quantity_wh":"5000","price":"7.50","currency":"INR",
#   "delivery_start":"2026-12-01T10:00:00Z","delivery_end":"2026-12-01T10:15:00Z","zone":"zone-a"}]}`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx, err := client.GetClientTxContext(cmd)
			if err != nil {
				return err
			}
			bz, err := os.ReadFile(args[0])
			if err != nil {
				return err
			}
			msg, err := ReadAnchors(clientCtx.Codec, bz)
			if err != nil {
				return fmt.Errorf("%s: %w", args[0], err)
			}
			// Refuse what the chain would refuse before paying a fee for it.
			for i, a := range msg.Anchors {
				if err := types.ValidateAnchor(clientCtx.InterfaceRegistry.SigningContext().AddressCodec(), a); err != nil {
					return fmt.Errorf("%s: anchor %d (order %q): %w", args[0], i, a.OrderId, err)
				}
			}
			from := clientCtx.GetFromAddress().String()
			if msg.Relay != "" && msg.Relay != from {
				return fmt.Errorf("%s names relay %s but the transaction is signed by %s", args[0], msg.Relay, from)
			}
			msg.Relay = from
			return tx.GenerateOrBroadcastTxCLI(clientCtx, cmd.Flags(), msg)
		},
	}
	flags.AddTxFlagsToCmd(cmd)
	return cmd
}

// ReadAnchors decodes an anchors file, {"anchors":[...]}, with the chain's
// JSON rules (proto field names, base64 bytes, RFC 3339 times, quoted
// 64-bit integers accepted); unknown fields are refused.
func ReadAnchors(cdc codec.Codec, bz []byte) (*types.MsgAnchorOrders, error) {
	var msg types.MsgAnchorOrders
	if err := cdc.UnmarshalJSON(bz, &msg); err != nil {
		return nil, fmt.Errorf(`want {"anchors":[{...}]} with the proto field names: %w`, err)
	}
	if len(msg.Anchors) == 0 {
		return nil, fmt.Errorf(`no anchors: want {"anchors":[{...}]}`)
	}
	return &msg, nil
}
