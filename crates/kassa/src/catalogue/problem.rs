//! What is wrong with one typed field, as data: the catalogue screen translates it next to the
//! field, the CSV import names its column, and the barcode reader says why a code is not one.

use serde::Serialize;

/// What is wrong with one field (or, for a CSV file, with its header or encoding).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(export_to = "CatalogueProblem.ts", rename = "CatalogueProblem")
)]
pub enum Problem {
    /// Required but empty.
    Empty,
    TooLong {
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        max: usize,
    },
    /// A control, bidi or zero-width character ([`crate::text::is_hidden`]), named by its
    /// code point (`U+001B`) since it cannot be shown.
    ControlCharacter {
        code: String,
    },
    NotAnAmount {
        typed: String,
    },
    Negative {
        typed: String,
    },
    /// Above what one Kronor payment carries.
    TooLarge {
        typed: String,
    },
    UnknownVatClass {
        typed: String,
    },
    BarcodeNotDigits {
        typed: String,
    },
    BarcodeLength {
        typed: String,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        digits: usize,
    },
    BarcodeCheckDigit {
        typed: String,
        expected: u8,
    },
    /// Another product (or category) named `by` already has this value.
    Taken {
        value: String,
        by: String,
    },
    /// A CSV file has this value on two rows.
    TwiceInFile {
        value: String,
    },
    /// The category chosen no longer exists.
    UnknownCategory,
    NotYesNo {
        typed: String,
    },
    NotWholeNumber {
        typed: String,
    },
    /// Neither goods nor a service.
    NotAnArticleKind {
        typed: String,
    },
    /// The CSV file is not UTF-8.
    NotUtf8,
    UnknownColumn {
        name: String,
    },
    MissingColumn {
        name: String,
    },
    DuplicateColumn {
        name: String,
    },
    /// The CSV reader could not read the row at all.
    Unreadable {
        detail: String,
    },
}

impl Problem {
    /// The problem in English, naming `what` (a field or column), for logs and the core's
    /// error messages. The screen translates [`Problem`] itself.
    pub fn message(&self, what: &str) -> String {
        match self {
            Problem::Empty => format!("the {what} is empty"),
            Problem::TooLong { max } => format!("the {what} is longer than {max} characters"),
            Problem::ControlCharacter { code } => {
                format!("the {what} contains an invisible or control character ({code}); retype it")
            }
            Problem::NotAnAmount { typed } => {
                format!("\"{typed}\" in {what} is not an amount; type it like 12,50")
            }
            Problem::Negative { typed } => {
                format!("the {what} \"{typed}\" is negative; it must be 0 or more")
            }
            Problem::TooLarge { typed } => {
                format!("the {what} \"{typed}\" is more than the till can take")
            }
            Problem::UnknownVatClass { typed } => format!(
                "\"{typed}\" is not a VAT class; use standard, food, reduced, culture or exempt"
            ),
            Problem::BarcodeNotDigits { typed } => {
                format!("\"{typed}\" is not a barcode: it may only contain digits")
            }
            Problem::BarcodeLength { typed, digits } => format!(
                "\"{typed}\" has {digits} digits; a barcode has 8 (EAN-8), 12 (UPC-A) or 13 (EAN-13)"
            ),
            Problem::BarcodeCheckDigit { typed, expected } => format!(
                "\"{typed}\" has a wrong check digit (expected {expected}); rescan or retype it"
            ),
            Problem::Taken { value, by } => {
                format!("{what} {value} is already used by \"{by}\"")
            }
            Problem::TwiceInFile { value } => format!("{what} {value} appears twice in the file"),
            Problem::UnknownCategory => "the category does not exist".into(),
            Problem::NotYesNo { typed } => format!("\"{typed}\" in {what} is not 1/0 or ja/nej"),
            Problem::NotWholeNumber { typed } => {
                format!("\"{typed}\" in {what} is not a whole number")
            }
            Problem::NotAnArticleKind { typed } => {
                format!("\"{typed}\" in {what} is neither goods (vara) nor service (tjänst)")
            }
            Problem::NotUtf8 => "the file is not UTF-8; save it as \"CSV UTF-8\"".into(),
            Problem::UnknownColumn { name } => format!("unknown column \"{name}\""),
            Problem::MissingColumn { name } => format!("column \"{name}\" is missing"),
            Problem::DuplicateColumn { name } => format!("column \"{name}\" appears twice"),
            Problem::Unreadable { detail } => format!("the row cannot be read: {detail}"),
        }
    }
}
