-- Kassa schema, version 17: cash. A cash sale is a checkout too (its receipt is registered
-- and signed as any other), with what the customer handed over; the checkout table is rebuilt
-- to let its tender be 'cash' (SQLite cannot change a CHECK in place).
CREATE TABLE checkout_new (
    id                  INTEGER PRIMARY KEY,
    order_id            TEXT NOT NULL UNIQUE,
    register_id         TEXT NOT NULL,
    order_number        TEXT NOT NULL UNIQUE,
    state               TEXT NOT NULL,
    failure             TEXT,
    idempotency_key     TEXT NOT NULL UNIQUE,
    capture_key         TEXT NOT NULL UNIQUE,
    totals_json         TEXT NOT NULL,
    customer_json       TEXT NOT NULL,
    customer_id         INTEGER,
    sale_date           TEXT NOT NULL,
    training            INTEGER NOT NULL,
    cashier             TEXT NOT NULL,
    kronor_order_id     TEXT,
    wait_token          TEXT,
    purchase_id         TEXT,
    capture_id          TEXT,
    cancel_requested    INTEGER NOT NULL DEFAULT 0,
    journal_entry_id    INTEGER REFERENCES journal_entry(id),
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    tender              TEXT NOT NULL DEFAULT 'invoice'
        CHECK (tender IN ('invoice', 'swish', 'cash')),
    payment_key         TEXT,
    swish_qr            TEXT,
    -- Cash: what the customer handed over, in öre.
    cash_tendered_ore   INTEGER CHECK (cash_tendered_ore IS NULL OR cash_tendered_ore >= 0),
    CHECK ((tender = 'cash') = (cash_tendered_ore IS NOT NULL))
);
INSERT INTO checkout_new (id, order_id, register_id, order_number, state, failure,
    idempotency_key, capture_key, totals_json, customer_json, customer_id, sale_date, training,
    cashier, kronor_order_id, wait_token, purchase_id, capture_id, cancel_requested,
    journal_entry_id, created_at, updated_at, tender, payment_key, swish_qr)
SELECT id, order_id, register_id, order_number, state, failure,
    idempotency_key, capture_key, totals_json, customer_json, customer_id, sale_date, training,
    cashier, kronor_order_id, wait_token, purchase_id, capture_id, cancel_requested,
    journal_entry_id, created_at, updated_at, tender, payment_key, swish_qr
FROM checkout;
DROP TABLE checkout;
ALTER TABLE checkout_new RENAME TO checkout;
CREATE INDEX checkout_open ON checkout(state);
CREATE UNIQUE INDEX checkout_payment_key ON checkout(payment_key);

-- The drawer's cash that is not a sale: the float, paid in and out with a reason, openings
-- without a sale, the count at the close. Append-only; the cash sales themselves are in the
-- journal.
CREATE TABLE cash_event (
    id          INTEGER PRIMARY KEY,
    register_id TEXT NOT NULL,
    training    INTEGER NOT NULL CHECK (training IN (0, 1)),
    sale_date   TEXT NOT NULL,
    at          TEXT NOT NULL,
    kind        TEXT NOT NULL
        CHECK (kind IN ('float', 'paid_in', 'paid_out', 'drawer_opened', 'counted')),
    amount_ore  INTEGER NOT NULL CHECK (amount_ore >= 0),
    reason      TEXT NOT NULL,
    -- A count: each denomination and how many, as JSON.
    count_json  TEXT,
    cashier     TEXT NOT NULL
);
CREATE INDEX cash_event_day ON cash_event(register_id, training, sale_date);
CREATE TRIGGER cash_event_no_update BEFORE UPDATE ON cash_event
BEGIN SELECT RAISE(ABORT, 'the cash log is append-only'); END;
CREATE TRIGGER cash_event_no_delete BEFORE DELETE ON cash_event
BEGIN SELECT RAISE(ABORT, 'the cash log is append-only'); END;

-- How the drawer opens: none, the receipt printer's drawer port, or a command.
ALTER TABLE till_settings ADD COLUMN drawer TEXT NOT NULL DEFAULT 'none'
    CHECK (drawer IN ('none', 'printer', 'command'));
ALTER TABLE till_settings ADD COLUMN drawer_command TEXT NOT NULL DEFAULT '';
