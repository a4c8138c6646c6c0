package outbox

import (
	"testing"
	"time"
)

func TestBackoff(t *testing.T) {
	low := func(int64) int64 { return 0 }
	high := func(n int64) int64 { return n - 1 }
	const base, maxWait = time.Second, time.Minute
	for _, tc := range []struct {
		name       string
		attempt    int
		retryAfter time.Duration
		rand       func(int64) int64
		want       time.Duration
	}{
		{name: "first, low jitter", attempt: 1, rand: low, want: 500 * time.Millisecond},
		{name: "first, high jitter", attempt: 1, rand: high, want: time.Second},
		{name: "third doubles twice", attempt: 3, rand: high, want: 4 * time.Second},
		{name: "third, low jitter", attempt: 3, rand: low, want: 2 * time.Second},
		{name: "capped", attempt: 7, rand: high, want: time.Minute},
		{name: "capped, low jitter", attempt: 30, rand: low, want: 30 * time.Second},
		{name: "huge attempt count does not overflow", attempt: 1 << 30, rand: high, want: time.Minute},
		{name: "retry-after longer than the backoff", attempt: 1, retryAfter: 10 * time.Second, rand: high, want: 10 * time.Second},
		{name: "retry-after shorter than the backoff", attempt: 3, retryAfter: time.Second, rand: high, want: 4 * time.Second},
		{name: "retry-after capped", attempt: 1, retryAfter: time.Hour, rand: high, want: time.Minute},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := backoff(tc.attempt, base, maxWait, tc.retryAfter, tc.rand); got != tc.want {
				t.Fatalf("backoff = %s, want %s", got, tc.want)
			}
		})
	}
	// Whatever the jitter, a wait stays within [step/2, step].
	for attempt := 1; attempt <= 12; attempt++ {
		for range 200 {
			step := min(base<<(attempt-1), maxWait)
			got := backoff(attempt, base, maxWait, 0, randInt64N)
			if got < step/2 || got > step {
				t.Fatalf("attempt %d: wait %s outside [%s, %s]", attempt, got, step/2, step)
			}
		}
	}
}
