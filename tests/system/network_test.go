package system_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

const (
	txFees = "600upwc" // 600,000 gas at the default 0.001upwc minimum gas price (attest and settle with the x/achievements hooks take about 400k)
	txGas  = "600000"
)

type txResponse struct {
	Code   uint32 `json:"code"`
	TxHash string `json:"txhash"`
	RawLog string `json:"raw_log"`
}

type balanceResponse struct {
	Balance struct {
		Amount string `json:"amount"`
	} `json:"balance"`
}

// TestValidatorProcesses runs four validators as separate powershared
// processes and drives them through the CLI: a transfer, the node's answers
// to bad transactions, and a validator that is stopped and restarted.
func TestValidatorProcesses(t *testing.T) {
	pn := startProcNet(t, 4)
	node0 := pn.nodes[0]
	sender := strings.TrimSpace(mustRun(t, "keys", "show", "validator", "-a", "--home", node0.home))
	recipient := addKey(t, node0.home, "recipient").Address

	t.Run("an ML-DSA-65 signed transfer is included", func(t *testing.T) {
		res := sendTx(t, node0, recipient, "2500000upwc")
		require.Zero(t, res.Code, res.RawLog)
		require.Equal(t, "2500000", balance(t, node0, recipient))
	})

	t.Run("bad transactions are refused and change nothing", func(t *testing.T) {
		senderSeq := sequence(t, node0, sender)
		recipientBalance := balance(t, node0, recipient)

		garbage := filepath.Join(t.TempDir(), "garbage.json")
		require.NoError(t, os.WriteFile(garbage, []byte(`{"body": "not a tx"`), 0o600))
		r := run("tx", "broadcast", garbage, "--home", node0.home)
		require.Error(t, r.err, "a malformed tx file must be refused")

		wrongChain := sendTxExpectingRejection(t, node0, recipient, "--chain-id", "another-chain")
		require.Contains(t, wrongChain, "signature verification failed")

		accountNumber := accountNumber(t, node0, sender)
		badSequence := signedTransfer(t, node0, recipient, "", "--offline", "--account-number", accountNumber, "--sequence", "9999")
		r = run("tx", "broadcast", badSequence, "--home", node0.home, "--output", "json")
		require.Contains(t, r.combined(), "account sequence mismatch")

		oversize := signedTransfer(t, node0, recipient, strings.Repeat("x", 1<<20+1))
		r = run("tx", "broadcast", oversize, "--home", node0.home, "--output", "json")
		require.Contains(t, r.combined(), "too large", "a tx over the mempool's max_tx_bytes must be refused")

		waitBlocks(t, pn, node0, 2)
		require.Equal(t, senderSeq, sequence(t, node0, sender), "no refused tx consumed a sequence")
		require.Equal(t, recipientBalance, balance(t, node0, recipient), "no refused tx moved coins")
	})

	t.Run("a stopped validator keeps its state and catches up", func(t *testing.T) {
		node3 := pn.nodes[3]
		heightBefore := pn.height(node3)
		balanceBefore := balance(t, node3, recipient)

		pn.stop(node3)
		// Three of four equal validators hold more than 2/3 of the power.
		pn.waitHeight(node0, heightBefore+5, time.Minute)
		res := sendTx(t, node0, recipient, "1000upwc")
		require.Zero(t, res.Code, res.RawLog)

		pn.start(node3)
		pn.waitHeight(node3, heightBefore, 30*time.Second)
		target := pn.height(node0)
		pn.waitHeight(node3, target, time.Minute)

		got, _ := strconv.ParseInt(balanceBefore, 10, 64)
		require.Equal(t, strconv.FormatInt(got+1000, 10), balance(t, node3, recipient),
			"the restarted node has the state it missed")
	})
}

// sendTx sends amount from node's validator key to recipient and waits for the block.
func sendTx(t *testing.T, node *procNode, recipient, amount string) txResponse {
	t.Helper()
	var res txResponse
	mustRunJSON(t, &res, "tx", "bank", "send", "validator", recipient, amount, "--home", node.home,
		"--fees", txFees, "--gas", txGas, "-y", "--output", "json")
	require.Zero(t, res.Code, "CheckTx: %s", res.RawLog)
	var included txResponse
	mustRunJSON(t, &included, "q", "wait-tx", res.TxHash, "--home", node.home, "--timeout", "30s", "--output", "json")
	return included
}

// sendTxExpectingRejection sends a transfer with extra flags that make it
// invalid and returns what the CLI and the node answered.
func sendTxExpectingRejection(t *testing.T, node *procNode, recipient string, extra ...string) string {
	t.Helper()
	args := append([]string{"tx", "bank", "send", "validator", recipient, "1upwc", "--home", node.home,
		"--fees", txFees, "--gas", txGas, "-y", "--output", "json"}, extra...)
	r := run(args...)
	if r.err == nil {
		var res txResponse
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &res), r.stdout)
		require.NotZero(t, res.Code, "the node accepted a bad tx: %s", r.stdout)
	}
	return r.combined()
}

// signedTransfer writes a signed 1upwc transfer from node's validator key,
// with the given memo and extra `tx sign` flags, and returns the file. The
// memo is set in the file, not on the command line, so it may be huge.
func signedTransfer(t *testing.T, node *procNode, recipient, memo string, signFlags ...string) string {
	t.Helper()
	unsigned := mustRun(t, "tx", "bank", "send", "validator", recipient, "1upwc", "--home", node.home,
		"--fees", txFees, "--gas", txGas, "--generate-only")
	var tx map[string]any
	require.NoError(t, json.Unmarshal([]byte(unsigned), &tx))
	tx["body"].(map[string]any)["memo"] = memo
	bz, err := json.Marshal(tx)
	require.NoError(t, err)

	dir := t.TempDir()
	unsignedFile := filepath.Join(dir, "unsigned.json")
	require.NoError(t, os.WriteFile(unsignedFile, bz, 0o600))
	signArgs := append([]string{"tx", "sign", unsignedFile, "--from", "validator", "--home", node.home}, signFlags...)
	signedFile := filepath.Join(dir, "signed.json")
	require.NoError(t, os.WriteFile(signedFile, []byte(mustRun(t, signArgs...)), 0o600))
	return signedFile
}

func balance(t *testing.T, node *procNode, addr string, denom ...string) string {
	t.Helper()
	d := "upwc"
	if len(denom) == 1 {
		d = denom[0]
	}
	var res balanceResponse
	mustRunJSON(t, &res, "q", "bank", "balance", addr, d, "--node", node.rpc, "--output", "json")
	if res.Balance.Amount == "" {
		return "0"
	}
	return res.Balance.Amount
}

type accountResponse struct {
	Account struct {
		Value struct {
			AccountNumber string `json:"account_number"`
			Sequence      string `json:"sequence"`
		} `json:"value"`
	} `json:"account"`
}

func account(t *testing.T, node *procNode, addr string) accountResponse {
	t.Helper()
	var res accountResponse
	mustRunJSON(t, &res, "q", "auth", "account", addr, "--node", node.rpc, "--output", "json")
	return res
}

func sequence(t *testing.T, node *procNode, addr string) string {
	return account(t, node, addr).Account.Value.Sequence
}

func accountNumber(t *testing.T, node *procNode, addr string) string {
	if n := account(t, node, addr).Account.Value.AccountNumber; n != "" {
		return n
	}
	return "0" // proto JSON omits a zero account number
}

func waitBlocks(t *testing.T, pn *procNet, node *procNode, n int64) {
	t.Helper()
	pn.waitHeight(node, pn.height(node)+n, 30*time.Second)
}
