// Package server runs the relay. This file is a placeholder that the lead
// replaces with the server; it keeps the start command compiling meanwhile.
package server

import (
	"context"
	"errors"
	"log/slog"

	"github.com/powershare/powershare/relay/config"
)

// Run serves the relay described by cfg from its home until ctx ends.
func Run(ctx context.Context, cfg config.Config, home string, log *slog.Logger) error {
	return errors.New("relay server not wired")
}
