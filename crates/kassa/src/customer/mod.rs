//! Invoice customers: the billing details Kronor requires, with a checked personnummer, kept
//! locally and found again by personnummer, name or phone.

mod form;
mod personnummer;
mod store;

pub use form::{CustomerField, CustomerForm, FieldProblem, Problem};
pub use personnummer::Personnummer;
pub use store::Customers;

use serde::{Deserialize, Serialize};

use crate::error::Result;
use form::Details;

/// The billing details of an invoice customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    pub personnummer: Personnummer,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    /// ISO 3166 alpha-2, e.g. `SE`.
    pub country: String,
}

/// A customer as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedCustomer {
    pub id: i64,
    pub customer: Customer,
}

/// Digits of a phone number in national form (`+46 70…` and `070…` compare equal).
pub(super) fn phone_digits(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    match digits.strip_prefix("46") {
        Some(rest) if phone.trim_start().starts_with('+') => format!("0{rest}"),
        _ => digits,
    }
}

impl Customer {
    /// Trims and checks every field; normalises the postal code and country. Fails with the
    /// first field's problem ([`CustomerForm::check`] answers all of them).
    pub fn validated(self) -> Result<Customer> {
        let Customer {
            personnummer,
            first_name,
            last_name,
            email,
            phone,
            street,
            postal_code,
            city,
            country,
        } = self;
        let mut details = Details {
            first_name,
            last_name,
            email,
            phone,
            street,
            postal_code,
            city,
            country,
        };
        if let Some(problem) = details.normalise().into_iter().next() {
            return Err(problem.into());
        }
        Ok(details.with(personnummer))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{Date, date};

    const TODAY: Date = date(2026, 11, 27);

    fn tolvan() -> CustomerForm {
        CustomerForm {
            personnummer: "19121212-1212".into(),
            first_name: " Tolvan ".into(),
            last_name: "Tolvansson".into(),
            email: "tolvan@example.se".into(),
            phone: "070-123 45 67".into(),
            street: "Storgatan 1".into(),
            postal_code: "123 45".into(),
            city: "Stockholm".into(),
            country: String::new(),
        }
    }

    #[test]
    fn a_good_form_becomes_a_normalised_customer() {
        let customer = tolvan().check(TODAY).unwrap();
        assert_eq!(customer.personnummer.as_str(), "191212121212");
        assert_eq!(customer.first_name, "Tolvan");
        assert_eq!(customer.postal_code, "12345");
        assert_eq!(customer.country, "SE", "an empty country means Sweden");
    }

    #[test]
    fn every_bad_field_is_named_with_its_own_problem() {
        let form = CustomerForm {
            personnummer: "19121212-1213".into(),
            first_name: "  ".into(),
            last_name: "x".repeat(101),
            email: "tolvan-at-example".into(),
            phone: "12".into(),
            street: String::new(),
            postal_code: "1234".into(),
            city: String::new(),
            country: "SE".into(),
        };
        let problems = form.check(TODAY).unwrap_err();
        let found: Vec<(&str, &str)> = problems
            .iter()
            .map(|p| (p.field.name(), p.problem.name()))
            .collect();
        assert_eq!(
            found,
            [
                ("personnummer", "personnummer_check_digit"),
                ("first_name", "missing"),
                ("last_name", "too_long"),
                ("street", "missing"),
                ("city", "missing"),
                ("email", "email"),
                ("phone", "phone"),
                ("postal_code", "postal_code"),
            ]
        );
        assert!(problems.iter().all(|p| !p.message.is_empty()));
        // serde spells fields and problems as the UI does.
        let json = serde_json::to_value(&problems[0]).unwrap();
        assert_eq!(json["field"], "personnummer");
        assert_eq!(json["problem"], "personnummer_check_digit");
    }

    #[test]
    fn personnummer_problems_say_what_is_wrong() {
        let problem = |typed: &str| Personnummer::check(typed, TODAY).unwrap_err().problem;
        assert_eq!(problem("19811318-9876"), Problem::PersonnummerDate);
        assert_eq!(problem("19811218-9875"), Problem::PersonnummerCheckDigit);
        assert_eq!(problem("8112189"), Problem::PersonnummerFormat);
        assert_eq!(problem(""), Problem::PersonnummerFormat);
        assert_eq!(problem("81121a-9876"), Problem::PersonnummerFormat);
    }

    #[test]
    fn validated_refuses_with_the_first_problem_under_the_old_codes() {
        let mut form = tolvan();
        form.email = "nope".into();
        let customer = tolvan().check(TODAY).unwrap();
        let broken = Customer {
            email: form.email,
            ..customer
        };
        let error = broken.validated().unwrap_err();
        assert_eq!(error.code(), crate::ErrorCode::InvalidCustomer);
        assert!(error.to_string().contains("email"), "{error}");
        let error = Personnummer::parse("19811218-9875", TODAY).unwrap_err();
        assert_eq!(error.code(), crate::ErrorCode::InvalidPersonnummer);
        assert!(error.to_string().contains("check digit"), "{error}");
    }
}
