// Package cliutil holds what the modules' hand-written CLI commands share.
package cliutil

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
)

// ReadCSV reads rows of exactly the given columns (e.g. "trade_id",
// "delivered_wh"), skipping a first line that repeats the header, and turns
// each into a T with parse. Errors name the line and what a row should hold;
// a file without rows is an error, as a command given nothing to do.
func ReadCSV[T any](r io.Reader, columns []string, parse func(row []string) (T, error)) ([]T, error) {
	reader := csv.NewReader(r)
	reader.FieldsPerRecord = -1 // counted below, with a clearer message
	reader.TrimLeadingSpace = true
	rows, err := reader.ReadAll()
	if err != nil {
		return nil, err
	}
	want := strings.Join(columns, ",")
	var out []T
	for i, row := range rows {
		if i == 0 && len(row) > 0 && strings.EqualFold(strings.TrimSpace(row[0]), columns[0]) {
			continue
		}
		if len(row) != len(columns) {
			return nil, fmt.Errorf("line %d: want %s, got %d fields", i+1, want, len(row))
		}
		v, err := parse(row)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", i+1, err)
		}
		out = append(out, v)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no rows: want lines of %s", want)
	}
	return out, nil
}
