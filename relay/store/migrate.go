package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strconv"
	"time"
)

// ErrSchemaTooNew is returned by Open for a database migrated by a newer
// relay: this binary would not know what the extra schema means, so it
// refuses to write to it. Run the newer relay, or restore a backup.
var ErrSchemaTooNew = errors.New("database schema is newer than this relay")

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one embedded schema step, applied once, in its own
// transaction, and recorded in schema_migrations.
type migration struct {
	version int
	name    string
	sql     string
}

var migrationName = regexp.MustCompile(`^(\d{4})_([a-z0-9_]+)\.sql$`)

// loadMigrations reads the embedded migrations, which must be named
// NNNN_name.sql and numbered 1, 2, 3, ... without gaps: adding a table in a
// later release is one new file with the next number.
func loadMigrations(files fs.FS) ([]migration, error) {
	entries, err := fs.ReadDir(files, "migrations")
	if err != nil {
		return nil, fmt.Errorf("read embedded migrations: %w", err)
	}
	var out []migration
	for _, e := range entries { // fs.ReadDir returns entries sorted by name
		m := migrationName.FindStringSubmatch(e.Name())
		if m == nil {
			return nil, fmt.Errorf("migration file %q: want NNNN_lower_snake_name.sql", e.Name())
		}
		version, err := strconv.Atoi(m[1])
		if err != nil {
			return nil, fmt.Errorf("migration file %q: %w", e.Name(), err)
		}
		if want := len(out) + 1; version != want {
			return nil, fmt.Errorf("migration file %q: version %d, want %d (versions run 1, 2, 3, ... without gaps)", e.Name(), version, want)
		}
		body, err := fs.ReadFile(files, "migrations/"+e.Name())
		if err != nil {
			return nil, fmt.Errorf("read migration %q: %w", e.Name(), err)
		}
		out = append(out, migration{version: version, name: m[2], sql: string(body)})
	}
	if len(out) == 0 {
		return nil, errors.New("no embedded migrations")
	}
	return out, nil
}

// embedded is the binary's migration set, checked once; a malformed set is
// a build mistake that Open reports (and the package tests catch).
var embedded, embeddedErr = loadMigrations(migrationFiles)

// SchemaVersion is the schema version this binary migrates databases to.
func SchemaVersion() int { return len(embedded) }

const createMigrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    applied_at INTEGER NOT NULL
)`

// migrate brings the database to the binary's schema. Each pending
// migration runs in its own BEGIN IMMEDIATE transaction together with its
// schema_migrations row, so a crash leaves either all of a step or none of
// it, and two processes opening the same file at once apply each step once.
func migrate(ctx context.Context, db *sql.DB) error {
	if embeddedErr != nil {
		return embeddedErr
	}
	for _, m := range embedded {
		if err := applyMigration(ctx, db, embedded, m); err != nil {
			return err
		}
	}
	return nil
}

func applyMigration(ctx context.Context, db *sql.DB, known []migration, m migration) (err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migration %d: begin: %w", m.version, err)
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, rollback(tx))
		}
	}()
	if _, err := tx.ExecContext(ctx, createMigrationsTable); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	// Checked inside the transaction: another process may have migrated
	// since this one looked.
	applied, err := appliedMigrations(ctx, tx)
	if err != nil {
		return err
	}
	newest := 0
	for v := range applied {
		newest = max(newest, v)
	}
	if newest > len(known) {
		return fmt.Errorf("%w: it is at version %d (%s), this relay knows versions up to %d", ErrSchemaTooNew, newest, applied[newest], len(known))
	}
	for _, k := range known {
		if name, ok := applied[k.version]; ok && name != k.name {
			return fmt.Errorf("schema version %d is recorded as %q, this relay calls it %q: the database comes from a different build", k.version, name, k.name)
		}
	}
	if _, done := applied[m.version]; done {
		return tx.Commit()
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return fmt.Errorf("migration %d (%s): %w", m.version, m.name, err)
	}
	if _, err := tx.ExecContext(ctx,
		`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
		m.version, m.name, time.Now().UnixNano()); err != nil {
		return fmt.Errorf("migration %d (%s): record: %w", m.version, m.name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migration %d (%s): commit: %w", m.version, m.name, err)
	}
	return nil
}

func appliedMigrations(ctx context.Context, tx *sql.Tx) (map[int]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT version, name FROM schema_migrations`)
	if err != nil {
		return nil, fmt.Errorf("read schema_migrations: %w", err)
	}
	defer rows.Close()
	applied := map[int]string{}
	for rows.Next() {
		var v int
		var name string
		if err := rows.Scan(&v, &name); err != nil {
			return nil, fmt.Errorf("read schema_migrations: %w", err)
		}
		if v < 1 {
			return nil, fmt.Errorf("schema_migrations holds version %d: versions start at 1", v)
		}
		applied[v] = name
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read schema_migrations: %w", err)
	}
	return applied, nil
}

func rollback(tx *sql.Tx) error {
	if err := tx.Rollback(); err != nil && !errors.Is(err, sql.ErrTxDone) {
		return fmt.Errorf("roll back: %w", err)
	}
	return nil
}
