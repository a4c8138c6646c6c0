package types

// nextStates are the transitions an anchored order may make. COMPLETED,
// CANCELLED and CURTAILED are final.
var nextStates = map[OrderState][]OrderState{
	OrderState_CONFIRMED: {OrderState_ACTIVE, OrderState_CANCELLED, OrderState_CURTAILED},
	OrderState_ACTIVE:    {OrderState_COMPLETED, OrderState_CANCELLED, OrderState_CURTAILED},
}

// CheckTransition returns an error naming the allowed states unless an
// order in state from may move to state to.
func CheckTransition(from, to OrderState) error {
	allowed := nextStates[from]
	for _, s := range allowed {
		if s == to {
			return nil
		}
	}
	if len(allowed) == 0 {
		return ErrIllegalTransition.Wrapf("%s -> %s: %s is final", from, to, from)
	}
	return ErrIllegalTransition.Wrapf("%s -> %s: from %s only %v", from, to, from, allowed)
}

// IsFinal says an order in this state changes no more (COMPLETED,
// CANCELLED, CURTAILED).
func (s OrderState) IsFinal() bool {
	return s != OrderState_ORDER_STATE_UNSPECIFIED && len(nextStates[s]) == 0
}
