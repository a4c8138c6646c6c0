package system_test

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cloudflare/circl/sign/mldsa/mldsa65"
	"github.com/stretchr/testify/require"
)

// beckn006Digest is the digest BECKN-006 ("Signing Beckn APIs in HTTP")
// publishes for its example body, beckn/testdata/beckn006_body.json.
const beckn006Digest = "b6lf6lRgOweajukcvcLsagQ2T60+85kRh/Rd2bdS+TG/5ALebOEgDJfyCrre/1+BMu5nA94o4DT3pTFXuUg7sw=="

// becknKeys is a participant's key set: its public keys as the CLI takes
// them (base64) and the key file holding its private keys.
type becknKeys struct{ signing, encr, file string }

// becknKeygen creates a key set with 'powershared beckn keygen'.
func becknKeygen(t *testing.T, dir, keyID string) becknKeys {
	t.Helper()
	file := filepath.Join(dir, keyID+".json")
	var public struct {
		Signing string `json:"signing_public_key"`
		Encr    string `json:"encr_public_key"`
	}
	require.NoError(t, json.Unmarshal([]byte(mustRun(t, "beckn", "keygen", keyID, "--out", file)), &public))
	return becknKeys{signing: public.Signing, encr: public.Encr, file: file}
}

type becknParticipantResponse struct {
	Participant struct {
		SubscriberID string `json:"subscriber_id"`
		Type         string `json:"type"`
		KeyID        string `json:"key_id"`
		Status       string `json:"status"`
		StatusReason string `json:"status_reason"`
		Owner        string `json:"owner"`
	} `json:"participant"`
	CurrentKey struct {
		KeyID            string `json:"key_id"`
		SigningPublicKey string `json:"signing_public_key"`
		EncrPublicKey    string `json:"encr_public_key"`
		MldsaPublicKey   string `json:"mldsa_public_key"`
		ValidUntil       string `json:"valid_until"`
	} `json:"current_key"`
	Status string `json:"status"`
}

type becknSubscription struct {
	SubscriberID     string `json:"subscriber_id"`
	URL              string `json:"url"`
	Type             string `json:"type"`
	Domain           string `json:"domain"`
	KeyID            string `json:"key_id"`
	SigningPublicKey string `json:"signing_public_key"`
	EncrPublicKey    string `json:"encr_public_key"`
	Status           string `json:"status"`
	Location         struct {
		Country struct {
			Code string `json:"code"`
		} `json:"country"`
		City struct {
			Code string `json:"code"`
		} `json:"city"`
	} `json:"location"`
}

type becknOrderResponse struct {
	Order struct {
		Anchor struct {
			OrderID string `json:"order_id"`
			Digest  string `json:"digest"`
			KeyID   string `json:"key_id"`
		} `json:"anchor"`
		State      string `json:"state"`
		AnchoredBy string `json:"anchored_by"`
		Changes    int    `json:"changes"`
	} `json:"order"`
}

// TestBecknCommandLine drives x/beckn through the wallet CLI with the command
// and flag names of the issue: the registry (subscribe, approve, lookup,
// rotate-keys, reject, unsubscribe), order anchors from a file, their
// verification and state history, and the offline digest tool.
func TestBecknCommandLine(t *testing.T) {
	pn := startProcNetWith(t, 1, nil)
	node := pn.nodes[0]
	q := func(out any, args ...string) {
		t.Helper()
		mustRunJSON(t, out, append(append([]string{"q", "beckn"}, args...), "--node", node.rpc, "--output", "json")...)
	}
	lookup := func(filters ...string) []becknSubscription {
		t.Helper()
		var res struct {
			Subscriptions []becknSubscription `json:"subscriptions"`
		}
		q(&res, append([]string{"lookup"}, filters...)...)
		return res.Subscriptions
	}
	participant := func(id string) becknParticipantResponse {
		t.Helper()
		var res becknParticipantResponse
		q(&res, "participant", id)
		return res
	}
	digest := func(file string) string {
		t.Helper()
		lines := strings.Split(strings.TrimSpace(mustRun(t, "beckn", "digest", file)), "\n")
		return strings.TrimSpace(lines[len(lines)-1])
	}
	dir := t.TempDir()
	writeFile := func(name, content string) string {
		t.Helper()
		file := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(file, []byte(content), 0o600))
		return file
	}

	relay := addKey(t, node.home, "relay").Address
	tx(t, node, "validator", "bank", "send", "validator", relay, "100000000upwc")
	tx(t, node, "validator", "rbac", "grant-role", relay, "relay")

	const (
		bpp    = "bpp.powershare.example"
		domain = "deg:p2p-trading"
	)
	key1, key2 := becknKeygen(t, dir, "key-1"), becknKeygen(t, dir, "key-2")
	mldsaSeed := sha256.Sum256([]byte("powershare system beckn ml-dsa"))
	mldsaPub, _ := mldsa65.NewKeyFromSeed(&mldsaSeed)
	mldsa := base64.StdEncoding.EncodeToString(mldsaPub.Bytes())
	validUntil := time.Now().UTC().Add(90 * 24 * time.Hour).Truncate(time.Second).Format(time.RFC3339)

	t.Run("the commands have the flags of the issue", func(t *testing.T) {
		for cmd, flags := range map[string][]string{
			"tx beckn subscribe":   {"--key-id", "--signing-public-key", "--encr-public-key", "--mldsa-public-key", "--valid-from", "--valid-until", "--country", "--city"},
			"tx beckn rotate-keys": {"--key-id", "--signing-public-key", "--encr-public-key", "--mldsa-public-key", "--valid-from", "--valid-until"},
			"tx beckn reject":      {"--invalid-ssl"},
			"q beckn lookup":       {"--subscriber-id", "--type", "--domain", "--country", "--city", "--key-id", "--status"},
		} {
			help := mustRun(t, append(strings.Fields(cmd), "--help")...)
			for _, flag := range flags {
				require.Contains(t, help, flag+" ", "%s --help", cmd)
			}
		}
		for _, cmd := range []string{"approve", "unsubscribe", "anchor-orders", "update-order-state"} {
			mustRun(t, "tx", "beckn", cmd, "--help")
		}
		for _, cmd := range []string{"participant", "participant-keys", "order", "orders-by-participant", "orders-by-transaction", "order-history", "verify-order"} {
			mustRun(t, "q", "beckn", cmd, "--help")
		}
	})

	t.Run("beckn digest reproduces the BECKN-006 example", func(t *testing.T) {
		body, err := filepath.Abs(filepath.Join("..", "..", "beckn", "testdata", "beckn006_body.json"))
		require.NoError(t, err)
		require.Equal(t, beckn006Digest, digest(body))
	})

	t.Run("subscribe, approve, participant", func(t *testing.T) {
		tx(t, node, "relay", "beckn", "subscribe", bpp, "https://bpp.powershare.example/beckn", "bpp", domain,
			"--key-id", "key-1", "--signing-public-key", key1.signing, "--encr-public-key", key1.encr,
			"--mldsa-public-key", mldsa, "--valid-until", validUntil, "--country", "IND", "--city", "std:080")
		p := participant(bpp)
		require.Equal(t, "INITIATED", p.Status)
		require.Equal(t, "INITIATED", p.Participant.Status)
		require.Equal(t, relay, p.Participant.Owner)
		require.Equal(t, "BPP", p.Participant.Type)
		require.Equal(t, key1.signing, p.CurrentKey.SigningPublicKey)
		require.Equal(t, key1.encr, p.CurrentKey.EncrPublicKey)
		require.Equal(t, mldsa, p.CurrentKey.MldsaPublicKey)
		require.Equal(t, validUntil, p.CurrentKey.ValidUntil)

		tx(t, node, "validator", "beckn", "approve", bpp)
		require.Equal(t, "SUBSCRIBED", participant(bpp).Status)
	})

	t.Run("lookup by filters", func(t *testing.T) {
		for _, filters := range [][]string{
			{"--subscriber-id", bpp},
			{"--type", "bpp"},
			{"--domain", domain},
			{"--status", "subscribed"},
			{"--key-id", "key-1"},
			{"--country", "IND", "--city", "std:080"},
			{"--type", "bpp", "--domain", domain, "--status", "subscribed", "--key-id", "key-1"},
		} {
			subs := lookup(filters...)
			require.Len(t, subs, 1, "lookup %v", filters)
			s := subs[0]
			require.Equal(t, bpp, s.SubscriberID)
			require.Equal(t, "https://bpp.powershare.example/beckn", s.URL)
			require.Equal(t, "BPP", s.Type)
			require.Equal(t, domain, s.Domain)
			require.Equal(t, "key-1", s.KeyID)
			require.Equal(t, key1.signing, s.SigningPublicKey)
			require.Equal(t, key1.encr, s.EncrPublicKey)
			require.Equal(t, "SUBSCRIBED", s.Status)
			require.Equal(t, "IND", s.Location.Country.Code)
			require.Equal(t, "std:080", s.Location.City.Code)
		}
		for _, filters := range [][]string{{"--type", "bap"}, {"--domain", "ONDC:RET10"}, {"--status", "initiated"}, {"--key-id", "key-9"}} {
			require.Empty(t, lookup(filters...), "lookup %v", filters)
		}
		r := run("q", "beckn", "lookup", "--type", "bxp", "--node", node.rpc, "--output", "json")
		require.Error(t, r.err)
		require.Contains(t, r.combined(), "bxp is not a valid value for enum powershare.beckn.v1.SubscriberType")
	})

	t.Run("rotate-keys: the new key is current, the old one EXPIRED", func(t *testing.T) {
		tx(t, node, "relay", "beckn", "rotate-keys", bpp, "--key-id", "key-2",
			"--signing-public-key", key2.signing, "--encr-public-key", key2.encr)
		p := participant(bpp)
		require.Equal(t, "SUBSCRIBED", p.Status)
		require.Equal(t, "key-2", p.Participant.KeyID)
		require.Equal(t, "key-2", p.CurrentKey.KeyID)
		require.Equal(t, key2.signing, p.CurrentKey.SigningPublicKey)
		require.Equal(t, key2.encr, p.CurrentKey.EncrPublicKey)

		old := lookup("--key-id", "key-1")
		require.Len(t, old, 1)
		require.Equal(t, "EXPIRED", old[0].Status)
		require.Equal(t, key1.signing, old[0].SigningPublicKey)
		require.Len(t, lookup("--key-id", "key-1", "--status", "expired"), 1)
		require.Empty(t, lookup("--key-id", "key-1", "--status", "subscribed"))
		current := lookup("--subscriber-id", bpp)
		require.Len(t, current, 1)
		require.Equal(t, "key-2", current[0].KeyID)
		require.Equal(t, "SUBSCRIBED", current[0].Status)

		var keys struct {
			Keys []struct {
				KeyID string `json:"key_id"`
			} `json:"keys"`
		}
		q(&keys, "participant-keys", bpp)
		require.Len(t, keys.Keys, 2)

		code, log := txCode(t, node, "relay", "beckn", "rotate-keys", bpp, "--key-id", "key-1",
			"--signing-public-key", key1.signing, "--encr-public-key", key1.encr)
		require.NotZero(t, code)
		require.Contains(t, log, "never reused")
	})

	// On_confirm bodies exactly as the BPP sent them, and the anchors file.
	onConfirm := func(order, total string) string {
		return fmt.Sprintf(`{"context":{"domain":%q,"action":"on_confirm","version":"1.1.1","bap_id":"bap.other-network.example",`+
			`"bap_uri":"https://bap.other-network.example/beckn","bpp_id":%q,"bpp_uri":"https://bpp.powershare.example/beckn",`+
			`"transaction_id":"txn-cli-1","message_id":"msg-%s"},"message":{"order":{"id":%q,`+
			`"items":[{"id":"energy","quantity":{"selected":{"measure":{"unit":"kWh","value":"5"}}}}],`+
			`"quote":{"price":{"currency":"INR","value":%q}},`+
			`"fulfillments":[{"stops":[{"type":"end","time":{"range":{"start":"2026-12-01T10:00:00Z","end":"2026-12-01T10:15:00Z"}}}]}]}}}`,
			domain, bpp, order, order, total)
	}
	body1, body2 := writeFile("order-1.json", onConfirm("order-1", "37.50")), writeFile("order-2.json", onConfirm("order-2", "12.00"))
	changed := writeFile("order-1-changed.json", onConfirm("order-1", "37.51"))
	digest1, changedDigest := digest(body1), digest(changed)
	require.NotEqual(t, digest1, changedDigest)
	// anchorsFile writes the anchors of bodies, each signed by the BPP with
	// 'powershared beckn sign --anchor-fields' (body, terms and signature)
	// and the key file, plus the zone.
	anchorsFile := func(name string, keys becknKeys, bodies ...string) string {
		t.Helper()
		var anchors []string
		for _, body := range bodies {
			members := strings.TrimSpace(mustRun(t, "beckn", "sign", body, "--key-file", keys.file, "--subscriber-id", bpp, "--anchor-fields"))
			anchors = append(anchors, "{"+members+`,"zone":"zone-a"}`)
		}
		return writeFile(name, `{"anchors":[`+strings.Join(anchors, ",")+`]}`)
	}

	t.Run("anchor-orders from a file, verify-order", func(t *testing.T) {
		code, log := txCode(t, node, "relay", "beckn", "anchor-orders", anchorsFile("old-key.json", key1, body1, body2))
		require.NotZero(t, code, "key-1 ended at the rotation")
		require.Contains(t, log, `key "key-1"`)

		file := anchorsFile("anchors.json", key2, body1, body2)
		tx(t, node, "relay", "beckn", "anchor-orders", file)
		var order becknOrderResponse
		q(&order, "order", "order-1")
		require.Equal(t, "CONFIRMED", order.Order.State)
		require.Equal(t, digest1, order.Order.Anchor.Digest)
		require.Equal(t, relay, order.Order.AnchoredBy)
		require.Equal(t, 1, order.Order.Changes)

		type verifyResponse struct {
			Match          *bool  `json:"match"`
			AnchoredDigest string `json:"anchored_digest"`
			State          string `json:"state"`
		}
		var yes, no verifyResponse
		q(&yes, "verify-order", "order-1", digest1)
		require.NotNil(t, yes.Match)
		require.True(t, *yes.Match)
		q(&no, "verify-order", "order-1", changedDigest)
		require.NotNil(t, no.Match, "match is in the JSON when false too")
		require.False(t, *no.Match)
		require.Equal(t, digest1, no.AnchoredDigest)
		require.Equal(t, "CONFIRMED", no.State)

		var orders struct {
			Orders []struct {
				Anchor struct {
					OrderID string `json:"order_id"`
				} `json:"anchor"`
			} `json:"orders"`
		}
		q(&orders, "orders-by-participant", bpp)
		require.Len(t, orders.Orders, 2)
		require.Equal(t, "order-2", orders.Orders[0].Anchor.OrderID, "newest first")
		q(&orders, "orders-by-transaction", "txn-cli-1")
		require.Len(t, orders.Orders, 2)

		// The BPP's own relay may also anchor unsigned, with the body and its
		// terms written out by hand.
		body3, err := os.ReadFile(writeFile("order-3.json", onConfirm("order-3", "37.50")))
		require.NoError(t, err)
		plain := writeFile("plain.json", fmt.Sprintf(`{"anchors":[{"transaction_id":"txn-cli-1","order_id":"order-3",`+
			`"bap_id":"bap.other-network.example","bpp_id":%q,"domain":%q,"key_id":"key-2","quantity_wh":"5000",`+
			`"price":"7.50","currency":"INR","delivery_start":"2026-12-01T10:00:00Z","delivery_end":"2026-12-01T10:15:00Z",`+
			`"zone":"zone-a","body":%q}]}`, bpp, domain, base64.StdEncoding.EncodeToString(body3)))
		tx(t, node, "relay", "beckn", "anchor-orders", plain)
		var unsigned struct {
			Order struct {
				BppSigned *bool `json:"bpp_signed"`
			} `json:"order"`
		}
		q(&unsigned, "order", "order-3")
		require.NotNil(t, unsigned.Order.BppSigned)
		require.False(t, *unsigned.Order.BppSigned)

		// The same file again changes nothing; another digest for order-1 is refused.
		tx(t, node, "relay", "beckn", "anchor-orders", file)
		q(&orders, "orders-by-participant", bpp)
		require.Len(t, orders.Orders, 3)
		code, log = txCode(t, node, "relay", "beckn", "anchor-orders", anchorsFile("conflict.json", key2, changed))
		require.NotZero(t, code)
		require.Contains(t, log, digest1)
		require.Contains(t, log, changedDigest)
		q(&yes, "verify-order", "order-1", digest1)
		require.True(t, *yes.Match)
	})

	t.Run("update-order-state, order-history", func(t *testing.T) {
		onStatus := digest(writeFile("on_status.json", `{"context":{"action":"on_status"},"message":{"order":{"id":"order-1","status":"ACTIVE"}}}`))
		done := digest(writeFile("on_status_done.json", `{"context":{"action":"on_status"},"message":{"order":{"id":"order-1","status":"COMPLETED"}}}`))
		tx(t, node, "relay", "beckn", "update-order-state", "order-1", "active", onStatus)
		tx(t, node, "relay", "beckn", "update-order-state", "order-1", "completed", done)

		var history struct {
			Changes []struct {
				From   string `json:"from"`
				To     string `json:"to"`
				Digest string `json:"digest"`
				By     string `json:"by"`
			} `json:"changes"`
		}
		q(&history, "order-history", "order-1")
		require.Len(t, history.Changes, 3)
		for i, want := range []struct{ from, to, digest string }{
			{"", "CONFIRMED", digest1}, {"CONFIRMED", "ACTIVE", onStatus}, {"ACTIVE", "COMPLETED", done},
		} {
			require.Equal(t, want.from, history.Changes[i].From, "change %d", i)
			require.Equal(t, want.to, history.Changes[i].To, "change %d", i)
			require.Equal(t, want.digest, history.Changes[i].Digest, "change %d", i)
			require.Equal(t, relay, history.Changes[i].By)
		}
		var order becknOrderResponse
		q(&order, "order", "order-1")
		require.Equal(t, "COMPLETED", order.Order.State)
		require.Equal(t, 3, order.Order.Changes)

		code, log := txCode(t, node, "relay", "beckn", "update-order-state", "order-1", "active", onStatus)
		require.NotZero(t, code)
		require.Contains(t, log, "COMPLETED -> ACTIVE")
		require.Contains(t, log, "final")
		q(&history, "order-history", "order-1")
		require.Len(t, history.Changes, 3, "a refused change is not recorded")
	})

	t.Run("reject and unsubscribe other participants", func(t *testing.T) {
		bap, bg := "bap.powershare.example", "bg.powershare.example"
		keys := becknKeygen(t, dir, "bap-key-1")
		for id, kind := range map[string]string{bap: "bap", bg: "bg"} {
			tx(t, node, "relay", "beckn", "subscribe", id, "https://"+id+"/beckn", kind, domain,
				"--key-id", "key-1", "--signing-public-key", keys.signing, "--encr-public-key", keys.encr)
		}
		require.Len(t, lookup("--status", "initiated"), 2)

		// Nobody decides on a participant they operate: the relay is no registrar.
		r := run("tx", "beckn", "approve", bap, "--from", "relay", "--home", node.home,
			"--fees", txFees, "--gas", txGas, "-y", "--output", "json")
		require.Contains(t, r.combined(), "may not send /powershare.beckn.v1.MsgApproveSubscription")

		tx(t, node, "validator", "beckn", "reject", bap, "endpoint unreachable")
		p := participant(bap)
		require.Equal(t, "UNSUBSCRIBED", p.Status)
		require.Equal(t, "endpoint unreachable", p.Participant.StatusReason)

		tx(t, node, "relay", "beckn", "unsubscribe", bg)
		require.Equal(t, "UNSUBSCRIBED", participant(bg).Status)
		code, log := txCode(t, node, "relay", "beckn", "unsubscribe", bg)
		require.NotZero(t, code)
		require.Contains(t, log, "already UNSUBSCRIBED")

		gone := lookup("--status", "unsubscribed")
		require.Len(t, gone, 2)
		require.Equal(t, bap, gone[0].SubscriberID)
		require.Equal(t, bg, gone[1].SubscriberID)
		require.Len(t, lookup("--status", "subscribed"), 1, "the BPP is still subscribed")
	})
}
