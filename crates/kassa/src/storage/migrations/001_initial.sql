-- Kassa schema, version 1.

CREATE TABLE category (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    sort_order  INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE product (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    price_ore   INTEGER NOT NULL CHECK (price_ore >= 0),
    vat_class   TEXT NOT NULL CHECK (vat_class IN ('standard','food','reduced','culture','exempt')),
    category_id INTEGER REFERENCES category(id),
    barcode     TEXT UNIQUE,
    sku         TEXT UNIQUE,
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    sort_order  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX product_category ON product(category_id, sort_order);
-- Names starting with what was typed are found here even when the text matches thousands.
CREATE INDEX product_name ON product(name COLLATE NOCASE);

-- Search index over name and SKU; diacritics and case folded so "kaffe" finds "Kaffé".
-- Barcodes are searched by prefix on the product table's own index instead: a token per
-- barcode would make every digit typed a prefix scan over 100 000 distinct terms.
CREATE VIRTUAL TABLE product_fts USING fts5(
    name, sku,
    content = 'product', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);
CREATE TRIGGER product_fts_insert AFTER INSERT ON product BEGIN
    INSERT INTO product_fts(rowid, name, sku) VALUES (new.id, new.name, coalesce(new.sku, ''));
END;
CREATE TRIGGER product_fts_delete AFTER DELETE ON product BEGIN
    INSERT INTO product_fts(product_fts, rowid, name, sku)
    VALUES ('delete', old.id, old.name, coalesce(old.sku, ''));
END;
CREATE TRIGGER product_fts_update AFTER UPDATE OF name, sku ON product BEGIN
    INSERT INTO product_fts(product_fts, rowid, name, sku)
    VALUES ('delete', old.id, old.name, coalesce(old.sku, ''));
    INSERT INTO product_fts(rowid, name, sku) VALUES (new.id, new.name, coalesce(new.sku, ''));
END;

CREATE TABLE customer (
    id                  INTEGER PRIMARY KEY,
    personnummer        TEXT NOT NULL UNIQUE,
    first_name          TEXT NOT NULL,
    last_name           TEXT NOT NULL,
    email               TEXT NOT NULL,
    phone               TEXT NOT NULL,
    phone_digits        TEXT NOT NULL,
    street              TEXT NOT NULL,
    postal_code         TEXT NOT NULL,
    city                TEXT NOT NULL,
    country             TEXT NOT NULL
);
CREATE INDEX customer_phone ON customer(phone_digits);
CREATE INDEX customer_name ON customer(last_name COLLATE NOCASE, first_name COLLATE NOCASE);

-- A parked sale is a cart put aside; recalling it removes it. Not part of the journal.
CREATE TABLE parked_sale (
    id          INTEGER PRIMARY KEY,
    parked_at   TEXT NOT NULL,
    label       TEXT NOT NULL,
    cart_json   TEXT NOT NULL
);

-- The journal: registered sales, returns and cancellations. Append-only (see triggers).
-- Receipt numbers run unbroken per (register, training); `hash` chains every entry to the one
-- before it so that any edit made behind the till's back shows.
CREATE TABLE journal_entry (
    id                  INTEGER PRIMARY KEY,
    register_id         TEXT NOT NULL,
    training            INTEGER NOT NULL CHECK (training IN (0, 1)),
    receipt_number      INTEGER NOT NULL CHECK (receipt_number >= 1),
    kind                TEXT NOT NULL CHECK (kind IN ('sale','return','cancellation')),
    registered_at       TEXT NOT NULL,
    sale_date           TEXT NOT NULL,
    cashier             TEXT NOT NULL,
    payment_method      TEXT,
    kronor_purchase_id  TEXT,
    merchant_reference  TEXT,
    order_id            TEXT,
    customer_id         INTEGER REFERENCES customer(id),
    original_entry_id   INTEGER REFERENCES journal_entry(id),
    total_ore           INTEGER NOT NULL,
    tax_ore             INTEGER NOT NULL,
    discount_ore        INTEGER NOT NULL,
    note                TEXT NOT NULL,
    prev_hash           BLOB NOT NULL,
    hash                BLOB NOT NULL,
    UNIQUE (register_id, training, receipt_number)
);
CREATE INDEX journal_original ON journal_entry(original_entry_id) WHERE original_entry_id IS NOT NULL;
CREATE INDEX journal_purchase ON journal_entry(kronor_purchase_id) WHERE kronor_purchase_id IS NOT NULL;

CREATE TABLE journal_line (
    entry_id        INTEGER NOT NULL REFERENCES journal_entry(id),
    line_no         INTEGER NOT NULL,
    name            TEXT NOT NULL,
    sku             TEXT,
    quantity        INTEGER NOT NULL,
    unit_price_ore  INTEGER NOT NULL,
    discount_ore    INTEGER NOT NULL,
    vat_rate        INTEGER NOT NULL,
    total_ore       INTEGER NOT NULL,
    tax_ore         INTEGER NOT NULL,
    PRIMARY KEY (entry_id, line_no)
) WITHOUT ROWID;

CREATE TABLE journal_vat (
    entry_id    INTEGER NOT NULL REFERENCES journal_entry(id),
    vat_rate    INTEGER NOT NULL,
    total_ore   INTEGER NOT NULL,
    tax_ore     INTEGER NOT NULL,
    PRIMARY KEY (entry_id, vat_rate)
) WITHOUT ROWID;

-- Every print of a receipt: the original and the single copy the rules allow, each at most once.
CREATE TABLE journal_print (
    id          INTEGER PRIMARY KEY,
    entry_id    INTEGER NOT NULL REFERENCES journal_entry(id),
    kind        TEXT NOT NULL CHECK (kind IN ('original','copy')),
    printed_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX journal_print_once ON journal_print(entry_id, kind);

CREATE TRIGGER journal_entry_no_update BEFORE UPDATE ON journal_entry
BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TRIGGER journal_entry_no_delete BEFORE DELETE ON journal_entry
BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TRIGGER journal_line_no_update BEFORE UPDATE ON journal_line
BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TRIGGER journal_line_no_delete BEFORE DELETE ON journal_line
BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TRIGGER journal_vat_no_update BEFORE UPDATE ON journal_vat
BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TRIGGER journal_vat_no_delete BEFORE DELETE ON journal_vat
BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TRIGGER journal_print_no_update BEFORE UPDATE ON journal_print
BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TRIGGER journal_print_no_delete BEFORE DELETE ON journal_print
BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;

-- INSERT OR REPLACE deletes the row it replaces without firing delete triggers, so replacing
-- an existing row is refused up front.
CREATE TRIGGER journal_entry_no_replace BEFORE INSERT ON journal_entry
WHEN EXISTS (SELECT 1 FROM journal_entry WHERE id = new.id
             OR (register_id = new.register_id AND training = new.training
                 AND receipt_number = new.receipt_number))
BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TRIGGER journal_line_no_replace BEFORE INSERT ON journal_line
WHEN EXISTS (SELECT 1 FROM journal_line WHERE entry_id = new.entry_id AND line_no = new.line_no)
BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TRIGGER journal_vat_no_replace BEFORE INSERT ON journal_vat
WHEN EXISTS (SELECT 1 FROM journal_vat WHERE entry_id = new.entry_id AND vat_rate = new.vat_rate)
BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TRIGGER journal_print_no_replace BEFORE INSERT ON journal_print
WHEN EXISTS (SELECT 1 FROM journal_print WHERE id = new.id
             OR (entry_id = new.entry_id AND kind = new.kind))
BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
