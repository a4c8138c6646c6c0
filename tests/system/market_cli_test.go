package system_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestMarketCommandLine drives x/market through the wallet CLI with the
// command and flag names the acceptance checks use. The node's genesis is
// given 20 s slots so that a slot ends within the test.
func TestMarketCommandLine(t *testing.T) {
	pn := startProcNetWith(t, 1, func(genesis map[string]any) {
		market := genesis["app_state"].(map[string]any)["market"].(map[string]any)["params"].(map[string]any)
		market["slot_seconds"], market["gate_closure_seconds"] = "20", "3"
	})
	node := pn.nodes[0]
	q := func(out any, args ...string) {
		t.Helper()
		mustRunJSON(t, out, append(append([]string{"q", "market"}, args...), "--node", node.rpc, "--output", "json")...)
	}
	admin := strings.TrimSpace(mustRun(t, "keys", "show", "validator", "-a", "--home", node.home))
	alice, bob := addKey(t, node.home, "alice").Address, addKey(t, node.home, "bob").Address
	for _, addr := range []string{alice, bob} {
		tx(t, node, "validator", "bank", "send", "validator", addr, "10000000upwc")
	}
	tx(t, node, "validator", "rbac", "create-community", "Sunny Street", "zone-a", "u33db")
	tx(t, node, "validator", "rbac", "grant-role", admin, "grid-operator")
	tx(t, node, "validator", "market", "register-zone", "zone-a", "1", "Sunny Street")
	tx(t, node, "validator", "rbac", "grant-role", alice, "prosumer", "--community", "1")
	tx(t, node, "validator", "rbac", "grant-role", bob, "consumer", "--community", "1")
	tx(t, node, "validator", "assets", "register-meter", "alice-solar-1", alice, "--kind", "solar", "--capacity-w", "2000000", "--community", "1")
	tx(t, node, "alice", "assets", "accept-meter", "alice-solar-1") // the owner consents

	first := time.Now().UTC().Add(12 * time.Second).Unix()
	slot := time.Unix((first/20+1)*20, 0).UTC().Format(time.RFC3339)

	tx(t, node, "alice", "market", "place-order", "zone-a", slot, "sell", "5000", "150000", "--meter", "alice-solar-1")
	tx(t, node, "bob", "market", "place-order", "zone-a", slot, "buy", "3000", "160000", "--time-in-force", "ioc")

	var trades struct {
		Trades []struct {
			ID    string `json:"id"`
			Price string `json:"price"`
		} `json:"trades"`
	}
	q(&trades, "trades-by-owner", bob)
	require.Len(t, trades.Trades, 1)
	require.Equal(t, "150000", trades.Trades[0].Price)

	var book struct {
		Asks []struct {
			Price      string `json:"price"`
			QuantityWh string `json:"quantity_wh"`
		} `json:"asks"`
	}
	q(&book, "book", "zone-a", slot)
	require.Len(t, book.Asks, 1)
	require.Equal(t, "2000", book.Asks[0].QuantityWh)

	var markets struct {
		SlotStarts []string `json:"slot_starts"`
	}
	q(&markets, "markets", "zone-a")
	require.Contains(t, markets.SlotStarts, slot)

	code, log := txCode(t, node, "bob", "market", "place-order", "zone-a", slot, "buy", "1000", "150500")
	require.NotZero(t, code)
	require.Contains(t, log, "tick")

	// Wait for the slot to end, then settle from a CSV file.
	slotEnd, err := time.Parse(time.RFC3339, slot)
	require.NoError(t, err)
	pn.waitHeight(node, pn.height(node)+int64(time.Until(slotEnd.Add(22*time.Second))/time.Second)+1, 2*time.Minute)
	file := filepath.Join(t.TempDir(), "delivered.csv")
	require.NoError(t, os.WriteFile(file, []byte("trade_id,delivered_wh\n"+trades.Trades[0].ID+",2500\n"), 0o600))
	tx(t, node, "validator", "market", "settle-trades", "--file", file)

	var settled struct {
		Trades []struct {
			Settled     bool   `json:"settled"`
			DeliveredWh string `json:"delivered_wh"`
		} `json:"trades"`
	}
	q(&settled, "trades-by-market", "zone-a", slot)
	require.Len(t, settled.Trades, 1)
	require.True(t, settled.Trades[0].Settled)
	require.Equal(t, "2500", settled.Trades[0].DeliveredWh)

	var stats struct {
		Stats []struct {
			Vwap     string `json:"vwap"`
			VolumeWh string `json:"volume_wh"`
		} `json:"stats"`
	}
	q(&stats, "stats", "zone-a")
	require.Len(t, stats.Stats, 1)
	require.Equal(t, "150000", stats.Stats[0].Vwap)
	require.Equal(t, strconv.Itoa(3000), stats.Stats[0].VolumeWh)
}
