package moduleutil

import (
	"errors"

	"cosmossdk.io/collections"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// ErrEmptyRequest is every query server's answer to a nil request.
var ErrEmptyRequest = status.Error(codes.InvalidArgument, "empty request")

// NotFound maps a lookup failure to codes.NotFound when it is
// collections.ErrNotFound or one of the module's own "unknown X" errors,
// and returns any other error unchanged.
func NotFound(err error, unknown ...error) error {
	if errors.Is(err, collections.ErrNotFound) {
		return status.Error(codes.NotFound, err.Error())
	}
	for _, u := range unknown {
		if errors.Is(err, u) {
			return status.Error(codes.NotFound, err.Error())
		}
	}
	return err
}
