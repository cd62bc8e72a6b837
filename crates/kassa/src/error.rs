//! One error type for the whole core. Every error carries a [`ErrorCode`] from a closed set and a
//! message written for the cashier; the app sends both to the UI as `{code, message}`.

use serde::Serialize;

/// The closed set of error codes the UI can react to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// SQLite or the file system failed.
    Storage,
    /// The database was written by a newer Kassa.
    DatabaseTooNew,
    /// The file is not a Kassa database or failed an integrity check.
    DatabaseCorrupt,
    /// No data folder could be found for this user.
    NoDataFolder,
    /// A typed amount could not be read.
    InvalidAmount,
    /// An amount is negative or beyond what Kronor accepts.
    AmountOutOfRange,
    /// A quantity is 0 or above the till's maximum.
    InvalidQuantity,
    /// A discount is negative or bigger than what it discounts.
    InvalidDiscount,
    /// A barcode has the wrong length or check digit.
    InvalidBarcode,
    /// A product field is missing or wrong.
    InvalidProduct,
    /// Another row already uses this barcode, SKU or name, or the order already has its sale.
    Duplicate,
    /// The thing asked for does not exist.
    NotFound,
    /// A CSV import had bad rows; nothing was imported.
    CsvImport,
    /// A personnummer is malformed or fails its check digit.
    InvalidPersonnummer,
    /// A customer field is missing or wrong.
    InvalidCustomer,
    /// No VAT rate is defined for a class on a date.
    NoVatRate,
    /// A sale has no lines.
    EmptySale,
    /// A journal entry is inconsistent (totals, return without sale, ...).
    InvalidJournalEntry,
    /// The one receipt copy the rules allow was already printed.
    CopyAlreadyPrinted,
    /// The printer could not be reached or refused the job.
    PrintFailed,
    /// The day already has its Z report.
    DayAlreadyClosed,
    /// The sale cannot become a Kronor order as it is (checkout).
    InvalidOrder,
    /// Kronor refused the payment's data; the message names the field.
    PaymentRefused,
    /// Kronor refused the till's token.
    PaymentAuth,
    /// Kronor could not be reached or failed; trying again may work.
    PaymentUnavailable,
    /// A payment request may or may not have reached Kronor; resuming settles it.
    PaymentOutcomeUnknown,
    /// Kronor answered with something the till cannot read.
    PaymentProtocol,
    /// The checkout went too far to be cancelled.
    NotCancellable,
    /// The sale already has its return; a sale is returned once.
    AlreadyReturned,
    /// This receipt cannot be returned here (not a sale, not paid through Kronor, other mode).
    NotReturnable,
    /// A parked sale cannot be taken back over a sale in progress.
    SaleInProgress,
    /// Live payments need the merchant's own shop details (a real receipt names the seller).
    ShopDetailsMissing,
    /// The control unit cannot sign a receipt now: no sale until it can.
    ControlUnit,
    /// The journal export could not be written where it was asked to go.
    ExportFailed,
    /// Less cash was handed over than the sale's total to pay in cash.
    CashShort,
    /// The cash drawer's opening signal or command failed.
    DrawerFailed,
    /// The day's change float is registered already; more change is paid in.
    FloatAlreadySet,
    /// Cash paid in or out needs a reason (1 to 100 characters, no hidden ones).
    CashReason,
    /// Part of the sale is paid already: it cannot change, or be paid another way, until
    /// its payment is finished or cancelled.
    SplitInProgress,
    /// A part would pay more than is left of the sale (or is not a sum the tender takes).
    SplitExceeds,
    /// A new PIN is not 4 to 6 digits, or too easy to guess.
    WeakPin,
    /// Another account has that PIN (the PIN alone says who logs in).
    PinInUse,
    /// No account has that PIN.
    WrongPin,
    /// Too many wrong PINs in a row: the till waits before it takes another.
    PinBackOff,
    /// Only a manager may do this (or approve it).
    ManagerRequired,
    /// An account's name is empty, too long or has hidden characters.
    InvalidCashier,
    /// The till has accounts and nobody is logged in.
    Locked,
    /// A bug in Kassa; the message says what.
    Internal,
}

/// One bad row of a CSV import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    /// Line number in the file, 1 = header.
    pub line: u64,
    /// What is wrong, in the cashier's words.
    pub reason: String,
}

/// Everything that can go wrong in the core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(
        "The till's database could not be read or written ({0}). Try again; if it keeps happening, restart Kassa."
    )]
    Storage(#[from] rusqlite::Error),
    #[error("A file could not be read or written ({0}).")]
    Io(#[from] std::io::Error),
    #[error(
        "This database was written by a newer version of Kassa (schema {found}, this version understands up to {supported}). Update Kassa before opening it."
    )]
    DatabaseTooNew { found: i64, supported: i64 },
    #[error(
        "The database file is damaged or is not a Kassa database: {0}. Restore the latest backup."
    )]
    DatabaseCorrupt(String),
    #[error(
        "No data folder could be found for this user; start Kassa with an explicit database path."
    )]
    NoDataFolder,
    #[error("{0}")]
    InvalidAmount(String),
    #[error("{0}")]
    AmountOutOfRange(String),
    #[error("Quantity must be between 1 and 9 999 (got {0}).")]
    InvalidQuantity(i64),
    #[error("{0}")]
    InvalidDiscount(String),
    #[error("{0}")]
    InvalidBarcode(String),
    #[error("{0}")]
    InvalidProduct(String),
    #[error("{0}")]
    Duplicate(String),
    #[error("{0}")]
    NotFound(String),
    #[error("The file has {} bad row(s); nothing was imported. First: line {}: {}", .0.len(), .0.first().map_or(0, |r| r.line), .0.first().map_or("", |r| r.reason.as_str()))]
    CsvImport(Vec<RowError>),
    #[error("{0}")]
    InvalidPersonnummer(String),
    #[error("{0}")]
    InvalidCustomer(String),
    #[error("No VAT rate is defined for {class} on {date}.")]
    NoVatRate { class: String, date: String },
    #[error("The sale has no lines; add a product first.")]
    EmptySale,
    #[error("{0}")]
    InvalidJournalEntry(String),
    #[error(
        "Receipt {0} already has its copy printed; Swedish rules (SKVFS 2014:9) allow only one copy of a receipt."
    )]
    CopyAlreadyPrinted(i64),
    #[error("{0}")]
    PrintFailed(String),
    #[error("{0}")]
    DayAlreadyClosed(String),
    #[error("{0}")]
    AlreadyReturned(String),
    #[error("{0}")]
    NotReturnable(String),
    #[error("A sale is in progress; park or clear it before recalling another.")]
    SaleInProgress,
    #[error("Live payments need the shop's own name, organisation number and address in Settings.")]
    ShopDetailsMissing,
    #[error("{0}")]
    ExportFailed(String),
    #[error(
        "{missing} is missing: the customer handed over less than the {to_pay} to pay in cash."
    )]
    CashShort {
        /// Both written as the receipt writes them (`135,00 kr`).
        to_pay: String,
        missing: String,
    },
    #[error("{0}")]
    DrawerFailed(String),
    #[error("Today's float is registered already ({0}); more change is recorded as paid in.")]
    FloatAlreadySet(String),
    #[error("{0}")]
    CashReason(String),
    #[error(
        "Part of this sale is paid ({paid}): finish its payment, or cancel it (what was paid is given back), before changing it."
    )]
    SplitInProgress { paid: String },
    #[error("{0}")]
    SplitExceeds(String),
    #[error("{0}")]
    WeakPin(String),
    #[error("Another account has that PIN; choose another.")]
    PinInUse,
    #[error("Wrong PIN.")]
    WrongPin {
        /// How long the till waits before the next try (0: try again at once).
        wait_seconds: i64,
    },
    #[error("Too many wrong PINs: wait {seconds} s before the next try.")]
    PinBackOff { seconds: i64 },
    #[error("{0}")]
    ManagerRequired(String),
    #[error("{0}")]
    InvalidCashier(String),
    #[error("The till is locked: log in with your PIN first.")]
    Locked,
    #[error("{0}")]
    Internal(String),
}

/// What crosses to the UI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorBody {
    pub code: ErrorCode,
    pub message: String,
}

impl Error {
    /// The code the UI switches on.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Storage(_) | Error::Io(_) => ErrorCode::Storage,
            Error::DatabaseTooNew { .. } => ErrorCode::DatabaseTooNew,
            Error::DatabaseCorrupt(_) => ErrorCode::DatabaseCorrupt,
            Error::NoDataFolder => ErrorCode::NoDataFolder,
            Error::InvalidAmount(_) => ErrorCode::InvalidAmount,
            Error::AmountOutOfRange(_) => ErrorCode::AmountOutOfRange,
            Error::InvalidQuantity(_) => ErrorCode::InvalidQuantity,
            Error::InvalidDiscount(_) => ErrorCode::InvalidDiscount,
            Error::InvalidBarcode(_) => ErrorCode::InvalidBarcode,
            Error::InvalidProduct(_) => ErrorCode::InvalidProduct,
            Error::Duplicate(_) => ErrorCode::Duplicate,
            Error::NotFound(_) => ErrorCode::NotFound,
            Error::CsvImport(_) => ErrorCode::CsvImport,
            Error::InvalidPersonnummer(_) => ErrorCode::InvalidPersonnummer,
            Error::InvalidCustomer(_) => ErrorCode::InvalidCustomer,
            Error::NoVatRate { .. } => ErrorCode::NoVatRate,
            Error::EmptySale => ErrorCode::EmptySale,
            Error::InvalidJournalEntry(_) => ErrorCode::InvalidJournalEntry,
            Error::CopyAlreadyPrinted(_) => ErrorCode::CopyAlreadyPrinted,
            Error::PrintFailed(_) => ErrorCode::PrintFailed,
            Error::DayAlreadyClosed(_) => ErrorCode::DayAlreadyClosed,
            Error::AlreadyReturned(_) => ErrorCode::AlreadyReturned,
            Error::NotReturnable(_) => ErrorCode::NotReturnable,
            Error::SaleInProgress => ErrorCode::SaleInProgress,
            Error::SplitInProgress { .. } => ErrorCode::SplitInProgress,
            Error::SplitExceeds(_) => ErrorCode::SplitExceeds,
            Error::WeakPin(_) => ErrorCode::WeakPin,
            Error::PinInUse => ErrorCode::PinInUse,
            Error::WrongPin { .. } => ErrorCode::WrongPin,
            Error::PinBackOff { .. } => ErrorCode::PinBackOff,
            Error::ManagerRequired(_) => ErrorCode::ManagerRequired,
            Error::InvalidCashier(_) => ErrorCode::InvalidCashier,
            Error::Locked => ErrorCode::Locked,
            Error::ShopDetailsMissing => ErrorCode::ShopDetailsMissing,
            Error::ExportFailed(_) => ErrorCode::ExportFailed,
            Error::CashShort { .. } => ErrorCode::CashShort,
            Error::DrawerFailed(_) => ErrorCode::DrawerFailed,
            Error::FloatAlreadySet(_) => ErrorCode::FloatAlreadySet,
            Error::CashReason(_) => ErrorCode::CashReason,
            Error::Internal(_) => ErrorCode::Internal,
        }
    }

    /// `{code, message}` for the UI.
    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            code: self.code(),
            message: self.to_string(),
        }
    }
}

/// The core's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
