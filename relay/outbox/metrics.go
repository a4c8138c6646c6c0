package outbox

import (
	"fmt"

	"github.com/prometheus/client_golang/prometheus"
)

// Outcomes of a delivery attempt, the values of the "outcome" label.
const (
	OutcomeDelivered   = "delivered"   // the receiver took it
	OutcomeRetry       = "retry"       // failed, scheduled again
	OutcomeDead        = "dead"        // failed for good (permanent, or out of attempts)
	OutcomeInterrupted = "interrupted" // cut short by shutdown, due again at once
)

// Metrics are the worker's Prometheus metrics.
type Metrics struct {
	Deliveries *prometheus.CounterVec   // attempts by outcome
	Latency    *prometheus.HistogramVec // attempt duration by outcome, seconds
	Depth      prometheus.Gauge         // items waiting (pending), refreshed each poll
	Dead       prometheus.Gauge         // items parked as dead, refreshed each poll
	Claims     prometheus.Counter       // claim queries made: shows an idle worker polling, not spinning
	Pruned     *prometheus.CounterVec   // rows deleted by housekeeping, by table
}

// NewMetrics creates the metrics and registers them on reg (never the
// global registry); a nil reg leaves them unregistered.
func NewMetrics(reg prometheus.Registerer) (*Metrics, error) {
	m := &Metrics{
		Deliveries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "powershare_relay", Subsystem: "outbox", Name: "deliveries_total",
			Help: "Outbox delivery attempts by outcome (delivered, retry, dead, interrupted).",
		}, []string{"outcome"}),
		Latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: "powershare_relay", Subsystem: "outbox", Name: "delivery_seconds",
			Help:    "Duration of outbox delivery attempts by outcome, in seconds.",
			Buckets: prometheus.ExponentialBuckets(0.001, 2, 15), // 1 ms .. 16 s
		}, []string{"outcome"}),
		Depth: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: "powershare_relay", Subsystem: "outbox", Name: "depth",
			Help: "Outbox items waiting for delivery.",
		}),
		Dead: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: "powershare_relay", Subsystem: "outbox", Name: "dead",
			Help: "Outbox items parked as undeliverable, kept for the operator.",
		}),
		Claims: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: "powershare_relay", Subsystem: "outbox", Name: "claims_total",
			Help: "Claim queries the outbox worker made.",
		}),
		Pruned: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "powershare_relay", Subsystem: "store", Name: "pruned_rows_total",
			Help: "Rows deleted by housekeeping, by table (replay, outbox).",
		}, []string{"table"}),
	}
	if reg == nil {
		return m, nil
	}
	for _, c := range []prometheus.Collector{m.Deliveries, m.Latency, m.Depth, m.Dead, m.Claims, m.Pruned} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("register outbox metrics: %w", err)
		}
	}
	return m, nil
}
