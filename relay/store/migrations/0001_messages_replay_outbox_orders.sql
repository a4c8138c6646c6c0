-- Schema version 1 of the relay store. Times are INTEGER nanoseconds since
-- the Unix epoch, UTC (0 where a time is absent), so ordering and range
-- predicates are plain integer comparisons that the indexes serve.

-- Every Beckn message the relay received (direction 'in') or sent ('out'),
-- with the exact body bytes: the BAP's client API and the tests read the log
-- back per transaction. No uniqueness on (sender_id, message_id): the replay
-- table decides what may be stored, and an id whose ttl has ended may come
-- again.
CREATE TABLE messages (
    id             INTEGER PRIMARY KEY,
    direction      TEXT    NOT NULL CHECK (direction IN ('in', 'out')),
    dialect        INTEGER NOT NULL,
    action         TEXT    NOT NULL,
    transaction_id TEXT    NOT NULL,
    message_id     TEXT    NOT NULL,
    sender_id      TEXT    NOT NULL,
    receiver_id    TEXT    NOT NULL,
    peer           TEXT    NOT NULL,
    body           BLOB    NOT NULL,
    at             INTEGER NOT NULL
);
CREATE INDEX messages_by_transaction ON messages (transaction_id, id);

-- Replay protection: one row per (sender, message id) seen, valid until the
-- end of the message's ttl. A row whose expires_at has passed no longer
-- refuses anything and is deleted by PruneReplay.
CREATE TABLE replay (
    sender_id  TEXT    NOT NULL,
    message_id TEXT    NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (sender_id, message_id)
) WITHOUT ROWID;
CREATE INDEX replay_by_expiry ON replay (expires_at);

-- Outbound deliveries (callbacks, forwarded requests). AUTOINCREMENT so that
-- an id is never reused after pruning: a late MarkDelivered from a worker
-- holding an old id can never land on a newer item. A claimed item stays
-- 'pending' with next_attempt_at moved to the end of its lease, so a worker
-- that dies mid-delivery leaves an item that falls due again by itself.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    target_url      TEXT    NOT NULL,
    action          TEXT    NOT NULL,
    body            BLOB    NOT NULL,
    as_gateway      INTEGER NOT NULL CHECK (as_gateway IN (0, 1)),
    pass_headers    TEXT    NOT NULL CHECK (json_valid(pass_headers)),
    transaction_id  TEXT    NOT NULL,
    message_id      TEXT    NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
    attempts        INTEGER NOT NULL CHECK (attempts >= 0),
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    done_at         INTEGER NOT NULL
);
-- The claim query and the depth gauge only ever look at pending items.
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE status = 'pending';
-- Retention deletes delivered items by completion time.
CREATE INDEX outbox_done ON outbox (done_at) WHERE status = 'delivered';

-- Order state of the default BPP provider: the order's latest Beckn object as
-- JSON and its state name. An order's transaction and BAP never change once
-- written. A rowid table, not WITHOUT ROWID: bodies run to kilobytes.
CREATE TABLE orders (
    id             TEXT    PRIMARY KEY,
    transaction_id TEXT    NOT NULL,
    bap_id         TEXT    NOT NULL,
    dialect        INTEGER NOT NULL,
    state          TEXT    NOT NULL,
    body           TEXT    NOT NULL CHECK (json_valid(body)),
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX orders_by_transaction ON orders (transaction_id, created_at);
