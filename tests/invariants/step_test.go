package invariants_test

import (
	"time"

	"github.com/cosmos/gogoproto/proto"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// expect is what a step's author knows of its outcome.
type expect int

const (
	// either: the outcome depends on state the model does not follow
	// (balances after matching, caps, rules other helpers are changing).
	either expect = iota
	// mustPass: the step is valid; a refusal is a bug.
	mustPass
	// mustFail: the step breaks a rule (wrong role, someone else's order,
	// a Community Token leaving its community); success is a bug.
	mustFail
)

// step is one thing the run does: a Msg (from signer, or from governance)
// or, when do is set, a block or an export and import.
type step struct {
	kind   string // for the tally, e.g. "market/place-buy"
	msg    sdk.Msg
	gov    bool // delivered as a passed proposal: no permission check
	expect expect
	why    string // what makes it pass or fail, for the failure message
	// onOK updates the model after the Msg succeeded: the ids it created
	// and, for the Msgs that mint or burn, the supply it changed.
	onOK func(w *world, res *sdk.Result)
	// do is a step that is not a Msg; it runs on each chain of the run
	// (two while the imported chain is checked against the original).
	do func(c *chain)
}

// generator makes a step of one kind, or nil when the model has nothing to
// make it from yet (no meter to attest, no order to cancel).
type generator struct {
	name   string
	weight int
	next   func(w *world) *step
}

// response decodes the i-th Msg response of a result.
func response[T proto.Message](res *sdk.Result, into T) T {
	if len(res.MsgResponses) == 0 {
		return into
	}
	if v, ok := res.MsgResponses[0].GetCachedValue().(T); ok {
		return v
	}
	if err := proto.Unmarshal(res.MsgResponses[0].Value, into); err != nil {
		panic(err)
	}
	return into
}

// blockSteps let time pass: mostly seconds, sometimes a slot or a gate
// closure, rarely a day (past settlement deadlines, key validity, epochs).
func blockSteps() []generator {
	advance := func(kind string, d func(w *world) time.Duration) func(w *world) *step {
		return func(w *world) *step {
			by := d(w)
			return &step{kind: kind, do: func(c *chain) { c.endBlock(by) }}
		}
	}
	return []generator{
		{"block/seconds", 12, advance("block/seconds", func(w *world) time.Duration {
			return time.Duration(1+w.rng.Intn(30)) * time.Second
		})},
		{"block/minutes", 4, advance("block/minutes", func(w *world) time.Duration {
			return time.Duration(3+w.rng.Intn(20)) * time.Minute
		})},
		{"block/hours", 1, advance("block/hours", func(w *world) time.Duration {
			return time.Duration(1+w.rng.Intn(30)) * time.Hour
		})},
	}
}
