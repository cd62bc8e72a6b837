-- Kassa schema, version 19: cashier accounts. A PIN is kept only as its Argon2id hash (PHC
-- string with its own salt); wrong tries in a row are counted for the back-off; every
-- log-in, log-out, new account, PIN reset and manager approval is an append-only event.
CREATE TABLE cashier (
    id                  INTEGER PRIMARY KEY,
    name                TEXT NOT NULL,
    role                TEXT NOT NULL CHECK (role IN ('cashier', 'manager')),
    pin_hash            TEXT NOT NULL,
    active              INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
CREATE UNIQUE INDEX cashier_name ON cashier(lower(name));

-- The till's wrong PINs in a row (one row at most), for the back-off.
CREATE TABLE pin_attempt (
    id                  INTEGER PRIMARY KEY CHECK (id = 1),
    failures            INTEGER NOT NULL,
    last_failure_at     TEXT NOT NULL
);

CREATE TABLE cashier_event (
    id                  INTEGER PRIMARY KEY,
    at                  TEXT NOT NULL,
    kind                TEXT NOT NULL
        CHECK (kind IN ('created', 'log_in', 'log_out', 'pin_reset', 'approval')),
    cashier_id          INTEGER NOT NULL REFERENCES cashier(id),
    approved_by         INTEGER REFERENCES cashier(id),
    detail              TEXT NOT NULL DEFAULT ''
);
CREATE TRIGGER cashier_event_no_update BEFORE UPDATE ON cashier_event
BEGIN SELECT RAISE(ABORT, 'the cashier log is append-only'); END;
CREATE TRIGGER cashier_event_no_delete BEFORE DELETE ON cashier_event
BEGIN SELECT RAISE(ABORT, 'the cashier log is append-only'); END;
