//! Invoice customers: the billing details Kronor requires, with a checked personnummer, kept
//! locally and found again by personnummer, name or phone.

use std::fmt;

use jiff::civil::Date;
use rusqlite::{OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::storage::Db;
use crate::text::{code_point, hidden_char};

/// A Swedish personnummer (or samordningsnummer), normalised to 12 digits `YYYYMMDDNNNC`.
/// Deserialising checks it too (12 digits, as it is serialised), so a value from the UI
/// cannot skip the check.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Personnummer(String);

impl TryFrom<String> for Personnummer {
    type Error = Error;
    fn try_from(s: String) -> Result<Personnummer> {
        let digits = s.replace(['-', '+'], "");
        if digits.len() != 12 {
            return Err(Error::InvalidPersonnummer(format!(
                "\"{s}\" is not a 12-digit personnummer."
            )));
        }
        // The century is explicit, so the date only matters for 10-digit input.
        Personnummer::parse(&s, Date::MAX)
    }
}

impl From<Personnummer> for String {
    fn from(p: Personnummer) -> String {
        p.0
    }
}

impl Personnummer {
    /// Reads 10 or 12 digits with or without `-`/`+` (`+` marks someone 100 or older when only
    /// 10 digits are given). `today` decides the century of a 10-digit number.
    pub fn parse(input: &str, today: Date) -> Result<Personnummer> {
        Personnummer::check(input, today).map_err(Error::from)
    }

    /// [`Personnummer::parse`], answering what is wrong as a problem of the form's field.
    pub fn check(input: &str, today: Date) -> std::result::Result<Personnummer, FieldProblem> {
        let text = input.trim();
        let bad = |problem: Problem, why: &str| {
            Err(FieldProblem {
                field: CustomerField::Personnummer,
                problem,
                message: format!(
                    "\"{text}\" is not a valid personnummer: {why}. Type it as ÅÅÅÅMMDD-NNNN."
                ),
            })
        };
        let (digits, separator) = match text.find(['-', '+']) {
            Some(at) => {
                let (a, b) = text.split_at(at);
                (format!("{a}{}", &b[1..]), Some(&b[..1]))
            }
            None => (text.to_owned(), None),
        };
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return bad(
                Problem::PersonnummerFormat,
                "only digits and one - or + are allowed",
            );
        }
        if let Some(at) = text.find(['-', '+'])
            && text.len() - at != 5
        {
            return bad(
                Problem::PersonnummerFormat,
                "the - or + goes before the last four digits",
            );
        }
        let full = match digits.len() {
            12 => digits,
            10 => {
                let yy: i16 = digits[..2].parse().unwrap_or(0);
                let this_year = today.year();
                let mut year = this_year - this_year % 100 + yy;
                if year > this_year {
                    year -= 100;
                }
                if separator == Some("+") {
                    year -= 100;
                }
                format!("{year:04}{}", &digits[2..])
            }
            n => {
                return bad(
                    Problem::PersonnummerFormat,
                    &format!("it has {n} digits, not 10 or 12"),
                );
            }
        };
        let num = |range: std::ops::Range<usize>| full[range].parse::<i8>().unwrap_or(0);
        let year: i16 = full[..4].parse().unwrap_or(0);
        let (month, mut day) = (num(4..6), num(6..8));
        if day > 60 {
            day -= 60; // samordningsnummer
        }
        if Date::new(year, month, day).is_err() {
            return bad(Problem::PersonnummerDate, "the birth date does not exist");
        }
        if !luhn_ok(&full[2..]) {
            return bad(Problem::PersonnummerCheckDigit, "the check digit is wrong");
        }
        Ok(Personnummer(full))
    }

    /// The 12 digits, as Kronor's `nationalIdentificationNumber` takes them.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Personnummer {
    /// `YYYYMMDD-NNNN`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", &self.0[..8], &self.0[8..])
    }
}

/// The Luhn check over the 10 digits `YYMMDDNNNC`.
fn luhn_ok(ten: &str) -> bool {
    let sum: u32 = ten
        .bytes()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0') * if i % 2 == 0 { 2 } else { 1 };
            d / 10 + d % 10
        })
        .sum();
    sum.is_multiple_of(10)
}

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
fn phone_digits(phone: &str) -> String {
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

/// The customer form as typed: every field a string, nothing checked yet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerForm {
    pub personnummer: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    /// ISO 3166 alpha-2; empty means `SE`.
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
struct Details {
    first_name: String,
    last_name: String,
    email: String,
    phone: String,
    street: String,
    postal_code: String,
    city: String,
    country: String,
}

impl Details {
    /// Trims every field, normalises the postal code and country, and answers every problem.
    /// A field with a hidden character gets only that problem.
    fn normalise(&mut self) -> Vec<FieldProblem> {
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

    fn with(self, personnummer: Personnummer) -> Customer {
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

const CUSTOMER_COLUMNS: &str =
    "id, personnummer, first_name, last_name, email, phone, street, postal_code, city, country";

fn customer_from_row(row: &Row<'_>) -> rusqlite::Result<SavedCustomer> {
    Ok(SavedCustomer {
        id: row.get(0)?,
        customer: Customer {
            personnummer: Personnummer(row.get(1)?),
            first_name: row.get(2)?,
            last_name: row.get(3)?,
            email: row.get(4)?,
            phone: row.get(5)?,
            street: row.get(6)?,
            postal_code: row.get(7)?,
            city: row.get(8)?,
            country: row.get(9)?,
        },
    })
}

/// The customers of one database.
pub struct Customers<'a> {
    db: &'a Db,
}

impl Db {
    pub fn customers(&self) -> Customers<'_> {
        Customers { db: self }
    }
}

impl Customers<'_> {
    /// Saves a customer; one with the same personnummer is updated.
    pub fn save(&self, customer: Customer) -> Result<SavedCustomer> {
        let c = customer.validated()?;
        let id: i64 = self.db.conn().query_row(
            "INSERT INTO customer(personnummer, first_name, last_name, email, phone, phone_digits,
                                  street, postal_code, city, country)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
             ON CONFLICT(personnummer) DO UPDATE SET first_name = excluded.first_name,
               last_name = excluded.last_name, email = excluded.email, phone = excluded.phone,
               phone_digits = excluded.phone_digits, street = excluded.street,
               postal_code = excluded.postal_code, city = excluded.city, country = excluded.country
             RETURNING id",
            params![
                c.personnummer.as_str(),
                c.first_name,
                c.last_name,
                c.email,
                c.phone,
                phone_digits(&c.phone),
                c.street,
                c.postal_code,
                c.city,
                c.country
            ],
            |r| r.get(0),
        )?;
        Ok(SavedCustomer { id, customer: c })
    }

    pub fn get(&self, id: i64) -> Result<SavedCustomer> {
        let sql = format!("SELECT {CUSTOMER_COLUMNS} FROM customer WHERE id = ?1");
        self.db
            .conn()
            .query_row(&sql, [id], customer_from_row)
            .optional()?
            .ok_or_else(|| Error::NotFound(format!("Customer {id} does not exist.")))
    }

    pub fn by_personnummer(&self, pnr: &Personnummer) -> Result<Option<SavedCustomer>> {
        let sql = format!("SELECT {CUSTOMER_COLUMNS} FROM customer WHERE personnummer = ?1");
        Ok(self
            .db
            .conn()
            .query_row(&sql, [pnr.as_str()], customer_from_row)
            .optional()?)
    }

    /// Finds customers by personnummer (exact), phone (digits typed so far) or name (every
    /// word typed starts a first or last name).
    pub fn search(&self, typed: &str, today: Date, limit: usize) -> Result<Vec<SavedCustomer>> {
        let typed = typed.trim();
        if typed.is_empty() {
            return Ok(Vec::new());
        }
        if let Ok(pnr) = Personnummer::parse(typed, today) {
            return Ok(self.by_personnummer(&pnr)?.into_iter().collect());
        }
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let conn = self.db.conn();
        let looks_like_phone = typed
            .chars()
            .all(|c| c.is_ascii_digit() || " -+()".contains(c));
        if looks_like_phone {
            let digits = phone_digits(typed);
            if digits.is_empty() {
                return Ok(Vec::new());
            }
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {CUSTOMER_COLUMNS} FROM customer WHERE phone_digits LIKE ?1 || '%'
                 ORDER BY last_name, first_name LIMIT ?2"
            ))?;
            let rows = stmt.query_map(params![digits, limit], customer_from_row)?;
            return Ok(rows.collect::<rusqlite::Result<_>>()?);
        }
        // Small table: filter in Rust so that Å, Ä and Ö compare case-insensitively too.
        let words: Vec<String> = typed.split_whitespace().map(str::to_lowercase).collect();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {CUSTOMER_COLUMNS} FROM customer ORDER BY last_name, first_name"
        ))?;
        let rows = stmt.query_map([], customer_from_row)?;
        let mut out = Vec::new();
        for row in rows {
            let saved = row?;
            let first = saved.customer.first_name.to_lowercase();
            let last = saved.customer.last_name.to_lowercase();
            if words
                .iter()
                .all(|w| first.starts_with(w) || last.starts_with(w))
            {
                out.push(saved);
                if out.len() as i64 >= limit {
                    break;
                }
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

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
