-- Kassa schema, version 5: finding any receipt, and returning a whole sale through Kronor.

-- History search: each way a cashier finds a receipt has an index, so that a journal of
-- years answers as fast as a day's. Newest first is the primary key, read backwards.
CREATE INDEX journal_receipt_number ON journal_entry(receipt_number);
CREATE INDEX journal_sale_date ON journal_entry(sale_date);
CREATE INDEX journal_total ON journal_entry(total_ore);
CREATE INDEX journal_reference ON journal_entry(merchant_reference COLLATE NOCASE)
    WHERE merchant_reference IS NOT NULL;
CREATE INDEX journal_customer ON journal_entry(customer_id);

-- A whole sale returned through Kronor's newPurchaseReturnAll. The row and its idempotency
-- key are committed before the first request, so a lost answer is re-sent with the same key
-- and Kronor returns the money once. One row per sale: a sale is returned once.
CREATE TABLE sale_return (
    id                  INTEGER PRIMARY KEY,
    sale_entry_id       INTEGER NOT NULL UNIQUE REFERENCES journal_entry(id),
    idempotency_key     TEXT NOT NULL UNIQUE,
    -- 'sending': the key is stored, Kronor's answer not yet; 'returned': Kronor returned the
    -- purchase and the RETUR entry is in the journal; 'refused': Kronor said no (retryable by
    -- the cashier with the same key once the cause is fixed).
    state               TEXT NOT NULL CHECK (state IN ('sending', 'returned', 'refused')),
    kronor_return_id    TEXT,
    return_entry_id     INTEGER REFERENCES journal_entry(id),
    failure             TEXT,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
