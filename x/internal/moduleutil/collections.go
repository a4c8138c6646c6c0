// Package moduleutil holds the small helpers PowerShare's modules share:
// listing a collection's values, parsing canonical addresses, and the genesis
// handling and tx command every module wires the same way.
package moduleutil

import (
	"context"

	"cosmossdk.io/collections"
)

// Iterable is any collection whose values can be listed in key order.
type Iterable[K, V any] interface {
	Iterate(ctx context.Context, ranger collections.Ranger[K]) (collections.Iterator[K, V], error)
}

// Values lists every value of a collection in key order; genesis export
// uses it, where the whole state is wanted.
func Values[K, V any](ctx context.Context, c Iterable[K, V]) ([]V, error) {
	iter, err := c.Iterate(ctx, nil)
	if err != nil {
		return nil, err
	}
	return iter.Values()
}
