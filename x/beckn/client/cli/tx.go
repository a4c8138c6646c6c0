// Package cli holds the beckn commands autocli cannot express: anchoring a
// batch of orders from a JSON file and granting settlement consent (tx), and
// the offline `powershared beckn digest|sign|keygen` tools over the beckn
// signing package.
package cli

import (
	"fmt"
	"math"
	"os"
	"time"

	"github.com/spf13/cobra"

	"cosmossdk.io/core/address"
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
anchored Beckn orders up to spend-limit upwc of notional (quantity x price) in all, and only trades
that keep within every bound you grant; anything you do not grant is refused:

  --max-price / --min-price   buy at most at / sell at least at, upwc per kWh (leave one out not to
                              buy, or not to sell)
  --counterparty ADDR         whom you trade with (repeat for several); or --any-counterparty
  --max-quantity-wh Q         the largest single trade, in Wh (required)
  --not-before / --not-after  the delivery window every trade must lie in (RFC 3339; --not-after
                              is required)
  --meter ID                  the meters a sale delivers from (repeat for several); or --any-meter;
                              required to sell
  --allow-renewable           a sale may be renewable, handing over your Energy Credits

Each trade lowers the limit; at 0 the grant ends. Revoke it with
'tx authz revoke <relay> /powershare.beckn.v1.MsgAnchorOrders'.`,
		Example: `# bob buys from alice, up to 5 kWh a trade, for deliveries in December 2026
powershared tx beckn grant-settlement power1relay... 10000000 --max-price 160000 --counterparty power1alice... \
    --max-quantity-wh 5000 --not-before 2026-12-01T00:00:00Z --not-after 2027-01-01T00:00:00Z --from bob
# alice sells renewable energy from her meter to bob or carol
powershared tx beckn grant-settlement power1relay... 50000000 --min-price 120000 --counterparty power1bob... \
    --counterparty power1carol... --max-quantity-wh 5000 --not-after 2027-01-01T00:00:00Z \
    --meter alice-solar-1 --allow-renewable --expiration 2027-01-01T00:00:00Z --from alice`,
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
			consent, err := consentFromFlags(cmd, clientCtx.InterfaceRegistry.SigningContext().AddressCodec(), limit)
			if err != nil {
				return err
			}
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
	cmd.Flags().StringArray("counterparty", nil, "an account you trade with (repeatable); required unless --any-counterparty")
	cmd.Flags().Bool("any-counterparty", false, "let the relay choose any counterparty")
	cmd.Flags().Uint64("max-quantity-wh", 0, "largest quantity of one trade, Wh (required)")
	cmd.Flags().String("not-before", "", "RFC 3339 time no trade's delivery starts before (default: no lower bound)")
	cmd.Flags().String("not-after", "", "RFC 3339 time no trade's delivery ends after (required)")
	cmd.Flags().StringArray("meter", nil, "a meter of yours a sale delivers from (repeatable); required to sell unless --any-meter")
	cmd.Flags().Bool("any-meter", false, "let the relay sell from any of your meters")
	cmd.Flags().Bool("allow-renewable", false, "let a sale be renewable, handing over your Energy Credits")
	cmd.Flags().String("expiration", "", "RFC 3339 time the consent ends (default: until used up or revoked)")
	flags.AddTxFlagsToCmd(cmd)
	return cmd
}

// consentFromFlags reads grant-settlement's bounds; each one missing is
// named with the flag that grants it.
func consentFromFlags(cmd *cobra.Command, ac address.Codec, limit sdkmath.Int) (*types.SettlementAuthorization, error) {
	f := cmd.Flags()
	c := &types.SettlementAuthorization{SpendLimit: limit}
	c.MaxPrice, _ = f.GetUint64("max-price")
	c.MinPrice, _ = f.GetUint64("min-price")
	c.Counterparties, _ = f.GetStringArray("counterparty")
	c.AnyCounterparty, _ = f.GetBool("any-counterparty")
	c.MaxQuantityWh, _ = f.GetUint64("max-quantity-wh")
	c.MeterIds, _ = f.GetStringArray("meter")
	c.AnyMeter, _ = f.GetBool("any-meter")
	c.AllowRenewable, _ = f.GetBool("allow-renewable")
	switch {
	case len(c.Counterparties) == 0 && !c.AnyCounterparty:
		return nil, fmt.Errorf("name whom you trade with: --counterparty ADDR (repeatable), or --any-counterparty")
	case c.MaxQuantityWh == 0:
		return nil, fmt.Errorf("--max-quantity-wh is required: the largest single trade, in Wh")
	case c.MinPrice > 0 && len(c.MeterIds) == 0 && !c.AnyMeter:
		return nil, fmt.Errorf("to sell, name your meters: --meter ID (repeatable), or --any-meter")
	}
	for _, cp := range c.Counterparties {
		if _, err := ac.StringToBytes(cp); err != nil {
			return nil, fmt.Errorf("--counterparty %q: %w", cp, err)
		}
	}
	for _, bound := range []struct {
		flag string
		to   *time.Time
	}{{"not-before", &c.NotBefore}, {"not-after", &c.NotAfter}} {
		s, _ := f.GetString(bound.flag)
		if s == "" {
			if bound.flag == "not-after" {
				return nil, fmt.Errorf("--not-after is required: the latest delivery end of a trade (RFC 3339)")
			}
			continue
		}
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			return nil, fmt.Errorf("--%s %q: %w", bound.flag, s, err)
		}
		*bound.to = t.UTC()
	}
	return c, nil
}

func anchorOrdersCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "anchor-orders [file.json]",
		Short: "Anchor confirmed Beckn orders from a JSON file (a RELAY owning each order's BAP or BPP)",
		Long: `Anchor a batch of confirmed Beckn orders. The file is {"anchors":[{...}]} with the proto's
snake_case field names: body (base64 of the signed Beckn v1.1.x on_confirm's exact bytes, at most
the max_body_bytes param), transaction_id, order_id, bap_id, bpp_id, domain, key_id, quantity_wh,
price (per kWh), currency, delivery_start, delivery_end (RFC 3339), zone, the BPP's signature,
signature_created, signature_expires, and for on-chain settlement buyer, seller, meter_id,
renewable (currency "upwc", price in upwc per kWh; both parties must have consented with
'tx beckn grant-settlement'). digest may be left out: the chain digests the body.
The chain reads the body and refuses an anchor whose terms differ from it, and a body whose
digest already anchors another order. 'powershared beckn sign on_confirm.json --anchor-fields'
prints every member but zone. Anchoring an order again with the same body and terms succeeds and
changes nothing.`,
		Example: `powershared tx beckn anchor-orders anchors.json --from relay
# anchors.json:
# {"anchors":[{"body":"eyJjb250ZXh0Ijp7...","transaction_id":"tx-1","order_id":"order-1",
#   "bap_id":"bap.example.org","bpp_id":"bpp.powershare.example","domain":"deg:p2p-trading",
#   "key_id":"key-1","quantity_wh":"5000","price":"7.5","currency":"INR",
#   "delivery_start":"2026-12-01T10:00:00Z","delivery_end":"2026-12-01T10:15:00Z","zone":"zone-a",
#   "signature":"...","signature_created":"1796115600","signature_expires":"1796119200"}]}`,
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
			for i := range msg.Anchors {
				if err := checkAnchor(clientCtx.InterfaceRegistry.SigningContext().AddressCodec(), &msg.Anchors[i]); err != nil {
					return fmt.Errorf("%s: anchor %d (order %q): %w", args[0], i, msg.Anchors[i].OrderId, err)
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

// checkAnchor checks an anchor as the chain will, but for the registry,
// consent and the body size (a param): its body, fields and terms. It
// fills in the digest.
func checkAnchor(ac address.Codec, a *types.OrderAnchor) error {
	if err := types.BindBody(a, math.MaxUint32); err != nil {
		return err
	}
	stored := *a
	stored.Body = nil
	if err := types.ValidateAnchor(ac, stored); err != nil {
		return err
	}
	terms, err := types.BodyTerms(a.Body)
	if err != nil {
		return err
	}
	return types.CheckTerms(stored, terms)
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
