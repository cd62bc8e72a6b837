-- Kassa schema, version 9: the keyed journal chain.

-- One record per registered entry (its lines and VAT rows included), per receipt print and per
-- Z report, in the order they were written; `mac` is HMAC-SHA256 under the till's journal key
-- over the sealed rows, the label and the record before it. The rows themselves are not
-- changed: the chain is beside them.
CREATE TABLE journal_chain (
    seq         INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('entry', 'print', 'z_report')),
    ref_id      INTEGER NOT NULL,
    label       TEXT NOT NULL,
    mac         BLOB NOT NULL,
    UNIQUE (kind, ref_id)
);

-- Which key seals the records from `first_seq` on: its public fingerprint, never the key.
-- A new row starts whenever the till writes under another key (first use, the upgrade from the
-- unkeyed chain, no keyring), with why.
CREATE TABLE journal_key (
    id          INTEGER PRIMARY KEY,
    first_seq   INTEGER NOT NULL UNIQUE,
    key_id      TEXT NOT NULL,
    made_at     TEXT NOT NULL,
    reason      TEXT NOT NULL
);

CREATE TRIGGER journal_chain_no_update BEFORE UPDATE ON journal_chain
BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TRIGGER journal_chain_no_delete BEFORE DELETE ON journal_chain
BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TRIGGER journal_chain_no_replace BEFORE INSERT ON journal_chain
WHEN EXISTS (SELECT 1 FROM journal_chain WHERE seq = new.seq
             OR (kind = new.kind AND ref_id = new.ref_id))
BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TRIGGER journal_key_no_update BEFORE UPDATE ON journal_key
BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TRIGGER journal_key_no_delete BEFORE DELETE ON journal_key
BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TRIGGER journal_key_no_replace BEFORE INSERT ON journal_key
WHEN EXISTS (SELECT 1 FROM journal_key WHERE id = new.id OR first_seq = new.first_seq)
BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;

-- A Z report keeps the journal's head when it was made (`<records>:<mac hex>`), so removing
-- records it closed shows even if the chain after it was rebuilt.
ALTER TABLE z_report ADD COLUMN journal_head TEXT;
CREATE TRIGGER z_report_no_replace BEFORE INSERT ON z_report
WHEN EXISTS (SELECT 1 FROM z_report WHERE id = new.id
             OR (register_id = new.register_id AND (z_number = new.z_number
                                                    OR sale_date = new.sale_date)))
BEGIN SELECT RAISE(ABORT, 'Z reports are append-only'); END;

-- VAT per day is summed from the journal's own VAT rows (through `journal_day`): a stored copy
-- was one more table to alter and keep in step.
DROP TRIGGER day_vat_add;
DROP TRIGGER day_vat_no_delete;
DROP TABLE day_vat;
