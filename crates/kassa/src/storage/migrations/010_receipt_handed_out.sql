-- A receipt's original is made (recorded in journal_print) before it is printed or saved; this
-- records that it really went out, so a till killed in between gives the same original out
-- again instead of offering only the copy.
CREATE TABLE receipt_handed_out (
    entry_id INTEGER PRIMARY KEY REFERENCES journal_entry(id),
    at TEXT NOT NULL,
    how TEXT NOT NULL CHECK (how IN ('print', 'pdf', 'screen', 'before_upgrade'))
);

-- Originals made before this table existed went out as far as anyone can tell.
INSERT INTO receipt_handed_out (entry_id, at, how)
SELECT entry_id, min(printed_at), 'before_upgrade'
FROM journal_print WHERE kind = 'original' GROUP BY entry_id;
