//! What the Pay screen sends and receives: the invoice customer's form, and one checkout as
//! the cashier follows it (built in the till core, `kassa::checkout::CheckoutView`).

pub use kassa::checkout::{CheckoutView, TimelineEntry};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{AppError, ErrorCode};

/// The invoice customer as the Pay screen's form sends it: the core's form.
pub use kassa::customer::CustomerForm as CustomerInput;

/// Every invalid field, checked by the till core (none: the form is good).
pub fn problems(form: CustomerInput, today: jiff::civil::Date) -> Vec<CustomerProblem> {
    match form.check(today) {
        Ok(_) => Vec::new(),
        Err(problems) => problems.into_iter().map(CustomerProblem::from).collect(),
    }
}

/// Checked by the till core; refused with the first invalid field named in `field`.
pub fn validated(
    form: CustomerInput,
    today: jiff::civil::Date,
) -> Result<kassa::Customer, AppError> {
    form.check(today)
        .map_err(|problems| match problems.into_iter().next() {
            Some(problem) => {
                let field = problem.field.name();
                AppError::from(kassa::Error::from(problem)).at_field(field)
            }
            None => AppError::new(ErrorCode::InvalidCustomer, "the customer was refused"),
        })
}

/// One invalid field of the customer form, shown next to that field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "CustomerProblem.ts")]
pub struct CustomerProblem {
    /// The field as [`CustomerInput`] names it: `personnummer`, `first_name`, `email`...
    pub field: String,
    /// What is wrong, for the UI's translation: `missing`, `too_long`, `control_character`,
    /// `personnummer_format`, `personnummer_date`, `personnummer_check_digit`, `email`,
    /// `phone`, `postal_code`, `country`.
    pub problem: String,
    /// English detail for logs and support.
    pub message: String,
}

impl From<kassa::customer::FieldProblem> for CustomerProblem {
    fn from(p: kassa::customer::FieldProblem) -> Self {
        CustomerProblem {
            field: p.field.name().to_owned(),
            problem: p.problem.name().to_owned(),
            message: p.message,
        }
    }
}
