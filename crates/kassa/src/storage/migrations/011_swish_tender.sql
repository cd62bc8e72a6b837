-- Each checkout takes one tender: a Kronor invoice purchase order, or Swish through a Kronor
-- payment session. Checkouts made before this were all invoices.
ALTER TABLE checkout ADD COLUMN tender TEXT NOT NULL DEFAULT 'invoice'
    CHECK (tender IN ('invoice', 'swish'));
-- Swish: the newSwishPayment idempotency key, stored with the checkout before the first request
-- (the session's key is idempotency_key).
ALTER TABLE checkout ADD COLUMN payment_key TEXT;
CREATE UNIQUE INDEX checkout_payment_key ON checkout(payment_key);
-- Swish: Kronor's payment-request token (qrCode), what the customer's Swish app scans.
ALTER TABLE checkout ADD COLUMN swish_qr TEXT;

-- The tender a sale is charged with when the cashier picks none (Swish at the counter).
ALTER TABLE till_settings ADD COLUMN default_tender TEXT NOT NULL DEFAULT 'swish'
    CHECK (default_tender IN ('invoice', 'swish'));
