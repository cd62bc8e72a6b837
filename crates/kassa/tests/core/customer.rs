use jiff::civil::{Date, date};
use kassa::ErrorCode;
use kassa::customer::{Customer, CustomerForm, Personnummer};

use crate::injection::HIDDEN;
use crate::temp_db;

const TODAY: Date = date(2026, 11, 27);

fn pnr(s: &str) -> kassa::Result<String> {
    Personnummer::parse(s, TODAY).map(|p| p.as_str().to_owned())
}

#[test]
fn personnummer_is_normalised_to_twelve_digits() {
    assert_eq!(pnr("19811218-9876").unwrap(), "198112189876");
    assert_eq!(pnr("198112189876").unwrap(), "198112189876");
    assert_eq!(pnr("811218-9876").unwrap(), "198112189876");
    assert_eq!(pnr("8112189876").unwrap(), "198112189876");
    assert_eq!(pnr("121212-1212").unwrap(), "201212121212");
    assert_eq!(
        pnr("121212+1212").unwrap(),
        "191212121212",
        "+ means 100 or older"
    );
    assert_eq!(
        pnr(" 701063-2391 ").unwrap(),
        "197010632391",
        "samordningsnummer"
    );
    assert_eq!(
        Personnummer::parse("8112189876", TODAY)
            .unwrap()
            .to_string(),
        "19811218-9876"
    );
}

#[test]
fn bad_personnummer_is_refused_with_the_reason() {
    for (typed, why) in [
        ("19811218-9875", "check digit"),
        ("811318-9876", "date"),
        ("81121-89876", "before the last four"),
        ("81121898", "8 digits"),
        ("8112189876x", "only digits"),
        ("", "0 digits"),
        ("811218--9876", "only digits"),
    ] {
        let err = pnr(typed).unwrap_err();
        assert_eq!(
            Personnummer::parse(typed, TODAY).unwrap_err().code(),
            ErrorCode::InvalidPersonnummer
        );
        assert!(err.to_string().contains(why), "{typed}: {err}");
    }
}

fn anna() -> Customer {
    Customer {
        personnummer: Personnummer::parse("811218-9876", TODAY).unwrap(),
        first_name: " Anna ".into(),
        last_name: "Öberg".into(),
        email: "anna@example.se".into(),
        phone: "+46 70-123 45 67".into(),
        street: "Storgatan 1".into(),
        postal_code: "123 45".into(),
        city: "Stockholm".into(),
        country: "se".into(),
    }
}

#[test]
fn saves_and_finds_customers_by_personnummer_name_and_phone() {
    let (_dir, db) = temp_db();
    let customers = db.customers();
    let saved = customers.save(anna()).unwrap();
    assert_eq!(saved.customer.first_name, "Anna");
    assert_eq!(saved.customer.postal_code, "12345");
    assert_eq!(saved.customer.country, "SE");
    customers
        .save(Customer {
            personnummer: Personnummer::parse("121212-1212", TODAY).unwrap(),
            first_name: "Tolvan".into(),
            last_name: "Tolvansson".into(),
            phone: "08-12 12 12".into(),
            ..anna()
        })
        .unwrap();

    let found = |typed: &str| -> Vec<String> {
        customers
            .search(typed, TODAY, 10)
            .unwrap()
            .into_iter()
            .map(|c| c.customer.first_name)
            .collect()
    };
    assert_eq!(found("19811218-9876"), ["Anna"]);
    assert_eq!(found("8112189876"), ["Anna"]);
    assert_eq!(found("öberg"), ["Anna"]);
    assert_eq!(found("anna ÖB"), ["Anna"]);
    assert_eq!(found("tolv"), ["Tolvan"]);
    assert_eq!(
        found("070-123"),
        ["Anna"],
        "+46 70 and 070 are the same number"
    );
    assert_eq!(found("0812"), ["Tolvan"]);
    assert!(found("Karlsson").is_empty());
    assert!(found("%").is_empty());
    assert_eq!(customers.get(saved.id).unwrap(), saved);

    // Saving the same personnummer updates the customer.
    let moved = customers
        .save(Customer {
            city: "Uppsala".into(),
            postal_code: "75320".into(),
            ..anna()
        })
        .unwrap();
    assert_eq!(moved.id, saved.id);
    let pnr = Personnummer::parse("811218-9876", TODAY).unwrap();
    assert_eq!(
        customers
            .by_personnummer(&pnr)
            .unwrap()
            .unwrap()
            .customer
            .city,
        "Uppsala"
    );
}

#[test]
fn refuses_incomplete_invoice_customers() {
    let (_dir, db) = temp_db();
    let customers = db.customers();
    for broken in [
        Customer {
            first_name: "".into(),
            ..anna()
        },
        Customer {
            email: "anna.example.se".into(),
            ..anna()
        },
        Customer {
            email: "anna@localhost".into(),
            ..anna()
        },
        Customer {
            phone: "12".into(),
            ..anna()
        },
        Customer {
            phone: "070 abc".into(),
            ..anna()
        },
        Customer {
            postal_code: "1234".into(),
            ..anna()
        },
        Customer {
            street: " ".into(),
            ..anna()
        },
        Customer {
            country: "Sverige".into(),
            ..anna()
        },
    ] {
        let err = customers.save(broken.clone()).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidCustomer, "{broken:?}");
    }
    assert!(
        customers.search("anna", TODAY, 10).unwrap().is_empty(),
        "nothing saved"
    );
    // Postal codes of other countries are kept as typed.
    let de = customers
        .save(Customer {
            country: "DE".into(),
            postal_code: "10115".into(),
            ..anna()
        })
        .unwrap();
    assert_eq!(de.customer.country, "DE");
}

#[test]
fn personnummer_from_the_ui_is_checked_too() {
    let ok: Personnummer = serde_json::from_str("\"19811218-9876\"").unwrap();
    assert_eq!(serde_json::to_string(&ok).unwrap(), "\"198112189876\"");
    assert!(serde_json::from_str::<Personnummer>("\"198112189875\"").is_err());
    assert!(serde_json::from_str::<Personnummer>("\"8112189876\"").is_err());
}

/// Sets one text field of the form, by its name.
fn with_field(mut form: CustomerForm, field: &str, value: &str) -> CustomerForm {
    let slot = match field {
        "first_name" => &mut form.first_name,
        "last_name" => &mut form.last_name,
        "email" => &mut form.email,
        "phone" => &mut form.phone,
        "street" => &mut form.street,
        "postal_code" => &mut form.postal_code,
        "city" => &mut form.city,
        "country" => &mut form.country,
        other => panic!("no field {other}"),
    };
    *slot = value.into();
    form
}

#[test]
fn hidden_characters_in_any_customer_field_are_refused_before_kronor_sees_them() {
    let form = CustomerForm {
        personnummer: "811218-9876".into(),
        first_name: "Anna".into(),
        last_name: "Öberg".into(),
        email: "anna@example.se".into(),
        phone: "070-123 45 67".into(),
        street: "Storgatan 1".into(),
        postal_code: "123 45".into(),
        city: "Stockholm".into(),
        country: "SE".into(),
    };
    assert!(form.clone().check(TODAY).is_ok());
    let (_dir, db) = temp_db();
    for text in HIDDEN {
        for field in [
            "first_name",
            "last_name",
            "email",
            "phone",
            "street",
            "postal_code",
            "city",
            "country",
        ] {
            let problems = with_field(form.clone(), field, text)
                .check(TODAY)
                .unwrap_err();
            let found: Vec<(&str, &str)> = problems
                .iter()
                .map(|p| (p.field.name(), p.problem.name()))
                .collect();
            assert_eq!(found, [(field, "control_character")], "{field} = {text:?}");
        }
        let customer = Customer {
            street: format!("Storgatan {text}"),
            ..anna()
        };
        let err = db.customers().save(customer).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidCustomer, "{text:?}");
    }
    assert!(db.customers().search("Anna", TODAY, 5).unwrap().is_empty());
}
