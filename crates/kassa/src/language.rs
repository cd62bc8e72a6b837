//! The language the till speaks to the customer and the cashier on paper and in messages:
//! receipts, reports, and the control unit's failure texts.

/// The language a receipt or report is printed in. Amounts follow it too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    Swedish,
    English,
}
