-- Kassa schema, version 18: a sale paid in parts. The sale (its lines and totals fixed
-- when the first part was taken) is a split_sale; each part is a checkout of its own, with
-- its own order and keys, that pays part_amount_ore of it. The sale is registered once, when
-- its parts cover it, and its journal entry lists each payment (journal_payment, in the
-- entry's chain). A sale paid with one tender has no journal_payment rows: its
-- journal_entry.payment_method paid the whole of it.
CREATE TABLE split_sale (
    order_id            TEXT PRIMARY KEY,
    register_id         TEXT NOT NULL,
    training            INTEGER NOT NULL CHECK (training IN (0, 1)),
    cashier             TEXT NOT NULL,
    totals_json         TEXT NOT NULL,
    state               TEXT NOT NULL CHECK (state IN ('open', 'registered', 'cancelled')),
    journal_entry_id    INTEGER REFERENCES journal_entry(id),
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
CREATE INDEX split_sale_open ON split_sale(state) WHERE state = 'open';

ALTER TABLE checkout ADD COLUMN split_order_id TEXT REFERENCES split_sale(order_id);
ALTER TABLE checkout ADD COLUMN part_amount_ore INTEGER;
-- A paid Swish part of a cancelled split is refunded through Kronor with this key, stored
-- before the refund is sent.
ALTER TABLE checkout ADD COLUMN refund_key TEXT;
ALTER TABLE checkout ADD COLUMN refund_id TEXT;
CREATE INDEX checkout_split ON checkout(split_order_id) WHERE split_order_id IS NOT NULL;
CREATE UNIQUE INDEX checkout_refund_key ON checkout(refund_key) WHERE refund_key IS NOT NULL;

CREATE TABLE journal_payment (
    entry_id            INTEGER NOT NULL REFERENCES journal_entry(id),
    position            INTEGER NOT NULL,
    method              TEXT NOT NULL,
    amount_ore          INTEGER NOT NULL,
    reference           TEXT,
    tendered_ore        INTEGER,
    PRIMARY KEY (entry_id, position)
);
CREATE TRIGGER journal_payment_no_update BEFORE UPDATE ON journal_payment
BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TRIGGER journal_payment_no_delete BEFORE DELETE ON journal_payment
BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TRIGGER journal_payment_no_replace BEFORE INSERT ON journal_payment
WHEN EXISTS (SELECT 1 FROM journal_payment WHERE entry_id = new.entry_id
             AND position = new.position)
BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
