-- What the till sent a control unit for each receipt and the control code it answered. The
-- record is stored before the first attempt (a restart resends the same record, the same
-- receipt number); the code and the unit's manufacturing number are written once.
CREATE TABLE control_registration (
    id              INTEGER PRIMARY KEY,
    entry_id        INTEGER NOT NULL REFERENCES journal_entry(id),
    print           TEXT NOT NULL CHECK (print IN ('original', 'copy')),
    receipt_type    TEXT NOT NULL CHECK (receipt_type IN ('normal', 'kopia', 'ovning', 'profo')),
    -- The record's fields as the unit gets them, `;`-separated (the journal export's copy).
    record          TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    control_code    TEXT,
    unit_id         TEXT,
    registered_at   TEXT,
    UNIQUE (entry_id, print),
    CHECK ((control_code IS NULL) = (unit_id IS NULL)),
    CHECK ((control_code IS NULL) = (registered_at IS NULL))
);

CREATE TRIGGER control_registration_once BEFORE UPDATE ON control_registration
WHEN OLD.control_code IS NOT NULL
    OR NEW.entry_id IS NOT OLD.entry_id
    OR NEW.print IS NOT OLD.print
    OR NEW.record IS NOT OLD.record
BEGIN
    SELECT RAISE(ABORT, 'a control registration is written once');
END;

CREATE TRIGGER control_registration_kept BEFORE DELETE ON control_registration
BEGIN
    SELECT RAISE(ABORT, 'control registrations are never deleted');
END;
