package config

// docs documents every key of the file, by its dotted path; Write puts each
// text above its key followed by the default, and a test checks that no key
// is left out. Sections are documented by their own key.
var docs = map[string]string{
	"subscriber": `The Beckn network participant this relay is: its entry in the chain's
registry (x/beckn), registered with 'powershare-relay subscribe'.`,
	"subscriber.id": `Subscriber id: lower-case domain-like labels joined by '.',
e.g. bpp.example.com. Other participants address this relay by it.`,
	"subscriber.type": `Registry type: BAP, BPP or BG. A subscriber id has exactly one type;
gateways find BPPs by it.`,
	"subscriber.url": `Subscriber url: the base of this relay's Beckn endpoints, e.g.
https://bpp.example.com/beckn (a BPP then answers POST /beckn/search). https,
or http on a loopback host for local networks. It is what others call: put
the public address of 'listen' here (behind a proxy, the proxy's).`,
	"subscriber.domain":  `Beckn domain served, e.g. deg:p2p-trading.`,
	"subscriber.country": `Optional ISO 3166-1 country code, e.g. IND; empty for none.`,
	"subscriber.city":    `Optional city code, e.g. std:080; empty for none.`,
	"roles": `Roles this process serves, under the subscriber id above: [BAP], [BPP],
[BG], or [BAP, BPP] for a platform that buys and sells (its type must then
be BPP, so that gateways find its catalog; a BAP is never looked up by
type, callbacks go to the bap_uri of each request). A gateway runs alone:
Beckn keeps it a neutral party that forwards everyone's searches. Empty
([]) means the subscriber's type only.`,
	"key_file": `Beckn key set (Ed25519 signing, X25519 encryption, ML-DSA-65), written
by init with mode 0600; relative paths are relative to the relay home.`,
	"listen": `HOST:PORT of the Beckn endpoints, /health and /metrics (with
metrics.listen empty). Port 0 picks a free port (tests).`,
	"client_listen": `HOST:PORT of the BAP's local client API (role BAP); keep it on
loopback. Empty turns it off.`,

	"chain": `The PowerShare chain: registry lookups, events and the relay's own
transactions (subscribe, anchors).`,
	"chain.grpc": `HOST:PORT of a node's gRPC server (app.toml [grpc]); queries and tx
broadcast.`,
	"chain.rpc":      `URL of a node's CometBFT RPC; its websocket carries registry events.`,
	"chain.chain_id": `Chain id; transactions are signed for it and refused if the node serves another chain.`,
	"chain.gas_prices": `Gas price offered per unit of gas, e.g. 0.001upwc: at least the node's
minimum-gas-prices (app.toml). Empty offers no fee.`,
	"chain.gas_adjustment": `Factor on the simulated gas of a tx (1 to 10); the signature's own
bytes are added on top.`,
	"chain.from": `Name of the keyring key that signs the relay's transactions (an account
with the RELAY role). Empty until needed; 'subscribe --from' overrides it.`,
	"chain.keyring_backend": `Keyring backend of that key: os, file, kwallet, pass, test or memory
(test keeps keys unencrypted: local networks only).`,
	"chain.keyring_dir": `Directory holding the keyring (the SDK's --keyring-dir); empty means the
relay home. For 'make localnet' it is the chain's home, .localnet.`,
	"chain.dial_timeout":      `How long to wait for the gRPC connection at start.`,
	"chain.request_timeout":   `Deadline of each gRPC query or broadcast.`,
	"chain.inclusion_timeout": `How long to wait for a broadcast tx to be included in a block.`,
	"chain.inclusion_poll":    `Interval between checks for a broadcast tx's inclusion.`,

	"store":      `The relay's SQLite database: messages, replay window and outbox.`,
	"store.path": `Database file; relative paths are relative to the relay home.`,

	"limits":                     `Limits of the HTTP server.`,
	"limits.max_body_bytes":      `Largest request body accepted, in bytes (1048576 = 1 MiB); larger ones are refused before they are read.`,
	"limits.max_header_bytes":    `Largest request header block accepted, in bytes.`,
	"limits.read_header_timeout": `Deadline for reading a request's headers.`,
	"limits.read_timeout":        `Deadline for reading a whole request.`,
	"limits.write_timeout":       `Deadline for writing a response.`,
	"limits.idle_timeout":        `How long an idle keep-alive connection stays open.`,
	"limits.shutdown_timeout": `On SIGINT or SIGTERM, how long in-flight requests and deliveries
may take before the process exits.`,

	"auth": `Signatures (BECKN-006) of what the relay sends and receives.`,
	"auth.skew": `Clock skew tolerated: a signature created up to this far in the future
is accepted.`,
	"auth.signature_ttl": `Validity of the signatures this relay makes (expires - created).`,
	"auth.require_pq": `Refuse a message from a participant that has an ML-DSA-65 key in the
registry but sent no ML-DSA-65 co-signature (no silent downgrade).`,
	"auth.registry_cache_ttl": `How long a registry key looked up on chain is cached (never beyond its
valid_until; dropped at once on a rotation, rejection or unsubscription
event).`,

	"outbox":              `Delivery of callbacks and forwarded requests, which survives restarts.`,
	"outbox.poll":         `Interval between looks for due deliveries (a new one is sent at once).`,
	"outbox.batch":        `Most deliveries claimed at a time.`,
	"outbox.lease":        `How long a claimed delivery is reserved; after a crash it is sent again.`,
	"outbox.max_attempts": `Attempts before a delivery is given up (dead) and reported.`,
	"outbox.base_backoff": `Wait before the first retry; doubled on each further one, with jitter.`,
	"outbox.max_backoff":  `Longest wait between retries.`,
	"outbox.timeout":      `Deadline of one delivery (HTTP POST to the receiver).`,

	"gateway": `Multicast of searches by a gateway (role BG).`,
	"gateway.id": `For a BAP: the gateway its searches without a bpp_id go to; empty means
the first subscribed gateway of the domain in the registry.`,
	"gateway.max_fan_out":    `Most BPPs one search is sent to.`,
	"gateway.target_timeout": `Deadline of the delivery to each BPP.`,

	"application": `The operator's own application behind the relay.`,
	"application.webhook": `URL that receives every accepted inbound message (the raw signed
body, POSTed unsigned from the outbox with retries): the BPP's backend
answers requests through the client API, the BAP's reads callbacks. Empty
turns it off; the client API's GET /client/transactions/<id> lists them too.`,
	"log":        `The process log (log/slog), on standard error.`,
	"log.level":  `debug, info, warn or error.`,
	"log.format": `json or text.`,

	"metrics":         `Prometheus metrics at /metrics.`,
	"metrics.enabled": `Serve /metrics.`,
	"metrics.listen":  `HOST:PORT of a separate metrics server; empty serves /metrics on 'listen'.`,
}
