package wire

// The message shapes of Beckn core 1.1.1 (api/transaction), checked as far
// as the relay relies on them: what the schema requires of each action's
// message, and the type of what it names. Everything else in a message is
// the application's to judge.
var shapesV1 = map[string]func(c *checker, msg *value){
	"search":  searchV1,
	"select":  needOrder,
	"init":    needOrder,
	"confirm": needOrder,
	"status":  needOrderID,
	"track":   trackV1,
	"cancel":  cancelV1,
	"update":  updateV1,
	"rating":  ratingV1,
	"support": optionalSupport,

	"on_search":  onSearchV1,
	"on_select":  optionalOrder,
	"on_init":    needOrder,
	"on_confirm": needOrder,
	"on_status":  needOrder,
	"on_track":   onTrackV1,
	"on_cancel":  needOrder,
	"on_update":  needOrder,
	"on_rating":  onRatingV1,
	"on_support": optionalSupport,
}

const msgPath = "message"

// searchV1: the intent is optional (a search may be for everything).
func searchV1(c *checker, msg *value) { c.object(msg, msgPath, false, "intent") }

func needOrder(c *checker, msg *value)     { c.object(msg, msgPath, true, "order") }
func optionalOrder(c *checker, msg *value) { c.object(msg, msgPath, false, "order") }

// needOrderID: status, track and cancel name the order by message.order_id.
func needOrderID(c *checker, msg *value) { c.token(msg, msgPath, true, single("order_id")) }

func trackV1(c *checker, msg *value) {
	needOrderID(c, msg)
	if s, path := c.str(msg, msgPath, false, "callback_url"); c.err == nil && s != "" {
		if err := checkAbsoluteURI(s); err != nil {
			c.failf(path, "%q %s", s, err.Error())
		}
	}
}

func cancelV1(c *checker, msg *value) {
	needOrderID(c, msg)
	c.str(msg, msgPath, false, "cancellation_reason_id")
	c.object(msg, msgPath, false, "descriptor")
}

// updateV1: update_target names the parts of the order that change
// ("item,billing,fulfillment"); the order carries them.
func updateV1(c *checker, msg *value) {
	c.str(msg, msgPath, true, "update_target")
	c.object(msg, msgPath, true, "order")
}

// ratingV1: the schema leaves ratings optional, but a rating message
// without any rates nothing; at least one is required.
func ratingV1(c *checker, msg *value) {
	arr, path := c.array(msg, msgPath, true, true, "ratings")
	c.eachObject(arr, path, nil)
}

func optionalSupport(c *checker, msg *value) { c.object(msg, msgPath, false, "support") }

func onSearchV1(c *checker, msg *value) { c.object(msg, msgPath, true, "catalog") }

func onTrackV1(c *checker, msg *value) { c.object(msg, msgPath, true, "tracking") }

func onRatingV1(c *checker, msg *value) { c.object(msg, msgPath, false, "feedback_form") }
