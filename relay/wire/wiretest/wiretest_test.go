package wiretest_test

import (
	"testing"

	"github.com/powershare/powershare/relay/wire"
	"github.com/powershare/powershare/relay/wire/wiretest"
)

func TestEverySampleParses(t *testing.T) {
	for _, d := range []wire.Dialect{wire.V1, wire.V2} {
		for _, a := range wiretest.Actions(d) {
			req, err := wire.Parse(a, wiretest.Message(d, a))
			if err != nil {
				t.Errorf("%v %s: %v", d, a, err)
				continue
			}
			if req.Context.Dialect != d || req.Context.Action != a {
				t.Errorf("%v %s: parsed as %v %s", d, a, req.Context.Dialect, req.Context.Action)
			}
		}
	}
}
