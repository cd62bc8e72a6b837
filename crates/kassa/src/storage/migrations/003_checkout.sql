-- Checkouts paid through Kronor: one row per till order, moved through its states by the
-- checkout engine, plus an append-only log of everything that happened to it.

CREATE TABLE checkout (
    id                  INTEGER PRIMARY KEY,
    -- The till's own order id (a UUID); a double-click on Charge hits this constraint.
    order_id            TEXT NOT NULL UNIQUE,
    register_id         TEXT NOT NULL,
    -- The order number shown to the cashier and sent as merchantReference.
    order_number        TEXT NOT NULL UNIQUE,
    state               TEXT NOT NULL,
    -- Why a checkout failed, in the cashier's words.
    failure             TEXT,
    -- Stored before the first network attempt.
    idempotency_key     TEXT NOT NULL UNIQUE,
    capture_key         TEXT NOT NULL UNIQUE,
    -- What was charged: the priced cart and the invoice customer, to resend the identical request.
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
    updated_at          TEXT NOT NULL
);

CREATE INDEX checkout_open ON checkout(state);

CREATE TABLE checkout_event (
    id          INTEGER PRIMARY KEY,
    checkout_id INTEGER NOT NULL REFERENCES checkout(id),
    at          TEXT NOT NULL,
    kind        TEXT NOT NULL,
    detail      TEXT NOT NULL
);

CREATE INDEX checkout_event_by_checkout ON checkout_event(checkout_id, id);

CREATE TRIGGER checkout_event_no_update BEFORE UPDATE ON checkout_event
BEGIN SELECT RAISE(ABORT, 'checkout events are append-only'); END;
CREATE TRIGGER checkout_event_no_delete BEFORE DELETE ON checkout_event
BEGIN SELECT RAISE(ABORT, 'checkout events are append-only'); END;
