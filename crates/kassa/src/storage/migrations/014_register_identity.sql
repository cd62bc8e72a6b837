-- Kassa schema, version 14: the register's identity and its X reports.

-- The register's manufacturing number (tillverkningsnummer, 2 kap. 23 § SKVFS 2014:9): made
-- once when the file is made, never changed. A program not locked to a device carries the
-- number itself (4 kap. 6 §), so each till file is its own register: "KS-" and 14 hex digits,
-- 17 characters of A-Z, 0-9 and a hyphen.
CREATE TABLE register_identity (
    id                      INTEGER PRIMARY KEY CHECK (id = 1),
    manufacturing_number    TEXT NOT NULL CHECK (length(manufacturing_number) BETWEEN 1 AND 17),
    made_at                 TEXT NOT NULL
);
INSERT INTO register_identity(id, manufacturing_number, made_at)
VALUES (1, 'KS-' || upper(hex(randomblob(7))), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
CREATE TRIGGER register_identity_no_update BEFORE UPDATE ON register_identity
BEGIN SELECT RAISE(ABORT, 'the register identity is made once'); END;
CREATE TRIGGER register_identity_no_delete BEFORE DELETE ON register_identity
BEGIN SELECT RAISE(ABORT, 'the register identity is made once'); END;

-- Every X report made: everything on a report is kept in the journal (4 kap. 10 §) and the
-- journal export carries each one. Append-only like the Z reports.
CREATE TABLE x_report (
    id              INTEGER PRIMARY KEY,
    register_id     TEXT NOT NULL,
    sale_date       TEXT NOT NULL,
    made_at         TEXT NOT NULL,
    report_json     TEXT NOT NULL
);
CREATE INDEX x_report_made ON x_report(made_at);
CREATE TRIGGER x_report_no_update BEFORE UPDATE ON x_report
BEGIN SELECT RAISE(ABORT, 'X reports are append-only'); END;
CREATE TRIGGER x_report_no_delete BEFORE DELETE ON x_report
BEGIN SELECT RAISE(ABORT, 'X reports are append-only'); END;
