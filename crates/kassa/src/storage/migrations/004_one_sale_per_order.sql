-- One registered sale per till order, as a constraint and not only a check in the checkout
-- engine: a sale registered just before a crash can then never be registered again on resume.
-- Returns and cancellations may still refer to the order.
CREATE UNIQUE INDEX journal_sale_per_order ON journal_entry(order_id)
    WHERE kind = 'sale' AND order_id IS NOT NULL;
