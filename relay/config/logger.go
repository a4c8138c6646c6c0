package config

import (
	"io"
	"log/slog"
)

// NewLogger returns the process logger that l describes, writing to w. An
// unknown level or format (which Validate refuses) falls back to info and
// JSON.
func NewLogger(w io.Writer, l Log) *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(l.Level)); err != nil {
		level = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: level}
	if l.Format == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}
