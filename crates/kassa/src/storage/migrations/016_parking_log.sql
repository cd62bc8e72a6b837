-- Kassa schema, version 16: every parking and every recall of a parked sale, kept. A parked
-- sale itself is taken away when it is recalled (`parked_sale`); this log is what the journal
-- export shows of it (`ParkeraRegistreradArtikel`, `OppnaParkering`). Append-only.
CREATE TABLE parking_event (
    id          INTEGER PRIMARY KEY,
    parked_id   INTEGER NOT NULL,
    event       TEXT NOT NULL CHECK (event IN ('parked', 'recalled')),
    at          TEXT NOT NULL,
    -- The cart as it was parked; empty for a recall.
    cart_json   TEXT NOT NULL
);
CREATE TRIGGER parking_event_no_update BEFORE UPDATE ON parking_event
BEGIN SELECT RAISE(ABORT, 'the parking log is append-only'); END;
CREATE TRIGGER parking_event_no_delete BEFORE DELETE ON parking_event
BEGIN SELECT RAISE(ABORT, 'the parking log is append-only'); END;
