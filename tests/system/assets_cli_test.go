package system_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestAssetsCommandLine drives x/assets through the wallet CLI with the
// command and flag names the acceptance checks use.
func TestAssetsCommandLine(t *testing.T) {
	pn := startProcNet(t, 1)
	node := pn.nodes[0]
	q := func(out any, args ...string) {
		t.Helper()
		mustRunJSON(t, out, append(append([]string{"q"}, args...), "--node", node.rpc, "--output", "json")...)
	}
	bal := func(addr, denom string) string {
		t.Helper()
		return balance(t, node, addr, denom)
	}
	admin := strings.TrimSpace(mustRun(t, "keys", "show", "validator", "-a", "--home", node.home))
	gridop, alice, bob, outsider := addKey(t, node.home, "gridop").Address, addKey(t, node.home, "alice").Address,
		addKey(t, node.home, "bob").Address, addKey(t, node.home, "outsider").Address
	for _, addr := range []string{gridop, alice, bob, outsider} {
		tx(t, node, "validator", "bank", "send", "validator", addr, "10000000upwc")
	}
	tx(t, node, "validator", "rbac", "create-community", "Sunny Street", "zone-a", "u33db", "--managers", admin)
	tx(t, node, "validator", "rbac", "grant-role", gridop, "grid-operator")
	tx(t, node, "validator", "rbac", "grant-role", admin, "regulator")
	tx(t, node, "validator", "rbac", "grant-role", alice, "prosumer", "--community", "1")
	tx(t, node, "validator", "rbac", "grant-role", bob, "consumer", "--community", "1")
	tx(t, node, "validator", "rbac", "grant-role", outsider, "consumer")

	t.Run("register-meter and meters-by-owner", func(t *testing.T) {
		tx(t, node, "gridop", "assets", "register-meter", "alice-solar-1", alice, "--kind", "solar", "--capacity-w", "5000", "--community", "1")
		tx(t, node, "alice", "assets", "accept-meter", "alice-solar-1") // the owner consents
		var res struct {
			Meters []struct {
				ID   string `json:"id"`
				Zone string `json:"zone"`
			} `json:"meters"`
		}
		q(&res, "assets", "meters-by-owner", alice)
		require.Len(t, res.Meters, 1)
		require.Equal(t, "alice-solar-1", res.Meters[0].ID)
		require.Equal(t, "zone-a", res.Meters[0].Zone)
	})

	end := time.Now().UTC().Add(-time.Minute).Truncate(time.Second)
	rfc := func(d time.Duration) string { return end.Add(d).Format(time.RFC3339) }
	t.Run("attest-production from a CSV file, then an overlap is refused", func(t *testing.T) {
		csv := "meter,start,end,wh\n" +
			"alice-solar-1," + rfc(-2*time.Hour) + "," + rfc(-time.Hour) + ",1800\n" +
			"alice-solar-1," + rfc(-time.Hour) + "," + rfc(0) + ",1400\n"
		file := filepath.Join(t.TempDir(), "readings.csv")
		require.NoError(t, os.WriteFile(file, []byte(csv), 0o600))
		tx(t, node, "gridop", "assets", "attest-production", "--file", file)
		require.Equal(t, "3200000", bal(alice, "uec"), "3.2 kWh")
		require.Equal(t, "1280", bal(alice, "ucc"))

		code, log := txCode(t, node, "gridop", "assets", "attest-production", "alice-solar-1", rfc(-90*time.Minute), rfc(-80*time.Minute), "10")
		require.NotZero(t, code)
		require.Contains(t, log, "overlaps")

		var atts struct {
			Attestations []struct {
				EnergyWh string `json:"energy_wh"`
			} `json:"attestations"`
		}
		q(&atts, "assets", "attestations", "alice-solar-1", "--from", rfc(-90*time.Minute), "--to", rfc(time.Minute))
		require.Len(t, atts.Attestations, 1, "only the second period starts in the range")
	})

	t.Run("retire and certificates", func(t *testing.T) {
		tx(t, node, "alice", "assets", "retire", "500ucc", "--beneficiary", "Alice Household", "--jurisdiction", "IN-KA", "--reason", "2026 footprint")
		var cert struct {
			Certificate struct {
				Owner       string `json:"owner"`
				Amount      string `json:"amount"`
				Beneficiary string `json:"beneficiary"`
			} `json:"certificate"`
		}
		q(&cert, "assets", "certificate", "1")
		require.Equal(t, alice, cert.Certificate.Owner)
		require.Equal(t, "500", cert.Certificate.Amount)
		var byOwner struct {
			Certificates []any `json:"certificates"`
		}
		q(&byOwner, "assets", "certificates-by-owner", alice)
		require.Len(t, byOwner.Certificates, 1)
		require.Equal(t, "780", bal(alice, "ucc"))
	})

	t.Run("reward-members, community-only transfers, burn", func(t *testing.T) {
		tx(t, node, "validator", "assets", "reward-members", "1", bob+":500", "--reason", "clean-up")
		require.Equal(t, "500", bal(bob, "uct/1"))
		tx(t, node, "bob", "bank", "send", "bob", alice, "20uct/1")
		code, log := txCode(t, node, "bob", "bank", "send", "bob", outsider, "20uct/1")
		require.NotZero(t, code)
		require.Contains(t, log, "is not a member of community 1")
		tx(t, node, "bob", "assets", "burn", "100uct/1")
		require.Equal(t, "380", bal(bob, "uct/1"))
	})

	t.Run("issuers, batches, totals, treasury", func(t *testing.T) {
		tx(t, node, "validator", "assets", "approve-issuer", admin)
		tx(t, node, "validator", "assets", "create-batch", "solar-coop-7", "2026-01-01T00:00:00Z", "2026-06-30T00:00:00Z", "ACM0002", "IN-KA")
		tx(t, node, "validator", "assets", "issue-batch", "1", alice+":1000", bob+":500ucc")
		var batches struct {
			Batches []struct {
				SerialStart string `json:"serial_start"`
				SerialEnd   string `json:"serial_end"`
				Issued      bool   `json:"issued"`
			} `json:"batches"`
		}
		q(&batches, "assets", "batches")
		require.Len(t, batches.Batches, 1)
		require.True(t, batches.Batches[0].Issued)
		require.Equal(t, [2]string{"1", "1500"}, [2]string{batches.Batches[0].SerialStart, batches.Batches[0].SerialEnd})

		var totals struct {
			Totals map[string]string `json:"totals"`
		}
		q(&totals, "assets", "totals")
		require.Equal(t, "3200", totals.Totals["attested_wh"])
		require.Equal(t, "500", totals.Totals["cc_retired"])
		require.Equal(t, "1500", totals.Totals["cc_issued"])

		before := bal(outsider, "upwc")
		tx(t, node, "validator", "assets", "treasury-spend", outsider, "1000000upwc", "--purpose", "grant")
		require.NotEqual(t, before, bal(outsider, "upwc"))
	})

	t.Run("export of the state is a valid genesis, also for zero height", func(t *testing.T) {
		pn.stop(node)
		for _, zero := range []bool{false, true} {
			exported := filepath.Join(t.TempDir(), "exported.json")
			args := []string{"export", "--home", node.home, "--output-document", exported}
			if zero {
				args = append(args, "--for-zero-height")
			}
			mustRun(t, args...)
			mustRun(t, "genesis", "validate", exported, "--home", node.home)
			bz, err := os.ReadFile(exported)
			require.NoError(t, err)
			require.Contains(t, string(bz), `"alice-solar-1"`, "the meter is in the export")
			require.Contains(t, string(bz), `"Alice Household"`, "the certificate is in the export")
		}
	})
}

// txCode sends a tx expected to fail in its block and returns its code and log.
func txCode(t *testing.T, node *procNode, from string, args ...string) (uint32, string) {
	t.Helper()
	args = append(append([]string{"tx"}, args...), "--from", from, "--home", node.home,
		"--fees", txFees, "--gas", txGas, "-y", "--output", "json")
	var res txResponse
	mustRunJSON(t, &res, args...)
	if res.Code != 0 {
		return res.Code, res.RawLog
	}
	r := run("q", "wait-tx", res.TxHash, "--home", node.home, "--timeout", "30s", "--output", "json")
	if r.err != nil {
		// wait-tx looks the tx up, then subscribes to its event: a tx committed
		// between the two is only found by looking it up again.
		r = run("q", "tx", res.TxHash, "--home", node.home, "--output", "json")
	}
	if r.err != nil {
		t.Fatalf("tx %s was not included: %s\nthe node's log ends:\n%s", res.TxHash, r.combined(), logTail(node, 80))
	}
	var included txResponse
	if err := json.Unmarshal([]byte(r.stdout), &included); err != nil {
		t.Fatalf("wait-tx output is not JSON: %v\n%s", err, r.stdout)
	}
	return included.Code, included.RawLog
}

// logTail is the end of a node's log, for a failure message: a tx that never
// lands in a block is explained there, and the node's home is gone once the
// test ends.
func logTail(node *procNode, lines int) string {
	bz, err := os.ReadFile(filepath.Join(node.home, "powershared.log"))
	if err != nil {
		return err.Error()
	}
	all := strings.Split(strings.TrimRight(string(bz), "\n"), "\n")
	return strings.Join(all[max(0, len(all)-lines):], "\n")
}
