package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func TestOpenConnectionSettings(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name     string
		opts     Options
		wantSync int // PRAGMA synchronous reports 1 for NORMAL, 2 for FULL
	}{
		{name: "default is normal", opts: Options{}, wantSync: 1},
		{name: "full on request", opts: Options{Synchronous: SyncFull}, wantSync: 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := OpenWith(ctx, filepath.Join(t.TempDir(), "relay.db"), tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()

			var mode string
			var sync, fk, busy, qo int
			if err := s.w.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
				t.Fatal(err)
			}
			if err := s.w.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&sync); err != nil {
				t.Fatal(err)
			}
			if err := s.w.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil {
				t.Fatal(err)
			}
			if err := s.w.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&busy); err != nil {
				t.Fatal(err)
			}
			if mode != "wal" || sync != tc.wantSync || fk != 1 || busy != int(DefaultBusyTimeout.Milliseconds()) {
				t.Fatalf("writer: journal_mode=%s synchronous=%d foreign_keys=%d busy_timeout=%d", mode, sync, fk, busy)
			}
			if err := s.r.QueryRowContext(ctx, "PRAGMA query_only").Scan(&qo); err != nil {
				t.Fatal(err)
			}
			if qo != 1 {
				t.Fatalf("reader query_only=%d, want 1", qo)
			}
			// The read pool cannot write, whatever is asked of it.
			if _, err := s.r.ExecContext(ctx, "DELETE FROM messages"); err == nil {
				t.Fatal("a write through the read pool succeeded")
			}
			if got := s.w.Stats().MaxOpenConnections; got != 1 {
				t.Fatalf("writer pool allows %d connections, want 1", got)
			}
		})
	}
}

func TestOpenRefusesBadArguments(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	for _, tc := range []struct {
		name, path string
		opts       Options
		want       string
	}{
		{name: "empty path", path: "", want: "need a file path"},
		{name: "in-memory", path: ":memory:", want: "need a file path"},
		{name: "uri", path: "file:x.db", want: "need a file path"},
		{name: "unknown synchronous", path: filepath.Join(dir, "a.db"), opts: Options{Synchronous: "OFF"}, want: `synchronous "OFF"`},
		{name: "negative busy timeout", path: filepath.Join(dir, "b.db"), opts: Options{BusyTimeout: -1}, want: "busy timeout"},
		{name: "negative readers", path: filepath.Join(dir, "c.db"), opts: Options{Readers: -1}, want: "readers"},
		{name: "missing directory", path: filepath.Join(dir, "no", "such", "dir", "d.db"), want: "open store"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := OpenWith(ctx, tc.path, tc.opts)
			if err == nil {
				s.Close()
				t.Fatal("opened")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %q does not mention %q", err, tc.want)
			}
		})
	}
}

func TestOpenPathWithURISyntax(t *testing.T) {
	// A directory name holding URI syntax must reach SQLite as a path.
	dir := filepath.Join(t.TempDir(), "odd?name#x%41")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "relay.db")
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("database not created at %s: %v", path, err)
	}
}

func TestEmbeddedMigrationsAreWellFormed(t *testing.T) {
	if embeddedErr != nil {
		t.Fatal(embeddedErr)
	}
	if SchemaVersion() < 1 {
		t.Fatalf("schema version %d", SchemaVersion())
	}
}

func TestLoadMigrationsRefusesMalformedSets(t *testing.T) {
	file := func(body string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(body)} }
	for _, tc := range []struct {
		name  string
		files fstest.MapFS
		want  string
	}{
		{name: "gap", files: fstest.MapFS{"migrations/0001_a.sql": file("SELECT 1"), "migrations/0003_c.sql": file("SELECT 1")}, want: "want 2"},
		{name: "starts at 2", files: fstest.MapFS{"migrations/0002_b.sql": file("SELECT 1")}, want: "want 1"},
		{name: "bad name", files: fstest.MapFS{"migrations/0001-init.sql": file("SELECT 1")}, want: "NNNN_lower_snake_name.sql"},
		{name: "upper case", files: fstest.MapFS{"migrations/0001_Init.sql": file("SELECT 1")}, want: "NNNN_lower_snake_name.sql"},
		{name: "empty", files: fstest.MapFS{"migrations/.keep": file("")}, want: "NNNN_lower_snake_name.sql"},
		{name: "no directory", files: fstest.MapFS{}, want: "read embedded migrations"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := loadMigrations(tc.files)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one mentioning %q", err, tc.want)
			}
		})
	}
	ms, err := loadMigrations(fstest.MapFS{"migrations/0001_a.sql": file("SELECT 1"), "migrations/0002_b_c.sql": file("SELECT 2")})
	if err != nil || len(ms) != 2 || ms[1].version != 2 || ms[1].name != "b_c" || ms[1].sql != "SELECT 2" {
		t.Fatalf("well-formed set: %+v, %v", ms, err)
	}
}
