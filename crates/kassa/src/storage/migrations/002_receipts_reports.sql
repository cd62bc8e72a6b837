-- Kassa schema, version 2: what receipts and day reports need beyond the journal.

-- The place of sale printed on every receipt and report. One row.
CREATE TABLE shop (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    name            TEXT NOT NULL,
    org_number      TEXT NOT NULL,
    address         TEXT NOT NULL,
    -- What happens after a sale: 'print', 'pdf' or 'none'.
    after_sale      TEXT NOT NULL DEFAULT 'print' CHECK (after_sale IN ('print','pdf','none'))
);

-- Z reports: one per register and Swedish day, numbered in their own unbroken series.
-- Append-only like the journal; the report as made is kept as JSON.
CREATE TABLE z_report (
    id              INTEGER PRIMARY KEY,
    register_id     TEXT NOT NULL,
    z_number        INTEGER NOT NULL CHECK (z_number >= 1),
    sale_date       TEXT NOT NULL,
    made_at         TEXT NOT NULL,
    report_json     TEXT NOT NULL,
    UNIQUE (register_id, z_number),
    UNIQUE (register_id, sale_date)
);
CREATE TRIGGER z_report_no_update BEFORE UPDATE ON z_report
BEGIN SELECT RAISE(ABORT, 'Z reports are append-only'); END;
CREATE TRIGGER z_report_no_delete BEFORE DELETE ON z_report
BEGIN SELECT RAISE(ABORT, 'Z reports are append-only'); END;

-- Day reports select a register's entries of one Swedish day.
CREATE INDEX journal_day ON journal_entry(register_id, sale_date);
