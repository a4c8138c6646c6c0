package wire_test

import (
	"strings"
	"testing"
	"time"

	"github.com/powershare/powershare/relay/wire"
)

func TestParseTTL(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
	}{
		{"PT30S", 30 * time.Second},
		{"PT0S", 0},
		{"PT1M30S", 90 * time.Second},
		{"PT2H", 2 * time.Hour},
		{"PT0.5S", 500 * time.Millisecond},
		{"PT1,25S", 1250 * time.Millisecond},
		{"PT0.000000001S", time.Nanosecond},
		{"P1D", 24 * time.Hour},
		{"P1W", 7 * 24 * time.Hour},
		{"P1DT2H3M4S", 26*time.Hour + 3*time.Minute + 4*time.Second},
		{"PT036S", 36 * time.Second},
	} {
		got, err := wire.ParseTTL(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseTTL(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
}

func TestParseTTLRefuses(t *testing.T) {
	for _, tc := range []struct{ in, says string }{
		{"", "starts with P"},
		{"30S", "starts with P"},
		{"30s", "starts with P"},
		{"P", "at least one component"},
		{"PT", "at least one component"},
		{"P1Y", "years and months"},
		{"P2M", "years and months"},
		{"PT30", "number followed by its unit"},
		{"PTS", "number followed by its unit"},
		{"P1H", "unknown unit"},
		{"PT1D", "unknown unit"},
		{"PT30s", "unknown unit"},
		{"PT1S1M", "in the order"},
		{"PT1S2S", "in the order"},
		{"P1DT", "followed by hours"},
		{"PTT1S", "T appears twice"},
		{"PT1.5M", "only seconds"},
		{"PT.5S", "invalid number"},
		{"PT1.S", "invalid number"},
		{"PT1.2.3S", "invalid number"},
		{"PT0.0000000001S", "9 fraction digits"},
		{"-PT30S", "starts with P"},
		{"PT+30S", "number followed by its unit"},
		{"P" + strings.Repeat("9", 30) + "D", "too long"},
		{"P106752D", "too long"},
		{"P106751DT23H47M16.854775808S", "too long"},
		{"P106751DT23H48M", "too long"},
	} {
		if _, err := wire.ParseTTL(tc.in); err == nil || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("ParseTTL(%q) = %v, want an error saying %q", tc.in, err, tc.says)
		}
	}
}

func TestFormatTTLRoundTrips(t *testing.T) {
	for _, d := range []time.Duration{
		0, time.Nanosecond, 500 * time.Millisecond, 30 * time.Second, 90 * time.Second,
		time.Hour, 26*time.Hour + 3*time.Minute + 4*time.Second + 120*time.Microsecond, 1<<63 - 1,
	} {
		s := wire.FormatTTL(d)
		back, err := wire.ParseTTL(s)
		if err != nil || back != d {
			t.Errorf("FormatTTL(%v) = %q, read back as %v, %v", d, s, back, err)
		}
	}
	for d, want := range map[time.Duration]string{
		30 * time.Second: "PT30S", 90 * time.Minute: "PT1H30M", 250 * time.Millisecond: "PT0.25S", -time.Second: "PT0S",
	} {
		if got := wire.FormatTTL(d); got != want {
			t.Errorf("FormatTTL(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestFormatTimestamp(t *testing.T) {
	ist := time.FixedZone("IST", 5*3600+1800)
	for _, tc := range []struct {
		in   time.Time
		want string
	}{
		{time.Date(2026, 5, 4, 14, 30, 0, 0, ist), "2026-05-04T09:00:00.000Z"},
		{time.Date(2026, 5, 4, 9, 0, 0, 127_000_000, time.UTC), "2026-05-04T09:00:00.127Z"},
		{time.Date(2026, 5, 4, 9, 0, 0, 127_000_001, time.UTC), "2026-05-04T09:00:00.127000001Z"},
	} {
		if got := wire.FormatTimestamp(tc.in); got != tc.want {
			t.Errorf("FormatTimestamp(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
