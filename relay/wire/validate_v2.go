package wire

// The message shapes of Beckn 2.0.0 LTS (api/v2.0.0/beckn.yaml), checked
// as far as the relay relies on them: the required members of each
// action's schema and the ids that tie a message to a contract.
var shapesV2 = map[string]func(c *checker, msg *value){
	"discover": discoverV2,
	"select":   needContract,
	"init":     needContract,
	"confirm":  needContract,
	"status":   needContractID,
	"track":    trackV2,
	"update":   needContract,
	"cancel":   needContractID,
	"rate":     rateV2,
	"support":  needSupport,

	"on_discover": onDiscoverV2,
	"on_select":   needContract,
	"on_init":     needContract,
	"on_confirm":  needContract,
	"on_status":   needContract,
	"on_track":    onTrackV2,
	"on_update":   needContract,
	"on_cancel":   needContract,
	"on_rate":     onRateV2,
	"on_support":  needSupport,
}

// discoverV2: DiscoverAction requires the intent.
func discoverV2(c *checker, msg *value) { c.object(msg, msgPath, true, "intent") }

// contract is message.contract, with a hint for the v1 shape, which
// pre-LTS drafts of 2.0 also used.
func contract(c *checker, msg *value) (*value, string) {
	if c.err == nil {
		if o, _ := c.get(msg, msgPath, "order"); o != nil {
			if k, _ := c.get(msg, msgPath, "contract"); k == nil {
				c.failf(join(msgPath, "order"), "Beckn 2.0.0 carries message.contract (message.order is Beckn 1.x and pre-LTS drafts of 2.0)")
				return nil, ""
			}
		}
	}
	return c.object(msg, msgPath, true, "contract")
}

// needContract: a Contract requires its commitments, and each Commitment
// its resources (each with an id) and the offer (with an id) it takes.
func needContract(c *checker, msg *value) {
	k, path := contract(c, msg)
	if k == nil {
		return
	}
	arr, arrPath := c.array(k, path, true, true, "commitments")
	c.eachObject(arr, arrPath, func(cm *value, cmPath string) {
		res, resPath := c.array(cm, cmPath, true, true, "resources")
		c.eachObject(res, resPath, func(r *value, rPath string) {
			c.token(r, rPath, true, single("id"))
		})
		if offer, offerPath := c.object(cm, cmPath, true, "offer"); offer != nil {
			c.token(offer, offerPath, true, single("id"))
		}
	})
}

// needContractID: status and cancel name the contract by its id.
func needContractID(c *checker, msg *value) {
	if k, path := contract(c, msg); k != nil {
		c.token(k, path, true, single("id"))
	}
}

// trackV2: the tracking request names its contract.
func trackV2(c *checker, msg *value) {
	tr, path := c.object(msg, msgPath, true, "tracking")
	if k, kPath := c.object(tr, path, true, "contract"); k != nil {
		c.token(k, kPath, true, single("id"))
	}
}

// onTrackV2: Tracking requires the handle's url and its status.
func onTrackV2(c *checker, msg *value) {
	tr, path := c.object(msg, msgPath, true, "tracking")
	if tr == nil {
		return
	}
	if u, uPath := c.str(tr, path, true, "url"); c.err == nil {
		if err := checkAbsoluteURI(u); err != nil {
			c.failf(uPath, "%q %s", u, err.Error())
		}
	}
	if s, sPath := c.str(tr, path, true, "status"); c.err == nil && s != "ACTIVE" && s != "INACTIVE" {
		c.failf(sPath, "is %q: ACTIVE or INACTIVE", s)
	}
}

// rateV2: RateAction requires ratingInputs, each RatingInput its target and
// range.
func rateV2(c *checker, msg *value) {
	arr, path := c.array(msg, msgPath, true, true, "ratingInputs")
	c.eachObject(arr, path, func(ri *value, riPath string) {
		c.object(ri, riPath, true, "target")
		c.object(ri, riPath, true, "range")
	})
}

func onRateV2(c *checker, msg *value) {
	arr, path := c.array(msg, msgPath, true, false, "ratings")
	c.eachObject(arr, path, nil)
}

func needSupport(c *checker, msg *value) { c.object(msg, msgPath, true, "support") }

// onDiscoverV2: the catalogs found, possibly none.
func onDiscoverV2(c *checker, msg *value) {
	arr, path := c.array(msg, msgPath, true, false, "catalogs")
	c.eachObject(arr, path, nil)
}
