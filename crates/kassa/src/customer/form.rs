//! The invoice customer form: every field checked, each problem named by field.

use serde::{Deserialize, Serialize};

use jiff::civil::Date;

use super::{Customer, Personnummer, phone_digits};
use crate::error::Error;
use crate::text::{code_point, hidden_char};

/// A field of the invoice customer form; the UI shows a problem next to the field it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CustomerField {
    Personnummer,
    FirstName,
    LastName,
    Email,
    Phone,
    Street,
    PostalCode,
    City,
    Country,
}

impl CustomerField {
    /// The field's name as the form (and serde) spell it: `first_name`, `postal_code`...
    pub fn name(self) -> &'static str {
        match self {
            CustomerField::Personnummer => "personnummer",
            CustomerField::FirstName => "first_name",
            CustomerField::LastName => "last_name",
            CustomerField::Email => "email",
            CustomerField::Phone => "phone",
            CustomerField::Street => "street",
            CustomerField::PostalCode => "postal_code",
            CustomerField::City => "city",
            CustomerField::Country => "country",
        }
    }
}

/// What is wrong with a field, so the UI can say it in the cashier's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    /// Left empty.
    Missing,
    /// Longer than Kronor takes (100 characters).
    TooLong,
    /// A control, bidi or zero-width character ([`crate::text::is_hidden`]).
    ControlCharacter,
    /// Not 10 or 12 digits with at most one `-`/`+` before the last four.
    PersonnummerFormat,
    /// The birth date in it does not exist.
    PersonnummerDate,
    /// The last digit does not match (a typo).
    PersonnummerCheckDigit,
    Email,
    Phone,
    PostalCode,
    Country,
}

impl Problem {
    /// The problem's name as serde spells it (`check_digit`...), for the UI's message key.
    pub fn name(self) -> &'static str {
        match self {
            Problem::Missing => "missing",
            Problem::TooLong => "too_long",
            Problem::ControlCharacter => "control_character",
            Problem::PersonnummerFormat => "personnummer_format",
            Problem::PersonnummerDate => "personnummer_date",
            Problem::PersonnummerCheckDigit => "personnummer_check_digit",
            Problem::Email => "email",
            Problem::Phone => "phone",
            Problem::PostalCode => "postal_code",
            Problem::Country => "country",
        }
    }
}

/// One invalid field: which, what is wrong, and an English sentence for logs and support.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldProblem {
    pub field: CustomerField,
    pub problem: Problem,
    pub message: String,
}

impl From<FieldProblem> for Error {
    fn from(p: FieldProblem) -> Error {
        match p.field {
            CustomerField::Personnummer => Error::InvalidPersonnummer(p.message),
            _ => Error::InvalidCustomer(p.message),
        }
    }
}

/// The customer form as typed: every field a string, nothing checked yet. The Pay screen
/// sends it as it is (without a country: the till's customers are Swedish).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(export_to = "CustomerInput.ts", rename = "CustomerInput")
)]
pub struct CustomerForm {
    pub personnummer: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    /// ISO 3166 alpha-2; empty (or not sent) means `SE`.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub country: String,
}

impl CustomerForm {
    /// Checks every field at once (not only the first bad one), so the form can mark each;
    /// `today` decides the century of a 10-digit personnummer.
    pub fn check(self, today: Date) -> std::result::Result<Customer, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let personnummer = Personnummer::check(&self.personnummer, today)
            .map_err(|p| problems.push(p))
            .ok();
        let country = if self.country.trim().is_empty() {
            "SE".to_owned()
        } else {
            self.country
        };
        let mut details = Details {
            first_name: self.first_name,
            last_name: self.last_name,
            email: self.email,
            phone: self.phone,
            street: self.street,
            postal_code: self.postal_code,
            city: self.city,
            country,
        };
        problems.extend(details.normalise());
        match personnummer {
            Some(personnummer) if problems.is_empty() => Ok(details.with(personnummer)),
            _ => Err(problems),
        }
    }
}

/// Kronor's limit for names and address fields.
const MAX_FIELD_CHARS: usize = 100;

/// The customer's fields other than the personnummer, checked together.
pub(super) struct Details {
    pub(super) first_name: String,
    pub(super) last_name: String,
    pub(super) email: String,
    pub(super) phone: String,
    pub(super) street: String,
    pub(super) postal_code: String,
    pub(super) city: String,
    pub(super) country: String,
}

impl Details {
    /// Trims every field, normalises the postal code and country, and answers every problem.
    /// A field with a hidden character gets only that problem.
    pub(super) fn normalise(&mut self) -> Vec<FieldProblem> {
        use CustomerField as F;
        let mut problems = Vec::new();
        let mut hidden = Vec::new();
        for (field, value) in [
            (F::FirstName, &mut self.first_name),
            (F::LastName, &mut self.last_name),
            (F::Email, &mut self.email),
            (F::Phone, &mut self.phone),
            (F::Street, &mut self.street),
            (F::PostalCode, &mut self.postal_code),
            (F::City, &mut self.city),
            (F::Country, &mut self.country),
        ] {
            *value = value.trim().to_owned();
            if let Some(c) = hidden_char(value) {
                hidden.push(field);
                problems.push(FieldProblem {
                    field,
                    problem: Problem::ControlCharacter,
                    message: format!(
                        "The {} contains an invisible or control character ({}); retype it.",
                        field.name().replace('_', " "),
                        code_point(c)
                    ),
                });
            }
        }
        let mut bad = |field, problem, message: &str| {
            if hidden.contains(&field) {
                return;
            }
            problems.push(FieldProblem {
                field,
                problem,
                message: message.to_owned(),
            });
        };
        for (field, value, missing) in [
            (
                F::FirstName,
                &self.first_name,
                "Enter the customer's first name.",
            ),
            (
                F::LastName,
                &self.last_name,
                "Enter the customer's last name.",
            ),
            (
                F::Street,
                &self.street,
                "Enter the customer's street address.",
            ),
            (F::City, &self.city, "Enter the customer's city."),
        ] {
            if value.is_empty() {
                bad(field, Problem::Missing, missing);
            } else if value.chars().count() > MAX_FIELD_CHARS {
                bad(
                    field,
                    Problem::TooLong,
                    &format!(
                        "The {} is longer than {MAX_FIELD_CHARS} characters.",
                        field.name().replace('_', " ")
                    ),
                );
            }
        }
        let email_ok = match self.email.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !self.email.contains(char::is_whitespace)
                    && !domain.contains('@')
            }
            None => false,
        };
        if !email_ok {
            bad(
                F::Email,
                Problem::Email,
                "Enter an email address like namn@example.se.",
            );
        }
        let digits = phone_digits(&self.phone);
        let phone_chars_ok = self
            .phone
            .chars()
            .all(|c| c.is_ascii_digit() || " -+()".contains(c));
        if !phone_chars_ok || !(7..=15).contains(&digits.len()) {
            bad(
                F::Phone,
                Problem::Phone,
                "Enter a phone number like 070-123 45 67.",
            );
        }
        self.country = self.country.to_uppercase();
        if self.country.len() != 2 || !self.country.bytes().all(|b| b.is_ascii_uppercase()) {
            bad(
                F::Country,
                Problem::Country,
                "Enter the country as two letters, e.g. SE.",
            );
        } else if self.country == "SE" {
            let code: String = self.postal_code.chars().filter(|c| *c != ' ').collect();
            if code.len() != 5 || !code.bytes().all(|b| b.is_ascii_digit()) {
                bad(
                    F::PostalCode,
                    Problem::PostalCode,
                    "A Swedish postal code has five digits, like 123 45.",
                );
            } else {
                self.postal_code = code;
            }
        } else if self.postal_code.is_empty() {
            bad(F::PostalCode, Problem::Missing, "Enter the postal code.");
        }
        problems
    }

    pub(super) fn with(self, personnummer: Personnummer) -> Customer {
        Customer {
            personnummer,
            first_name: self.first_name,
            last_name: self.last_name,
            email: self.email,
            phone: self.phone,
            street: self.street,
            postal_code: self.postal_code,
            city: self.city,
            country: self.country,
        }
    }
}
