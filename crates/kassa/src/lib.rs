//! Kassa's till core: everything a sale needs that is not the network or the screen. It works
//! with no network at all and never depends on Tauri.
//!
//! Map of the modules:
//!
//! - [`storage`]: the SQLite file ([`Db`]): WAL, `synchronous=FULL`, foreign keys, versioned
//!   migrations, refusal of newer schemas, a cheap integrity check at open, online backup.
//! - [`money`]: [`Ore`], integer öre; Swedish and English formatting; parsing what a cashier types.
//! - [`vat`]: VAT classes, rates as dated data ([`VatTable`]), tax per line by Kronor's rule.
//! - [`catalogue`]: products and categories, search as you type (FTS5), barcode lookup, CSV.
//! - [`demo`]: the demo catalogue of a Swedish café and market stall.
//! - [`cart`]: the sale being rung up: lines, discounts, totals per VAT rate, park and recall.
//! - [`cash`]: cash: rounding to whole kronor, change, the drawer, the cash day (float, paid
//!   in and out, the count at the close).
//! - [`customer`]: invoice customers with a checked personnummer.
//! - [`journal`]: the append-only register of sales, returns and cancellations, receipt number
//!   series, prints; finding any receipt ([`journal::search`]).
//! - [`checkout`]: paying through Kronor: the checkout state machine, its engine (create,
//!   follow, capture, journal, cancel, resume) and the SCA QR code.
//! - [`returns`]: returning a whole sale through Kronor (`newPurchaseReturnAll`) exactly
//!   once, with its key stored first, and its RETUR entry.
//! - [`receipt`]: the receipt document built from the journal (markings KOPIA / ÖVNING / RETUR,
//!   one recorded copy), shop details, and its renderers: HTML, PDF, ESC/POS (58/80 mm).
//! - [`report`]: X and Z day reports, the Z series, grand totals that never reset.
//! - [`settings`]: the till's settings (register id, language, receipt printer and paper),
//!   saved with the shop's details in one go; where PDFs go; the printer's test page.
//! - [`print`]: sending to a network printer (raw TCP, port 9100) or a CUPS queue (`lp`).
//! - [`cashier`]: cashier accounts (role, a PIN kept only as its Argon2id hash), log-in by
//!   PIN with a back-off on wrong PINs, a manager's approval, all in an append-only log.
//! - [`till`]: the counter ([`Till`]): the database, the sale on it, the VAT table and the
//!   clock, with the sale's own rules (what may change the cart, what Charge needs first, a
//!   paid sale empties the counter), cash, and a sale paid in parts.
//! - [`identity`]: the register's identity: maker, model, version, the manufacturing number made
//!   once per till file.
//! - [`export`]: the journal exported in Skatteverket's XML (SKVFS 2021:16), streamed to a file.
//! - [`control_unit`]: the certified control unit (SKVFS 2014:9): the checked [`control_unit::Record`],
//!   the [`control_unit::ControlUnit`] seam, CleanCash XCCSP (XML over HTTP) and CCSP (serial)
//!   clients, and what the till does on each failure ([`control_unit::Action`]).
//! - [`language`]: [`language::Language`], Swedish or English, for receipts, reports and the
//!   control unit's messages.
//! - [`text`]: the one check on typed text: no control, bidi or zero-width characters.
//! - [`error`]: one [`Error`] with a closed set of [`ErrorCode`]s and cashier-readable messages.
//!
//! Each table-backed module hangs off [`Db`]: `db.catalogue()`, `db.customers()`,
//! `db.journal()`, `db.parked_sales()`.

pub mod cart;
pub mod cash;
pub mod cashier;
pub mod catalogue;
pub mod checkout;
pub mod control_unit;
pub mod customer;
pub mod demo;
pub mod error;
pub mod export;
pub mod file;
pub mod identity;
pub mod journal;
pub mod language;
pub mod money;
pub mod print;
pub mod receipt;
pub mod report;
pub mod returns;
pub mod settings;
pub mod storage;
pub mod text;
pub mod till;
pub mod vat;

pub use cart::{Cart, Discount, Totals};
pub use catalogue::{Barcode, Catalogue, NewProduct, Product};
pub use customer::{Customer, Personnummer};
pub use error::{Error, ErrorBody, ErrorCode, Result};
pub use journal::{Entry, EntryKind, Journal, NewEntry, Payment, PaymentMethod, PrintKind};
pub use money::{Locale, Money, Ore};
pub use storage::Db;
pub use till::Till;
pub use vat::{VatClass, VatRate, VatTable};
