//! The one error shape the UI sees: `{code, message}` with a closed set of codes.

use serde::Serialize;
use ts_rs::TS;

/// Every way a command can fail. The UI translates by code, so adding a variant is a
/// deliberate change that the generated TypeScript makes visible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export_to = "ErrorCode.ts")]
pub enum ErrorCode {
    /// No secure credential store (Secret Service, Keychain, Credential Manager) answers.
    KeyringUnavailable,
    /// The store is there but refused or failed an operation.
    KeyringFailed,
    /// The token the cashier typed cannot be a Kronor token.
    InvalidToken,
    /// The till's database could not be read or written.
    Storage,
    /// The database was written by a newer Kassa.
    DatabaseTooNew,
    /// The database file is damaged or not Kassa's.
    DatabaseCorrupt,
    /// A typed amount (e.g. a discount) could not be read.
    InvalidAmount,
    /// An amount is negative or beyond what one Kronor payment carries.
    AmountOutOfRange,
    /// A quantity is 0 or above 9 999.
    InvalidQuantity,
    /// A discount is negative or larger than what it discounts.
    InvalidDiscount,
    /// A scanned or typed barcode has the wrong length or check digit.
    InvalidBarcode,
    /// The product, line or parked sale asked for does not exist.
    NotFound,
    /// The sale has no lines (parking an empty sale).
    EmptySale,
    /// A parked sale cannot be recalled over a sale in progress.
    SaleInProgress,
    /// A customer field (personnummer, name, address...) is invalid; the message names it.
    InvalidCustomer,
    /// The sale cannot become a Kronor order as it is (e.g. an empty or zero sale).
    InvalidOrder,
    /// Kronor turned the request down; the message is Kronor's, naming the field.
    PaymentRefused,
    /// Kronor refused the merchant token (expired, revoked, wrong environment).
    PaymentAuth,
    /// Kronor could not be reached; nothing was charged and the checkout is retried.
    PaymentUnavailable,
    /// An answer from Kronor was lost; the same key is resent, so nothing is charged twice.
    PaymentOutcomeUnknown,
    /// Kronor answered with something Kassa does not understand.
    PaymentProtocol,
    /// The checkout went too far (approved, captured) to be cancelled.
    NotCancellable,
    /// A payment is still in progress, so Kassa cannot switch between training and live
    /// Kronor (changing the token) until it has finished.
    PaymentInProgress,
    /// Live mode with no shop details of the merchant's own (none, or the training demo
    /// shop's): a real receipt must name the seller, so no real payment is taken.
    ShopDetailsMissing,
    /// The control unit cannot sign receipts now (not answering, not operational, storage
    /// full, or the till's record is wrong for it): no sale until it can.
    ControlUnit,
    /// The receipt's one copy was already made (SKVFS 2014:9 allows one).
    CopyAlreadyPrinted,
    /// The sale was already returned; a sale is returned once.
    AlreadyReturned,
    /// The receipt cannot be returned here (not a sale, not paid through Kronor, other mode).
    NotReturnable,
    /// A typed date (History's date range) is not a date.
    InvalidDate,
    /// The printer (or the PDF export) failed; the message has the printer's own words. The
    /// sale is registered regardless and the output can be retried.
    PrintFailed,
    /// The day already has its Z report; a day is closed once.
    DayAlreadyClosed,
    /// The journal export could not be written to the chosen folder (or it is gone).
    ExportFailed,
    /// Less cash was handed over than the total to pay in cash.
    CashShort,
    /// The drawer's opening signal or command failed; the sale is registered regardless.
    DrawerFailed,
    /// The day's change float is registered already.
    FloatAlreadySet,
    /// Cash paid in or out needs a reason.
    CashReason,
    /// Part of the sale is paid: finish or cancel its payment before changing it.
    SplitInProgress,
    /// A part would pay more than is left (or a sum the tender does not take).
    SplitExceeds,
    /// A new PIN is not 4 to 6 digits, or too easy to guess.
    WeakPin,
    /// Another account has that PIN.
    PinInUse,
    /// No account has that PIN.
    WrongPin,
    /// Too many wrong PINs in a row: wait before the next try.
    PinBackOff,
    /// Only a manager may do this, or approve it.
    ManagerRequired,
    /// An account's name is empty, too long or has hidden characters.
    InvalidCashier,
    /// The till has accounts and nobody is logged in.
    Locked,
    /// A bug in Kassa; the message says what.
    Internal,
}

/// A command failure as it crosses to the UI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{code:?}: {message}")]
#[ts(export_to = "AppError.ts")]
pub struct AppError {
    pub code: ErrorCode,
    /// English detail for logs and support; the UI shows its own translation of `code`.
    pub message: String,
    /// The form field the error is about (`personnummer`, `email`...), for the UI to show
    /// the message next to it. Absent (not null) when none, so `{code, message}` stays.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<String>,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            field: None,
        }
    }

    /// The same error, about the form field `field`.
    pub fn at_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }
}

/// The till core's codes, folded into the UI's closed set. Exhaustive on purpose: a new core
/// code does not compile until someone decides what the cashier sees for it.
fn code(core: kassa::ErrorCode) -> ErrorCode {
    use kassa::ErrorCode as Core;
    match core {
        Core::Storage | Core::NoDataFolder => ErrorCode::Storage,
        Core::DatabaseTooNew => ErrorCode::DatabaseTooNew,
        Core::DatabaseCorrupt => ErrorCode::DatabaseCorrupt,
        Core::InvalidAmount => ErrorCode::InvalidAmount,
        Core::AmountOutOfRange => ErrorCode::AmountOutOfRange,
        Core::InvalidQuantity => ErrorCode::InvalidQuantity,
        Core::InvalidDiscount => ErrorCode::InvalidDiscount,
        Core::InvalidBarcode => ErrorCode::InvalidBarcode,
        Core::NotFound => ErrorCode::NotFound,
        Core::EmptySale => ErrorCode::EmptySale,
        Core::InvalidPersonnummer | Core::InvalidCustomer => ErrorCode::InvalidCustomer,
        Core::InvalidOrder => ErrorCode::InvalidOrder,
        Core::PaymentRefused => ErrorCode::PaymentRefused,
        Core::PaymentAuth => ErrorCode::PaymentAuth,
        Core::PaymentUnavailable => ErrorCode::PaymentUnavailable,
        Core::PaymentOutcomeUnknown => ErrorCode::PaymentOutcomeUnknown,
        Core::PaymentProtocol => ErrorCode::PaymentProtocol,
        Core::NotCancellable => ErrorCode::NotCancellable,
        Core::CopyAlreadyPrinted => ErrorCode::CopyAlreadyPrinted,
        Core::AlreadyReturned => ErrorCode::AlreadyReturned,
        Core::NotReturnable => ErrorCode::NotReturnable,
        Core::SaleInProgress => ErrorCode::SaleInProgress,
        Core::ShopDetailsMissing => ErrorCode::ShopDetailsMissing,
        Core::ControlUnit => ErrorCode::ControlUnit,
        Core::Internal => ErrorCode::Internal,
        // Not reachable from the sale screen's commands yet; their screens (catalogue,
        // customer, history) will give them their own codes when they arrive.
        Core::InvalidProduct
        | Core::Duplicate
        | Core::CsvImport
        | Core::NoVatRate
        | Core::InvalidJournalEntry => ErrorCode::Internal,
        // Printing and Z reports (Settings, receipt after a sale, Reports).
        Core::PrintFailed => ErrorCode::PrintFailed,
        Core::DayAlreadyClosed => ErrorCode::DayAlreadyClosed,
        Core::ExportFailed => ErrorCode::ExportFailed,
        Core::CashShort => ErrorCode::CashShort,
        Core::DrawerFailed => ErrorCode::DrawerFailed,
        Core::FloatAlreadySet => ErrorCode::FloatAlreadySet,
        Core::CashReason => ErrorCode::CashReason,
        Core::SplitInProgress => ErrorCode::SplitInProgress,
        Core::SplitExceeds => ErrorCode::SplitExceeds,
        Core::WeakPin => ErrorCode::WeakPin,
        Core::PinInUse => ErrorCode::PinInUse,
        Core::WrongPin => ErrorCode::WrongPin,
        Core::PinBackOff => ErrorCode::PinBackOff,
        Core::ManagerRequired => ErrorCode::ManagerRequired,
        Core::InvalidCashier => ErrorCode::InvalidCashier,
        Core::Locked => ErrorCode::Locked,
    }
}

/// A failure the core reported beside a result (the drawer after a paid sale).
impl From<kassa::ErrorBody> for AppError {
    fn from(body: kassa::ErrorBody) -> Self {
        AppError::new(code(body.code), body.message)
    }
}

impl From<kassa::Error> for AppError {
    fn from(error: kassa::Error) -> Self {
        AppError::new(code(error.code()), error.to_string())
    }
}

/// A checkout failure: the same fold over the core's codes, with the checkout's message
/// (Kronor's own wording when Kronor refused, which names the field).
impl From<kassa::checkout::CheckoutError> for AppError {
    fn from(error: kassa::checkout::CheckoutError) -> Self {
        AppError::new(code(error.code()), error.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crosses_to_the_ui_as_code_and_message() {
        let error = AppError::new(ErrorCode::KeyringUnavailable, "no Secret Service");
        let json = serde_json::to_value(&error).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "keyring_unavailable", "message": "no Secret Service"})
        );
    }

    #[test]
    fn core_errors_keep_their_cashier_message_under_a_ui_code() {
        let error = AppError::from(kassa::Error::InvalidQuantity(0));
        assert_eq!(error.code, ErrorCode::InvalidQuantity);
        assert!(error.message.contains("between 1 and 9 999"), "{error}");
    }

    #[test]
    fn checkout_errors_get_payment_codes_not_internal() {
        use kassa::checkout::CheckoutError;
        let refused = AppError::from(CheckoutError::NotCancellable("approved"));
        assert_eq!(refused.code, ErrorCode::NotCancellable);
        assert!(refused.message.contains("approved"), "{refused}");
        let order = AppError::from(CheckoutError::InvalidOrder("the sale is empty".into()));
        assert_eq!(order.code, ErrorCode::InvalidOrder);
        let missing = AppError::from(CheckoutError::NotFound(7));
        assert_eq!(missing.code, ErrorCode::NotFound);
    }
}
