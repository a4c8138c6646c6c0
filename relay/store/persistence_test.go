package store_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/powershare/powershare/relay/store"
)

func TestRestartKeepsPendingItems(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "relay.db")
	s, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.AcceptInbound(ctx, inbound("bap.example", "m1"), t0.Add(time.Minute), []store.OutboxItem{callback("a"), callback("b"), callback("c")}); err != nil {
		t.Fatal(err)
	}
	items := claim(t, s, t0, 2, time.Minute) // a and b leased
	if err := s.MarkDelivered(ctx, items[0].ID, t0); err != nil {
		t.Fatal(err)
	}
	if err := s.PutOrder(ctx, order("o1", "txn-1", "ACTIVE")); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("second close: %v", err)
	}

	s, err = store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n, c := counts(t, s); n != 1 || c != (store.OutboxCounts{Pending: 2, Delivered: 1}) {
		t.Fatalf("after restart: %d messages, %+v", n, c)
	}
	// c is due now; b (claimed before the restart, never marked) when its lease ends.
	now := claim(t, s, t0, 10, time.Minute)
	if got := messageIDs(now); strings.Join(got, ",") != "c" {
		t.Fatalf("claimed %v right after restart, want c", got)
	}
	if err := s.MarkDelivered(ctx, now[0].ID, t0); err != nil {
		t.Fatal(err)
	}
	if got := claim(t, s, t0.Add(time.Minute), 10, time.Minute); len(got) != 1 || got[0].MessageID != "b" || got[0].Attempts != 2 {
		t.Fatalf("after the lease: %+v", got)
	}
	// The replay window survives the restart too.
	if err := s.AcceptInbound(ctx, inbound("bap.example", "m1"), t0.Add(time.Minute), nil); err == nil {
		t.Fatal("replay accepted after restart")
	}
	if o, err := s.GetOrder(ctx, "o1"); err != nil || o.State != "ACTIVE" {
		t.Fatalf("order after restart: %+v, %v", o, err)
	}
}

const crashChildEnv = "RELAY_STORE_CRASH_CHILD_DB"

// TestCrashChild is the process TestKillNineLeavesConsistentState kills: it
// accepts messages as fast as it can and reports each commit on stdout.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashChildEnv)
	if path == "" {
		t.Skip("runs only as the child of TestKillNineLeavesConsistentState")
	}
	ctx := context.Background()
	s, err := store.Open(ctx, path)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	body := strings.Repeat("x", 2048)
	for i := 0; ; i++ {
		id := strconv.Itoa(i)
		m := inbound("bap.example", id)
		m.Body = []byte(body)
		if err := s.AcceptInbound(ctx, m, t0.Add(time.Minute), []store.OutboxItem{callback(id)}); err != nil {
			fmt.Println("error", err)
			os.Exit(1)
		}
		fmt.Println("committed", i)
	}
}

// A relay killed with SIGKILL in the middle of a stream of accepts leaves a
// database that opens, passes SQLite's integrity check, holds every commit
// it reported, and holds no message without its replay row and outbox item.
func TestKillNineLeavesConsistentState(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	path := filepath.Join(t.TempDir(), "relay.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lastCommitted := -1
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		line := lines.Text()
		if strings.HasPrefix(line, "error") {
			t.Fatalf("child: %s", line)
		}
		if n, ok := strings.CutPrefix(line, "committed "); ok {
			lastCommitted, _ = strconv.Atoi(n)
			if lastCommitted >= 300 {
				break
			}
		}
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait() // killed: the exit status says so and is not the point
	if lastCommitted < 300 {
		t.Fatalf("child reported only %d commits", lastCommitted+1)
	}

	ctx := context.Background()
	s, err := store.Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen after kill -9: %v", err)
	}
	defer s.Close()
	var integrity string
	db := raw(t, path)
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&integrity); err != nil || integrity != "ok" {
		t.Fatalf("integrity check: %q, %v", integrity, err)
	}
	messages, c := counts(t, s)
	if messages < lastCommitted+1 {
		t.Fatalf("%d messages survived, the child reported %d commits", messages, lastCommitted+1)
	}
	var replays, orphans int
	if err := db.QueryRow(`SELECT count(*) FROM replay`).Scan(&replays); err != nil {
		t.Fatal(err)
	}
	err = db.QueryRow(`SELECT count(*) FROM messages m WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.message_id = m.message_id)`).Scan(&orphans)
	if err != nil {
		t.Fatal(err)
	}
	if c.Pending != messages || replays != messages || orphans != 0 {
		t.Fatalf("%d messages, %d replay rows, %+v outbox, %d messages without their item: a transaction was torn", messages, replays, c, orphans)
	}
}
