//! Settings, the receipt after a sale and the day reports through `tauri::test::mock_builder()`:
//! a real SQLite file, the sandbox the app starts in training mode, and a test ESC/POS printer
//! on 127.0.0.1 whose bytes are decoded back into text lines. Waits are on events and
//! channels, never sleeps.

mod common;

use std::io::Read;
use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::sync::mpsc;
use std::thread;

use common::{
    GIVE_UP, NORMAL, app_on, customer, customer_decides, invoke, settings_form as form, window,
};
use kassa::receipt::escpos;
use kassa_app::payments::Payments;
use kassa_app::till::Till as AppTill;
use kronor_sandbox::ScaDecision;
use serde_json::{Value, json};
use tauri::Manager;

/// A network receipt printer on 127.0.0.1: hands over each job it receives.
struct TestPrinter {
    addr: SocketAddr,
    jobs: mpsc::Receiver<Vec<u8>>,
}

impl TestPrinter {
    fn start() -> TestPrinter {
        TestPrinter::on(TcpListener::bind("127.0.0.1:0").unwrap())
    }

    fn on(listener: TcpListener) -> TestPrinter {
        let addr = listener.local_addr().unwrap();
        let (tx, jobs) = mpsc::channel();
        thread::spawn(move || {
            for mut conn in listener.incoming().map_while(Result::ok) {
                let mut job = Vec::new();
                if conn.read_to_end(&mut job).is_ok() && tx.send(job).is_err() {
                    break;
                }
            }
        });
        TestPrinter { addr, jobs }
    }

    /// What the job printed, once the till has closed the connection.
    fn job(&self) -> escpos::Decoded {
        let job = self
            .jobs
            .recv_timeout(GIVE_UP)
            .expect("the printer got a job");
        escpos::decode(&job).expect("ESC/POS")
    }

    /// The printed lines of the job.
    fn printed(&self) -> Vec<String> {
        self.job().texts()
    }
}

/// The shared till under test, on a data folder of its own (where PDFs go).
struct Till {
    till: common::Till,
    dir: tempfile::TempDir,
}

impl std::ops::Deref for Till {
    type Target = common::Till;
    fn deref(&self) -> &common::Till {
        &self.till
    }
}

fn till(service: &str) -> Till {
    let dir = tempfile::tempdir().unwrap();
    let app = app_on(service, &dir.path().join("kassa.sqlite"));
    Till {
        till: common::Till::watching(app),
        dir,
    }
}

impl Till {
    fn save(&self, form: Value) -> Value {
        self.invoke("save_settings", json!({ "form": form }))
            .unwrap()
    }

    /// Bryggkaffe (35,00 kr) on the counter, charged: the customer has the QR code.
    fn charge_coffee(&self) -> Value {
        self.ring_up_coffee();
        self.charge_for(customer(NORMAL)).unwrap()
    }

    /// Bryggkaffe charged, approved by the customer, until the sale is receipted.
    fn paid_coffee(&self) -> i64 {
        let id = self.charge_coffee()["checkout_id"].as_i64().unwrap();
        customer_decides(&self.app, id, ScaDecision::Approve);
        self.wait_for(id, "receipted");
        id
    }

    /// (kind, entry) of every print the journal recorded for the entry.
    fn prints(&self, entry_id: i64) -> Vec<String> {
        let till = self.app.state::<Arc<AppTill>>();
        let db = till.db().unwrap();
        db.journal()
            .prints(entry_id)
            .unwrap()
            .iter()
            .map(|p| p.kind.key().to_owned())
            .collect()
    }
}

#[test]
fn a_bad_organisation_number_is_named_nothing_is_saved_and_the_fixed_form_persists() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kassa.sqlite");
    {
        let app = app_on("se.kassa.test.settings-save", &db);
        let main = window(&app, "main");
        // Training mode starts with the demo shop; a fresh till with the default register.
        let fresh = invoke(&main, "settings", json!({})).unwrap();
        assert_eq!(fresh["form"]["register_id"], "KASSA-1", "{fresh}");

        let mut bad = form(None, "pdf");
        bad["org_number"] = json!("556677-8898");
        bad["register_id"] = json!("disk 2");
        let outcome = invoke(&main, "save_settings", json!({"form": bad})).unwrap();
        assert_eq!(outcome["saved"], false, "{outcome}");
        let fields: Vec<&str> = outcome["problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["field"].as_str().unwrap())
            .collect();
        assert_eq!(fields, vec!["org_number", "register_id"], "{outcome}");
        assert_eq!(outcome["settings"], fresh, "nothing saved");

        let mut good = form(None, "pdf");
        good["org_number"] = json!("5566778899");
        good["register_id"] = json!("DISK-2");
        good["language"] = json!("en");
        good["paper_mm"] = json!(58);
        // The office printer in CUPS: receipts go to it as PDF.
        good["printer"] = json!("cups_pdf");
        good["printer_queue"] = json!("Kontoret");
        let outcome = invoke(&main, "save_settings", json!({"form": good})).unwrap();
        assert_eq!(outcome["saved"], true, "{outcome}");
        assert_eq!(outcome["settings"]["form"]["org_number"], "556677-8899");
    }
    // The app starts again on the same file: everything is there, the language included.
    let app = app_on("se.kassa.test.settings-save", &db);
    let main = window(&app, "main");
    let saved = invoke(&main, "settings", json!({})).unwrap();
    let form = &saved["form"];
    assert_eq!(saved["shop_saved"], true);
    assert_eq!(form["shop_name"], "Kafé Ängen");
    assert_eq!(form["after_sale"], "pdf");
    assert_eq!(form["register_id"], "DISK-2");
    assert_eq!(form["language"], "en");
    assert_eq!(form["paper_mm"], 58);
    assert_eq!(
        form["printer"], "cups_pdf",
        "still the ordinary printer's queue"
    );
    assert_eq!(form["printer_queue"], "Kontoret");

    let switched = invoke(&main, "set_language", json!({"language": "sv"})).unwrap();
    assert_eq!(switched["form"]["language"], "sv");
    assert_eq!(switched["form"]["register_id"], "DISK-2");
}

#[test]
fn the_test_page_shows_success_or_the_printers_own_error() {
    let till = till("se.kassa.test.settings-testpage");
    let printer = TestPrinter::start();
    till.invoke(
        "print_test_page",
        json!({"form": form(Some(&printer.addr), "print")}),
    )
    .unwrap();
    let printed = printer.printed();
    assert_eq!(printed[0], "Testsida");
    assert!(printed.contains(&"Kafé Ängen".to_owned()), "{printed:?}");

    let refusing = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let error = till
        .invoke(
            "print_test_page",
            json!({"form": form(Some(&refusing), "print")}),
        )
        .unwrap_err();
    assert_eq!(error["code"], "print_failed", "{error}");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains(&refusing.to_string()),
        "{error}"
    );
}

#[test]
fn after_a_sale_the_receipt_reaches_the_printer_once_with_the_shop_and_training_marking() {
    let till = till("se.kassa.test.settings-print");
    let printer = TestPrinter::start();
    assert_eq!(till.save(form(Some(&printer.addr), "print"))["saved"], true);
    let checkout = till.paid_coffee();

    let outcome = till
        .invoke("receipt_after_sale", json!({"checkoutId": checkout}))
        .unwrap();
    assert!(outcome["error"].is_null(), "{outcome}");
    assert_eq!(outcome["done"]["output"], "print", "{outcome}");
    let job = printer.job();
    let printed = job.texts();
    // The QR code the printer draws is the Kronor purchase id printed above it.
    let purchase_id = printed
        .iter()
        .find_map(|l| l.strip_prefix("Kronor köp-id"))
        .map(str::trim)
        .unwrap_or_else(|| panic!("no purchase id: {printed:?}"));
    assert_eq!(job.qr_codes, vec![purchase_id.to_owned()]);
    assert_eq!(
        printed[0], "ÖVNING",
        "the training marking on top: {printed:?}"
    );
    assert!(printed.contains(&"Kafé Ängen".to_owned()), "{printed:?}");
    assert!(
        printed.iter().any(|l| l.contains("35,00 kr")),
        "{printed:?}"
    );
    // Training's built-in control unit signed the training receipt.
    assert!(
        printed
            .iter()
            .any(|l| l.starts_with("Kontrollenhet") && l.ends_with("CCSIM000000000001")),
        "{printed:?}"
    );
    // The 59-character code, wrapped at the paper's width.
    let code: String = printed
        .iter()
        .skip_while(|l| *l != "Kontrollkod:")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .map(String::as_str)
        .collect();
    assert_eq!(code.len(), 59, "{printed:?}");
    let entry = outcome["entry_id"].as_i64().unwrap();
    assert_eq!(till.prints(entry), vec!["original"]);

    // The screen asks again (remounted): nothing is sent or recorded twice.
    let again = till
        .invoke("receipt_after_sale", json!({"checkoutId": checkout}))
        .unwrap();
    assert_eq!(again["done"]["output"], "none", "{again}");
    assert_eq!(again["entry_id"], entry);
    assert_eq!(till.prints(entry), vec!["original"]);
}

#[test]
fn a_refusing_printer_shows_its_error_and_retry_prints_the_same_original_once_it_is_up() {
    let till = till("se.kassa.test.settings-retry");
    // A port nothing listens on: the printer is off.
    let off = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = off.local_addr().unwrap();
    drop(off);
    // This printer cannot draw QR codes: the cashier turned them off.
    let mut settings = form(Some(&addr), "print");
    settings["receipt_qr"] = json!(false);
    assert_eq!(till.save(settings)["saved"], true);
    let checkout = till.paid_coffee();

    let outcome = till
        .invoke("receipt_after_sale", json!({"checkoutId": checkout}))
        .unwrap();
    let error = &outcome["error"];
    assert_eq!(error["code"], "print_failed", "{outcome}");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains(&addr.to_string()),
        "{outcome}"
    );
    let entry = outcome["entry_id"].as_i64().unwrap();
    let receipt_number = outcome["receipt_number"].as_i64().unwrap();
    // The sale is registered regardless, and its original is recorded once.
    assert_eq!(till.prints(entry), vec!["original"]);

    // The printer comes on (same address); Retry sends the same receipt.
    let printer = TestPrinter::on(TcpListener::bind(addr).unwrap());
    let done = till
        .invoke(
            "receipt_output",
            json!({"entryId": entry, "output": "print"}),
        )
        .unwrap();
    assert_eq!(done["output"], "print");
    let job = printer.job();
    assert!(job.qr_codes.is_empty(), "no QR code was asked for");
    let printed = job.texts();
    assert!(printed.contains(&"Kafé Ängen".to_owned()), "{printed:?}");
    assert!(
        printed
            .iter()
            .any(|l| l.contains(&receipt_number.to_string())),
        "{printed:?}"
    );
    assert!(
        !printed.contains(&"KOPIA".to_owned()),
        "a retry is not a copy: {printed:?}"
    );
    assert_eq!(till.prints(entry), vec!["original"], "journal unchanged");
    let db = till.app.state::<Arc<AppTill>>();
    let numbers = db
        .db()
        .unwrap()
        .journal()
        .receipt_numbers("KASSA-1", true)
        .unwrap();
    assert_eq!(
        numbers,
        vec![receipt_number],
        "one sale, one receipt number"
    );
}

#[test]
fn an_original_that_never_went_out_is_offered_again_as_the_original_not_as_a_copy() {
    // The state a till killed between making the original and printing it leaves behind is
    // the one a printer that never answered leaves: the original recorded, never given out.
    let till = till("se.kassa.test.settings-original-again");
    let off = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = off.local_addr().unwrap();
    drop(off);
    assert_eq!(till.save(form(Some(&addr), "print"))["saved"], true);
    let checkout = till.paid_coffee();
    let outcome = till
        .invoke("receipt_after_sale", json!({"checkoutId": checkout}))
        .unwrap();
    assert_eq!(outcome["error"]["code"], "print_failed", "{outcome}");
    let entry = outcome["entry_id"].as_i64().unwrap();
    let row = |till: &Till| {
        let page = till
            .invoke(
                "history_search",
                json!({"query": {"text": "", "from": "", "to": "", "offset": 0}}),
            )
            .unwrap();
        page["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["entryId"] == entry)
            .cloned()
            .expect("the sale is listed")
    };
    assert_eq!(
        row(&till)["originalHandedOut"],
        false,
        "History offers the original"
    );

    // History gives out the original: the same receipt, no KOPIA, no second original.
    let printer = TestPrinter::on(TcpListener::bind(addr).unwrap());
    let given = till
        .invoke(
            "receipt_original",
            json!({"entryId": entry, "locale": "sv"}),
        )
        .unwrap();
    assert_eq!(given["done"]["output"], "print", "{given}");
    assert!(given["error"].is_null(), "{given}");
    assert_eq!(given["doc"]["copy"], false);
    let printed = printer.job().texts();
    assert!(!printed.contains(&"KOPIA".to_owned()), "{printed:?}");
    assert_eq!(till.prints(entry), vec!["original"]);
    assert_eq!(
        row(&till)["originalHandedOut"],
        true,
        "now only the copy is offered"
    );

    // And a remounted after-sale screen sends nothing again.
    let again = till
        .invoke("receipt_after_sale", json!({"checkoutId": checkout}))
        .unwrap();
    assert_eq!(again["done"]["output"], "none", "{again}");
}

#[test]
fn pdf_after_a_sale_is_saved_where_the_cashier_is_told() {
    let till = till("se.kassa.test.settings-pdf");
    assert_eq!(till.save(form(None, "pdf"))["saved"], true);
    let checkout = till.paid_coffee();
    let outcome = till
        .invoke("receipt_after_sale", json!({"checkoutId": checkout}))
        .unwrap();
    assert_eq!(outcome["done"]["output"], "pdf", "{outcome}");
    let path = outcome["done"]["pdf_path"].as_str().unwrap();
    assert_eq!(
        std::path::Path::new(path),
        till.dir.path().join("kvitton").join("ovning-kvitto-1.pdf")
    );
    let bytes = std::fs::read(path).unwrap();
    assert!(bytes.starts_with(b"%PDF"), "a PDF");

    // Print without a printer: a clear error, nothing recorded beyond the original.
    let entry = outcome["entry_id"].as_i64().unwrap();
    let error = till
        .invoke(
            "receipt_output",
            json!({"entryId": entry, "output": "print"}),
        )
        .unwrap_err();
    assert_eq!(error["code"], "print_failed", "{error}");
    assert_eq!(till.prints(entry), vec!["original"]);
}

#[test]
fn x_shows_the_sale_z_closes_the_day_once_and_is_listed() {
    let till = till("se.kassa.test.reports");
    assert_eq!(till.save(form(None, "none"))["saved"], true);
    till.paid_coffee();

    let x = till.invoke("x_report", json!({})).unwrap();
    assert_eq!(x["kind"], "x");
    assert_eq!(x["training_count"], 1, "the training sale is counted: {x}");
    let texts: Vec<&str> = x["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["text"].as_str().unwrap())
        .collect();
    assert!(texts.contains(&"X-dagrapport"), "{texts:?}");
    assert!(texts.contains(&"Kafé Ängen"), "{texts:?}");

    let z = till.invoke("z_report", json!({})).unwrap();
    assert_eq!(z["kind"], "z");
    assert_eq!(z["number"], 1);
    let refused = till.invoke("z_report", json!({})).unwrap_err();
    assert_eq!(refused["code"], "day_already_closed", "{refused}");

    let list = till.invoke("z_reports", json!({})).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    assert_eq!(list[0]["number"], 1);
    let shown = till.invoke("z_report_view", json!({"number": 1})).unwrap();
    assert_eq!(shown["lines"], z["lines"], "shown exactly as made");

    let pdf = till
        .invoke("report_output", json!({"number": 1, "output": "pdf"}))
        .unwrap();
    let path = pdf["pdf_path"].as_str().unwrap();
    assert!(path.ends_with("z-rapport-1.pdf"), "{path}");
    assert!(std::fs::read(path).unwrap().starts_with(b"%PDF"));
}

#[test]
fn a_payment_captured_after_the_z_still_gets_its_receipt_and_goes_to_the_next_report() {
    let till = till("se.kassa.test.reports-after-z");
    assert_eq!(till.save(form(None, "none"))["saved"], true);
    let z = till.invoke("z_report", json!({})).unwrap();
    assert_eq!(z["training_count"], 0);

    // Kronor takes the money after the close: the sale is registered, not lost.
    let checkout = till.paid_coffee();
    let outcome = till
        .invoke("receipt_after_sale", json!({"checkoutId": checkout}))
        .unwrap();
    assert_eq!(outcome["receipt_number"], 1, "{outcome}");
    let entry = {
        let state = till.app.state::<Arc<AppTill>>();
        let db = state.db().unwrap();
        db.journal()
            .entry(outcome["entry_id"].as_i64().unwrap())
            .unwrap()
    };
    let today = z["date"].as_str().unwrap();
    assert!(
        entry.sale_date.to_string().as_str() > today,
        "booked after the closed day: {} vs {today}",
        entry.sale_date
    );
    // Today's X no longer changes: the closed day stays as its Z says.
    let x = till.invoke("x_report", json!({})).unwrap();
    assert_eq!(x["training_count"], 0, "{x}");
}

#[test]
fn a_new_register_id_applies_to_the_next_sale_at_once_and_waits_for_an_open_payment() {
    let till = till("se.kassa.test.settings-register");
    assert_eq!(till.save(form(None, "none"))["saved"], true);
    let first = till.paid_coffee();
    let engine = || till.app.state::<Arc<Payments>>().engine().unwrap();
    assert_eq!(engine().checkout(first).unwrap().register_id, "KASSA-1");

    let mut renamed = form(None, "none");
    renamed["register_id"] = json!("KASSA-2");
    assert_eq!(till.save(renamed)["saved"], true);
    // No restart: the next sale is the new register's, first in its own series.
    let second = till.paid_coffee();
    let checkout = engine().checkout(second).unwrap();
    assert_eq!(checkout.register_id, "KASSA-2");
    let receipt = engine().receipt(second).unwrap().unwrap();
    assert_eq!(receipt.register_id, "KASSA-2");
    assert_eq!(receipt.receipt_number, 1, "a new series starts at 1");

    // While a customer is paying, the register stays what it is.
    let paying = till.charge_coffee();
    assert_eq!(paying["state"], "awaiting_customer", "{paying}");
    let mut again = form(None, "none");
    again["register_id"] = json!("KASSA-3");
    let refused = till
        .invoke("save_settings", json!({ "form": again }))
        .unwrap_err();
    assert_eq!(refused["code"], "payment_in_progress", "{refused}");
    let saved = till.invoke("settings", json!({})).unwrap();
    assert_eq!(saved["form"]["register_id"], "KASSA-2", "nothing saved");
}

#[test]
fn historys_copy_and_a_returns_receipt_reach_the_printer_and_resending_makes_no_second_copy() {
    let till = till("se.kassa.test.settings-history-print");
    let printer = TestPrinter::start();
    assert_eq!(till.save(form(Some(&printer.addr), "print"))["saved"], true);
    let checkout = till.paid_coffee();
    let sale = till
        .invoke("receipt_after_sale", json!({"checkoutId": checkout}))
        .unwrap();
    let entry = sale["entry_id"].as_i64().unwrap();
    assert!(
        !printer.printed().contains(&"KOPIA".to_owned()),
        "the original"
    );

    // Reprint from History: the one copy is made and printed.
    let copy = till
        .invoke("receipt_copy", json!({"entryId": entry, "locale": "sv"}))
        .unwrap();
    assert_eq!(copy["done"]["output"], "print", "{copy}");
    assert!(copy["error"].is_null(), "{copy}");
    assert_eq!(copy["doc"]["copy"], true);
    let printed = printer.printed();
    assert_eq!(
        printed.first().map(String::as_str),
        Some("KOPIA"),
        "{printed:?}"
    );
    assert!(printed.contains(&"Kafé Ängen".to_owned()), "{printed:?}");
    assert_eq!(till.prints(entry), vec!["original", "copy"]);

    // Sent again (a jammed printer): the same KOPIA, and still one copy in the journal.
    let again = till
        .invoke(
            "receipt_output",
            json!({"entryId": entry, "output": "print", "copy": true}),
        )
        .unwrap();
    assert_eq!(again["output"], "print");
    assert_eq!(printer.printed().first().map(String::as_str), Some("KOPIA"));
    assert_eq!(till.prints(entry), vec!["original", "copy"]);

    // Return the sale: the customer gets the RETUR receipt, its original made once.
    let back = till
        .invoke("return_sale", json!({"entryId": entry, "locale": "sv"}))
        .unwrap();
    assert_eq!(back["done"]["output"], "print", "{back}");
    let returned = back["entry_id"].as_i64().unwrap();
    assert_ne!(returned, entry);
    let printed = printer.printed();
    assert!(printed.contains(&"RETUR".to_owned()), "{printed:?}");
    assert!(!printed.contains(&"KOPIA".to_owned()), "{printed:?}");
    assert_eq!(till.prints(returned), vec!["original"]);

    // Resending a copy that was never made is refused, and makes none.
    let refused = till
        .invoke(
            "receipt_output",
            json!({"entryId": returned, "output": "print", "copy": true}),
        )
        .unwrap_err();
    assert_eq!(refused["code"], "not_found", "{refused}");
    assert_eq!(till.prints(returned), vec!["original"]);
}
