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

-- Day reports select a register's entries of one Swedish day; the index carries every column
-- they sum so that a day of 100 000 receipts is read from the index alone.
CREATE INDEX journal_day ON journal_entry(register_id, sale_date, training, kind,
    payment_method, total_ore, discount_ore, receipt_number);

-- VAT per rate per register, Swedish day, series and kind, kept by a trigger in the same
-- transaction that registers an entry, so that a day report reads a few rows instead of
-- joining every VAT row of the day. Rows only ever grow; deleting one is refused.
CREATE TABLE day_vat (
    register_id     TEXT NOT NULL,
    sale_date       TEXT NOT NULL,
    training        INTEGER NOT NULL,
    kind            TEXT NOT NULL,
    vat_rate        INTEGER NOT NULL,
    total_ore       INTEGER NOT NULL,
    tax_ore         INTEGER NOT NULL,
    PRIMARY KEY (register_id, sale_date, training, kind, vat_rate)
) WITHOUT ROWID;
INSERT INTO day_vat
SELECT e.register_id, e.sale_date, e.training, e.kind, v.vat_rate, sum(v.total_ore), sum(v.tax_ore)
FROM journal_vat v JOIN journal_entry e ON e.id = v.entry_id
GROUP BY e.register_id, e.sale_date, e.training, e.kind, v.vat_rate;
CREATE TRIGGER day_vat_add AFTER INSERT ON journal_vat BEGIN
    INSERT INTO day_vat(register_id, sale_date, training, kind, vat_rate, total_ore, tax_ore)
    SELECT e.register_id, e.sale_date, e.training, e.kind, new.vat_rate, new.total_ore, new.tax_ore
    FROM journal_entry e WHERE e.id = new.entry_id
    ON CONFLICT DO UPDATE SET total_ore = total_ore + excluded.total_ore,
                              tax_ore = tax_ore + excluded.tax_ore;
END;
CREATE TRIGGER day_vat_no_delete BEFORE DELETE ON day_vat
BEGIN SELECT RAISE(ABORT, 'day totals are append-only'); END;
