package outbox_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/powershare/powershare/relay/outbox"
)

func TestHTTPStatusClassification(t *testing.T) {
	for _, tc := range []struct {
		status        int
		wantNil       bool
		wantPermanent bool
	}{
		{status: 200, wantNil: true},
		{status: 202, wantNil: true},
		{status: 400, wantPermanent: true},
		{status: 401},
		{status: 403, wantPermanent: true},
		{status: 404, wantPermanent: true},
		{status: 408},
		{status: 409, wantPermanent: true},
		{status: 413, wantPermanent: true},
		{status: 429},
		{status: 500},
		{status: 502},
		{status: 503},
		{status: 302},
	} {
		t.Run(fmt.Sprint(tc.status), func(t *testing.T) {
			err := outbox.HTTPStatus(tc.status, 0, "")
			if (err == nil) != tc.wantNil {
				t.Fatalf("HTTPStatus(%d) = %v", tc.status, err)
			}
			if err == nil {
				return
			}
			if outbox.IsPermanent(err) != tc.wantPermanent {
				t.Fatalf("HTTPStatus(%d) permanent = %v, want %v", tc.status, outbox.IsPermanent(err), tc.wantPermanent)
			}
			var e *outbox.Error
			if !errors.As(err, &e) || e.StatusCode != tc.status {
				t.Fatalf("HTTPStatus(%d) = %#v", tc.status, err)
			}
		})
	}
}

func TestErrorWrapping(t *testing.T) {
	nack := errors.New(`NACK 30004: item not found`)
	wrapped := fmt.Errorf("deliver on_select: %w", outbox.Permanent(nack))
	if !outbox.IsPermanent(wrapped) || !errors.Is(wrapped, nack) {
		t.Fatalf("a wrapped permanent error lost its kind or cause: %v", wrapped)
	}
	for _, err := range []error{errors.New("connection refused"), context.DeadlineExceeded, nil} {
		if outbox.IsPermanent(err) {
			t.Fatalf("%v classified permanent", err)
		}
	}
	if got := outbox.HTTPStatus(400, 0, "NACK 10001: context.bap_id").Error(); got != "permanent delivery failure, HTTP 400: NACK 10001: context.bap_id" {
		t.Fatalf("message %q", got)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2025, 6, 15, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		value string
		want  time.Duration
	}{
		{value: "", want: 0},
		{value: "120", want: 2 * time.Minute},
		{value: " 5 ", want: 5 * time.Second},
		{value: "0", want: 0},
		{value: "-3", want: 0},
		{value: "99999999999", want: 24 * time.Hour},
		{value: "Sun, 15 Jun 2025 10:01:30 GMT", want: 90 * time.Second},
		{value: "Sun, 15 Jun 2025 09:59:00 GMT", want: 0},
		{value: "soon", want: 0},
	} {
		if got := outbox.ParseRetryAfter(tc.value, now); got != tc.want {
			t.Errorf("ParseRetryAfter(%q) = %s, want %s", tc.value, got, tc.want)
		}
	}
}
