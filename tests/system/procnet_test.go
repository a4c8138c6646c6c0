package system_test

import (
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// procNet is a network of validators, each a separate powershared process,
// prepared with `powershared testnet init-files`.
type procNet struct {
	t       *testing.T
	chainID string
	nodes   []*procNode
}

type procNode struct {
	home string
	rpc  string
	cmd  *exec.Cmd
}

// startProcNet prepares and starts n validators on free loopback ports and
// stops them when the test ends.
func startProcNet(t *testing.T, n int) *procNet {
	t.Helper()
	return startProcNetWith(t, n, nil)
}

// startProcNetWith is startProcNet with a change to every node's genesis
// (as decoded JSON) before the nodes start.
func startProcNetWith(t *testing.T, n int, changeGenesis func(map[string]any)) *procNet {
	t.Helper()
	base := freePortBlock(t, n*10)
	home := t.TempDir()
	pn := &procNet{t: t, chainID: "powershare-system"}
	mustRun(t, "testnet", "init-files", "--validator-count", strconv.Itoa(n), "--output-dir", home,
		"--base-port", strconv.Itoa(base), "--chain-id", pn.chainID)
	for i := range n {
		pn.nodes = append(pn.nodes, &procNode{
			home: filepath.Join(home, fmt.Sprintf("node%d", i)),
			rpc:  fmt.Sprintf("tcp://127.0.0.1:%d", base+i*10+1),
		})
	}
	if changeGenesis != nil {
		for _, node := range pn.nodes {
			editGenesis(t, filepath.Join(node.home, "config", "genesis.json"), changeGenesis)
		}
	}
	t.Cleanup(pn.stopAll)
	for _, node := range pn.nodes {
		pn.start(node)
	}
	pn.waitHeight(pn.nodes[0], 2, time.Minute)
	return pn
}

func (pn *procNet) start(node *procNode) {
	pn.t.Helper()
	logFile, err := os.OpenFile(filepath.Join(node.home, "powershared.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		pn.t.Fatal(err)
	}
	node.cmd = exec.Command(binary, "start", "--home", node.home)
	node.cmd.Stdout, node.cmd.Stderr = logFile, logFile
	if err := node.cmd.Start(); err != nil {
		pn.t.Fatalf("starting node in %s: %v", node.home, err)
	}
}

// stop shuts a node down the way an operator does (SIGTERM) and waits for it.
func (pn *procNet) stop(node *procNode) {
	if node.cmd == nil || node.cmd.Process == nil {
		return
	}
	_ = node.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = node.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		_ = node.cmd.Process.Kill()
		<-done
	}
	node.cmd = nil
}

func (pn *procNet) stopAll() {
	for _, node := range pn.nodes {
		pn.stop(node)
	}
}

type nodeStatus struct {
	SyncInfo struct {
		LatestBlockHeight string `json:"latest_block_height"`
	} `json:"sync_info"`
}

// latestHeight returns the node's latest block height, or an error while its
// RPC is not answering.
func (pn *procNet) latestHeight(node *procNode) (int64, error) {
	r := run("status", "--node", node.rpc)
	if r.err != nil {
		return 0, r.err
	}
	var st nodeStatus
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil {
		return 0, err
	}
	return strconv.ParseInt(st.SyncInfo.LatestBlockHeight, 10, 64)
}

func (pn *procNet) height(node *procNode) int64 {
	pn.t.Helper()
	h, err := pn.latestHeight(node)
	if err != nil {
		pn.t.Fatalf("status of %s: %v", node.home, err)
	}
	return h
}

// waitHeight waits until the node has committed height h.
func (pn *procNet) waitHeight(node *procNode, h int64, timeout time.Duration) {
	pn.t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if got, err := pn.latestHeight(node); err == nil && got >= h {
			return
		}
		time.Sleep(300 * time.Millisecond)
	}
	pn.t.Fatalf("%s did not reach height %d within %s; log: %s", node.home, h, timeout,
		filepath.Join(node.home, "powershared.log"))
}

// freePortBlock finds size consecutive free loopback ports.
func freePortBlock(t *testing.T, size int) int {
	t.Helper()
	for base := 30000 + (os.Getpid()%200)*100; base < 60000; base += 100 {
		if portsFree(base, size) {
			return base
		}
	}
	t.Fatal("no free block of loopback ports")
	return 0
}

func portsFree(base, size int) bool {
	for p := base; p < base+size; p++ {
		l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p))
		if err != nil {
			return false
		}
		_ = l.Close()
	}
	return true
}

func editGenesis(t *testing.T, file string, change func(map[string]any)) {
	t.Helper()
	bz, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var genesis map[string]any
	if err := json.Unmarshal(bz, &genesis); err != nil {
		t.Fatal(err)
	}
	change(genesis)
	if bz, err = json.MarshalIndent(genesis, "", "  "); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, bz, 0o600); err != nil {
		t.Fatal(err)
	}
}
