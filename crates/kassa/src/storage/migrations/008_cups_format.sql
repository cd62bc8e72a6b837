-- Kassa schema: what a CUPS queue is sent. 'raw' is ESC/POS for a receipt printer (what every
-- CUPS queue got before); 'pdf' is the document as PDF for an ordinary printer or cups-pdf.
ALTER TABLE till_settings ADD COLUMN cups_format TEXT NOT NULL DEFAULT 'raw'
    CHECK (cups_format IN ('raw', 'pdf'));
-- Whether receipts carry a QR code of the Kronor purchase id (some cheap thermal printers
-- cannot draw one).
ALTER TABLE till_settings ADD COLUMN receipt_qr INTEGER NOT NULL DEFAULT 1
    CHECK (receipt_qr IN (0, 1));
