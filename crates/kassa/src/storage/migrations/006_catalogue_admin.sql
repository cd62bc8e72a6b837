-- Kassa schema, version 6: categories can be put away without deleting them. An inactive
-- category leaves the sale screen's grid; its products and old receipts are untouched.
ALTER TABLE category ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1));
