package server

import (
	"github.com/prometheus/client_golang/prometheus"
)

// metrics are the network side's own series; the outbox, the registry
// cache and the store register theirs next to them on the same registry.
type metrics struct {
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "powershare_relay",
			Name:      "requests_total",
			Help:      "Inbound Beckn messages by action and outcome (ack, nack, unauthorized, replay, too_large, error).",
		}, []string{"action", "outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: "powershare_relay",
			Name:      "request_duration_seconds",
			Help:      "Time from reading an inbound Beckn message to writing its ACK or NACK.",
			Buckets:   []float64{0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5},
		}, []string{"action"}),
	}
	reg.MustRegister(m.requests, m.latency)
	return m
}
