package store_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"

	"github.com/powershare/powershare/relay/store"
)

// raw opens the file behind the store's back, as an operator's shell would.
func raw(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func migrationsRecorded(t *testing.T, path string) []string {
	t.Helper()
	rows, err := raw(t, path).Query(`SELECT version || ':' || name FROM schema_migrations ORDER BY version`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

func TestMigrationsAreAppliedOnceAndReopenIsIdempotent(t *testing.T) {
	ctx := context.Background()
	s, path := openTemp(t)
	if err := s.AcceptInbound(ctx, inbound("bap.example", "m1"), t0.Add(30e9), []store.OutboxItem{callback("m1")}); err != nil {
		t.Fatal(err)
	}
	first := migrationsRecorded(t, path)
	if len(first) != store.SchemaVersion() {
		t.Fatalf("recorded %v, want %d migrations", first, store.SchemaVersion())
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	for range 3 {
		s2, err := store.Open(ctx, path)
		if err != nil {
			t.Fatalf("reopen: %v", err)
		}
		n, c := counts(t, s2)
		if n != 1 || c.Pending != 1 {
			t.Fatalf("after reopen: %d messages, %+v", n, c)
		}
		if err := s2.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if again := migrationsRecorded(t, path); strings.Join(again, ",") != strings.Join(first, ",") {
		t.Fatalf("migrations recorded %v after reopening, first %v", again, first)
	}
}

func TestOpenRefusesSchemaNewerThanBinary(t *testing.T) {
	ctx := context.Background()
	s, path := openTemp(t)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	future := store.SchemaVersion() + 1
	if _, err := raw(t, path).Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'from_the_future', 1)`, future); err != nil {
		t.Fatal(err)
	}

	_, err := store.Open(ctx, path)
	if !errors.Is(err, store.ErrSchemaTooNew) {
		t.Fatalf("open: %v, want ErrSchemaTooNew", err)
	}
	if !strings.Contains(err.Error(), "from_the_future") {
		t.Fatalf("error %q does not name the newer migration", err)
	}
	// Refusing changed nothing: the future row is still the newest.
	got := migrationsRecorded(t, path)
	if len(got) != future || !strings.HasSuffix(got[len(got)-1], ":from_the_future") {
		t.Fatalf("schema_migrations now %v", got)
	}
}

func TestOpenRefusesSchemaFromAnotherBuild(t *testing.T) {
	ctx := context.Background()
	s, path := openTemp(t)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := raw(t, path).Exec(`UPDATE schema_migrations SET name = 'something_else' WHERE version = 1`); err != nil {
		t.Fatal(err)
	}
	_, err := store.Open(ctx, path)
	if err == nil || !strings.Contains(err.Error(), "different build") {
		t.Fatalf("open: %v, want a refusal naming a different build", err)
	}
}
