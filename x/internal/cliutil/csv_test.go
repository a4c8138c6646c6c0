package cliutil_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/powershare/powershare/x/internal/cliutil"
)

type pair struct{ id, wh uint64 }

func parsePair(row []string) (pair, error) {
	id, err := strconv.ParseUint(strings.TrimSpace(row[0]), 10, 64)
	if err != nil {
		return pair{}, err
	}
	wh, err := strconv.ParseUint(strings.TrimSpace(row[1]), 10, 64)
	return pair{id, wh}, err
}

func TestReadCSV(t *testing.T) {
	cols := []string{"trade_id", "delivered_wh"}
	cases := []struct {
		name, in string
		want     []pair
		err      string
	}{
		{name: "header skipped", in: "trade_id,delivered_wh\n1,2500\n2, 3000\n", want: []pair{{1, 2500}, {2, 3000}}},
		{name: "no header", in: "7,1\n", want: []pair{{7, 1}}},
		{name: "wrong field count", in: "1,2,3\n", err: "line 1: want trade_id,delivered_wh, got 3 fields"},
		{name: "bad value names the line", in: "trade_id,delivered_wh\n1,x\n", err: "line 2:"},
		{name: "empty", in: "trade_id,delivered_wh\n", err: "no rows"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := cliutil.ReadCSV(strings.NewReader(tc.in), cols, parsePair)
			if tc.err != "" {
				require.ErrorContains(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
		})
	}
}
