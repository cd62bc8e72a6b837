-- Kassa schema, version 15: goods or a service, per product. The day reports count each
-- (7 kap. 2 § i-j SKVFS 2014:9) and the journal export names each line's kind.
ALTER TABLE product ADD COLUMN article TEXT NOT NULL DEFAULT 'goods'
    CHECK (article IN ('goods', 'service'));
