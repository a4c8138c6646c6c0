-- Schema version 2: an outbox item says what it is and for whom.
-- kind 'beckn' is a Beckn message, signed when it leaves; 'webhook' is a
-- copy of an accepted message for the operator's own application, unsigned.
-- receiver is the Beckn subscriber id the item is for ('' for a webhook):
-- the sender co-signs with ML-DSA-65 when the receiver has such a key.
ALTER TABLE outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'beckn' CHECK (kind IN ('beckn', 'webhook'));
ALTER TABLE outbox ADD COLUMN receiver TEXT NOT NULL DEFAULT '';
