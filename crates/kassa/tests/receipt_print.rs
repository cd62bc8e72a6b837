//! Printing for real: a test ESC/POS printer listening on 127.0.0.1 records the bytes, which
//! are decoded back into printed lines; failures leave the registered sale untouched.

mod support;

use std::io::Read;
use std::net::{SocketAddr, TcpListener};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use kassa::print::{CupsFormat, PrintError, Printer, print_tcp};
use kassa::receipt::escpos::{self, Paper};
use kassa::receipt::{Language, ReceiptOptions};
use support::{cafe_sale, noon, temp_db};

/// A network receipt printer: accepts one job and hands over what it received.
struct TestPrinter {
    addr: SocketAddr,
    jobs: mpsc::Receiver<Vec<u8>>,
}

impl TestPrinter {
    fn start() -> TestPrinter {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let (tx, jobs) = mpsc::channel();
        thread::spawn(move || {
            if let Ok((mut conn, _)) = listener.accept() {
                let mut job = Vec::new();
                if conn.read_to_end(&mut job).is_ok() {
                    let _ = tx.send(job);
                }
            }
        });
        TestPrinter { addr, jobs }
    }

    /// The job, once the till has closed the connection.
    fn job(&self) -> Vec<u8> {
        self.jobs
            .recv_timeout(Duration::from_secs(10))
            .expect("the printer got a job")
    }
}

fn options() -> ReceiptOptions {
    ReceiptOptions {
        language: Language::Swedish,
        electronic: false,
        qr: true,
    }
}

#[test]
fn a_receipt_reaches_the_network_printer_and_reads_back() {
    let (_dir, db) = temp_db();
    let sale = cafe_sale(&db);
    let receipt = db.receipt_original(sale.id, options(), noon()).unwrap();
    let bytes = escpos::render(&receipt.layout(), Paper::Mm80);
    let printer = TestPrinter::start();
    Printer::Network {
        address: printer.addr.to_string(),
    }
    .send_escpos(&bytes, "kvitto")
    .unwrap();
    let job = printer.job();
    assert_eq!(job, bytes, "the printer got every byte, in order");
    let printed = escpos::decode(&job).unwrap();
    let texts = printed.texts();
    assert_eq!(texts[0], "Kafé Ängen");
    assert!(
        texts.contains(&format!("Totalt{}309,00 kr", " ".repeat(33))),
        "{texts:?}"
    );
    assert!(texts.contains(&"Tack för ditt köp!".to_owned()));
    assert_eq!(printed.qr_codes, vec!["913377".to_owned()]);
    assert_eq!(printed.cuts, 1);
}

#[test]
fn an_unreachable_printer_is_reported_and_the_print_can_be_retried() {
    let (_dir, db) = temp_db();
    let sale = cafe_sale(&db);
    let receipt = db.receipt_original(sale.id, options(), noon()).unwrap();
    let bytes = escpos::render(&receipt.layout(), Paper::Mm58);

    // A port that was just free: nothing listens there.
    let closed = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let err = print_tcp(&closed.to_string(), &bytes, Duration::from_secs(2)).unwrap_err();
    assert!(matches!(err, PrintError::Unreachable { .. }), "{err:?}");
    assert!(err.to_string().contains("print again"), "{err}");
    // What the UI gets: `print_failed` with the same sentence.
    let body = kassa::Error::from(err).body();
    assert_eq!(body.code, kassa::ErrorCode::PrintFailed);
    assert!(body.message.contains("print again"), "{}", body.message);

    // The sale is registered regardless, and the same bytes print once the printer is back.
    assert_eq!(db.journal().entry(sale.id).unwrap(), sale);
    let printer = TestPrinter::start();
    print_tcp(&printer.addr.to_string(), &bytes, Duration::from_secs(2)).unwrap();
    assert_eq!(printer.job(), bytes);
}

#[test]
fn bad_printer_settings_are_refused_clearly() {
    let err = print_tcp("", b"x", Duration::from_secs(1)).unwrap_err();
    assert!(matches!(err, PrintError::BadAddress(_)));
    let err = print_tcp("not a host:99999", b"x", Duration::from_secs(1)).unwrap_err();
    assert!(matches!(err, PrintError::BadAddress(_)), "{err:?}");
    let err = Printer::Cups {
        queue: "-o evil".into(),
        server: None,
        format: CupsFormat::Raw,
    }
    .send_escpos(b"x", "x")
    .unwrap_err();
    assert!(matches!(err, PrintError::BadQueue(_)));
}
