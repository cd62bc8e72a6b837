//! The till's settings on a real database file: defaults, validation with a problem per field,
//! nothing half-written, persistence across a reopen, the printer's test page on a test printer.

#[path = "support/injection.rs"]
mod injection;
mod support;

use std::io::Read;
use std::net::TcpListener;

use kassa::Db;
use kassa::checkout::Tender;
use kassa::print::{CupsFormat, Printer};
use kassa::receipt::escpos::{self, Paper};
use kassa::receipt::{AfterSale, Language, Shop};
use kassa::settings::{SettingsError, TillSettings, output_folder, test_page};

fn shop(org: &str) -> Shop {
    Shop {
        name: "  Kafé Ängen ".into(),
        org_number: org.into(),
        address: "Storgatan 1, 123 45 Småstad".into(),
        after_sale: AfterSale::Pdf,
    }
}

fn printer_settings(address: &str) -> TillSettings {
    TillSettings {
        register_id: " DISK-2 ".into(),
        language: Language::English,
        printer: Some(Printer::Network {
            address: address.into(),
        }),
        paper: Paper::Mm58,
        // This printer cannot draw QR codes.
        receipt_qr: false,
        // A shop whose customers mostly pay later.
        default_tender: Tender::Invoice,
        control_unit: String::new(),
        // A drawer on its own port, opened by a command (trimmed when saved).
        drawer: kassa::cash::Drawer::Command {
            command: " kassa-drawer '/dev/ttyUSB0' ".into(),
        },
    }
}

#[test]
fn the_control_unit_is_saved_without_a_password_and_its_address_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kassa.sqlite");
    let with_unit = |address: &str, register_id: &str| TillSettings {
        control_unit: address.into(),
        register_id: register_id.into(),
        ..printer_settings("192.168.1.50")
    };
    {
        let db = Db::open(&path).unwrap();
        db.save_settings(
            shop("5566778899"),
            with_unit(" http://kassa@10.0.0.5:8081/xccsp ", "DISK-2"),
        )
        .unwrap();
    }
    let db = Db::open(&path).unwrap();
    let saved = db.till_settings().unwrap();
    assert_eq!(saved.control_unit, "http://kassa@10.0.0.5:8081/xccsp");
    assert_eq!(
        saved.register_designation(),
        "DISK2",
        "the unit takes A-Z and digits only"
    );

    let problems = |settings: TillSettings| match db.save_settings(shop("5566778899"), settings) {
        Err(SettingsError::Invalid(problems)) => problems
            .into_iter()
            .map(|p| (p.field, p.problem))
            .collect::<Vec<_>>(),
        other => panic!("saved: {other:?}"),
    };
    assert_eq!(
        problems(with_unit("http://kassa:hemligt@10.0.0.5/xccsp", "DISK-2")),
        [("control_unit", "password_in_address")],
        "a password typed into the address is refused, never stored in the file"
    );
    assert_eq!(
        problems(with_unit("ftp://10.0.0.5/", "DISK-2")),
        [("control_unit", "unit_address")]
    );
    assert_eq!(
        problems(with_unit("serial:///dev/ttyUSB0?baud=fast", "DISK-2")),
        [("control_unit", "unit_address")]
    );
    assert_eq!(
        problems(with_unit("serial:///dev/ttyUSB0", "KASSA-NUMMER-0000017")),
        [("register_id", "designation")],
        "with a control unit the designation must fit in 16 characters"
    );
    assert_eq!(
        db.till_settings().unwrap().control_unit,
        "http://kassa@10.0.0.5:8081/xccsp",
        "nothing of a refused form was saved"
    );
    db.save_settings(shop("5566778899"), with_unit("", "KASSA-NUMMER-0000017"))
        .expect("without a control unit the longer register id is fine");
    assert_eq!(db.till_settings().unwrap().control_unit, "");
}

#[test]
fn an_ordinary_printer_queue_is_kept_apart_from_a_receipt_printer_queue() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kassa.sqlite");
    let queue = |format| TillSettings {
        printer: Some(Printer::Cups {
            queue: " Kontoret ".into(),
            server: Some(" ".into()),
            format,
        }),
        ..printer_settings("")
    };
    {
        let db = Db::open(&path).unwrap();
        db.save_settings(shop("5566778899"), queue(CupsFormat::Pdf))
            .unwrap();
    }
    let db = Db::open(&path).unwrap();
    assert_eq!(
        db.till_settings().unwrap().printer,
        Some(Printer::Cups {
            queue: "Kontoret".into(),
            server: None,
            format: CupsFormat::Pdf,
        }),
        "an office printer's queue stays a PDF queue across a reopen"
    );
    db.save_settings(shop("5566778899"), queue(CupsFormat::Raw))
        .unwrap();
    assert!(matches!(
        db.till_settings().unwrap().printer,
        Some(Printer::Cups {
            format: CupsFormat::Raw,
            ..
        })
    ));
}

#[test]
fn a_fresh_till_runs_on_defaults_until_settings_are_saved() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(dir.path().join("kassa.sqlite")).unwrap();
    let till = db.till_settings().unwrap();
    assert_eq!(till, TillSettings::default());
    assert_eq!(till.register_id, "KASSA-1");
    assert_eq!(till.printer, None);
    assert!(db.shop().is_err(), "no shop before Settings");
}

#[test]
fn settings_persist_normalised_across_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kassa.sqlite");
    {
        let db = Db::open(&path).unwrap();
        let (shop, till) = db
            .save_settings(shop("556677 8899"), printer_settings(" 192.168.1.50:9100 "))
            .unwrap();
        assert_eq!(shop.org_number, "556677-8899");
        assert_eq!(shop.name, "Kafé Ängen");
        assert_eq!(till.register_id, "DISK-2");
    }
    let db = Db::open(&path).unwrap();
    let till = db.till_settings().unwrap();
    assert_eq!(till.register_id, "DISK-2");
    assert_eq!(till.language, Language::English);
    assert_eq!(till.paper, Paper::Mm58);
    assert!(
        !till.receipt_qr,
        "no QR code for a printer that cannot draw one"
    );
    assert_eq!(
        till.default_tender,
        Tender::Invoice,
        "the shop's own default tender is kept"
    );
    assert_eq!(
        till.printer,
        Some(Printer::Network {
            address: "192.168.1.50:9100".into()
        })
    );
    let saved = db.shop().unwrap();
    assert_eq!(saved.after_sale, AfterSale::Pdf);
    assert_eq!(saved.org_number, "556677-8899");

    // The header's language switch keeps everything else.
    db.set_language(Language::Swedish).unwrap();
    let till = db.till_settings().unwrap();
    assert_eq!(till.language, Language::Swedish);
    assert_eq!(till.register_id, "DISK-2");
}

#[test]
fn every_bad_field_is_named_and_nothing_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(dir.path().join("kassa.sqlite")).unwrap();
    let mut bad_shop = shop("556677-8898"); // wrong check digit
    bad_shop.address = "  ".into();
    let mut till = printer_settings("skrivare:port");
    till.register_id = "kassa 1!".into();
    let Err(SettingsError::Invalid(problems)) = db.save_settings(bad_shop, till) else {
        panic!("bad settings were saved");
    };
    let fields: Vec<(&str, &str)> = problems.iter().map(|p| (p.field, p.problem)).collect();
    assert_eq!(
        fields,
        vec![
            ("address", "missing"),
            ("org_number", "org_number"),
            ("register_id", "characters"),
            ("printer_address", "address"),
        ]
    );
    assert!(problems[1].message.contains("556677-8898"), "{problems:?}");
    assert!(db.shop().is_err(), "no shop written");
    assert_eq!(db.till_settings().unwrap(), TillSettings::default());

    // A CUPS queue with a name lp would read as an option is refused too.
    let cups = TillSettings {
        printer: Some(Printer::Cups {
            queue: "-o".into(),
            server: None,
            format: CupsFormat::Raw,
        }),
        ..TillSettings::default()
    };
    let Err(SettingsError::Invalid(problems)) = db.save_settings(shop("5566778899"), cups) else {
        panic!("a bad queue was saved");
    };
    assert_eq!(problems[0].field, "printer_queue");
}

#[test]
fn the_test_page_reaches_a_network_printer_in_the_till_language() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let till = printer_settings(&listener.local_addr().unwrap().to_string()).normalised();
    let shop = shop("5566778899");
    let page = test_page(Some(&shop), &till);
    let bytes = escpos::render(&page, till.paper);
    let printer = till.printer.clone().unwrap();
    let sender = std::thread::spawn(move || printer.send_escpos(&bytes, "kvitto"));
    let (mut conn, _) = listener.accept().unwrap();
    let mut job = Vec::new();
    conn.read_to_end(&mut job).unwrap();
    sender.join().unwrap().unwrap();
    let texts = escpos::decode(&job).unwrap().texts();
    assert_eq!(texts[0], "Test page");
    assert!(texts.iter().any(|t| t.contains("58 mm")), "{texts:?}");
    assert!(texts.iter().any(|t| t.contains("åäö ÅÄÖ")), "{texts:?}");
}

#[test]
fn pdfs_of_a_till_outside_the_os_data_folder_stay_beside_its_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kassa.sqlite");
    assert_eq!(output_folder(&db, "kvitton"), dir.path().join("kvitton"));
}

#[test]
fn hidden_characters_in_the_shops_name_or_address_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(dir.path().join("kassa.sqlite")).unwrap();
    let (good, _) = db
        .save_settings(shop("5566778899"), TillSettings::default())
        .unwrap();
    for text in injection::HIDDEN {
        for field in ["name", "address"] {
            let mut bad = shop("5566778899");
            match field {
                "name" => bad.name = text.into(),
                _ => bad.address = format!("Storgatan 1 {text}"),
            }
            let Err(SettingsError::Invalid(problems)) =
                db.save_settings(bad.clone(), TillSettings::default())
            else {
                panic!("{field} = {text:?} was saved");
            };
            let found: Vec<(&str, &str)> = problems.iter().map(|p| (p.field, p.problem)).collect();
            assert_eq!(found, [(field, "control_character")], "{text:?}");
            assert!(problems[0].message.contains("control character"));
            assert!(db.set_shop(bad).is_err(), "{field} = {text:?}");
        }
    }
    assert_eq!(db.shop().unwrap(), good, "the saved details are untouched");
}
