//! Killed while giving out the receipt's original: after the original was made (recorded in
//! journal_print) but before it was sent, and after the printer took it but before the till
//! recorded that it went out. Both points are exact. After the restart the original is still
//! owed (`original_handed_out` is false), the restarted till sends the same original again,
//! the journal holds one original print and no copy, and no receipt number is used twice.

use jiff::Timestamp;
use kassa::print::Printer;
use kassa::receipt::escpos::Paper;
use kassa::receipt::{HandedOut, Receipt, ReceiptOptions};
use kassa::{Db, PrintKind};
use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;

use crate::kill_support::{PAUSE_AT, Spawned, own_command, pause, report, text, var};
use crate::support::{cafe_sale, temp_db};

const POINTS: [&str; 2] = ["original_made", "printed"];

/// The till giving out the original of one sale on a network printer, as after a sale or
/// from History: made once, then the same document again until it really went out.
pub async fn child() -> Result<(), String> {
    let db = Db::open(var("KASSA_CHILD_DB")).map_err(text)?;
    let entry_id: i64 = var("KASSA_CHILD_ENTRY").parse().map_err(text)?;
    let options = ReceiptOptions::default();
    let made = db
        .journal()
        .prints(entry_id)
        .map_err(text)?
        .iter()
        .any(|p| p.kind == PrintKind::Original);
    let receipt = if made {
        if db.original_handed_out(entry_id).map_err(text)? {
            return Err(format!("entry {entry_id}: the original already went out"));
        }
        let entry = db.journal().entry(entry_id).map_err(text)?;
        Receipt::new(&entry, &db.shop().map_err(text)?, options, false, None).map_err(text)?
    } else {
        db.receipt_original(entry_id, options, Timestamp::now())
            .map_err(text)?
    };
    pause("original_made").await;
    let printer = Printer::Network {
        address: var("KASSA_CHILD_PRINTER"),
    };
    printer
        .print(&receipt.layout(), Paper::Mm80)
        .map_err(text)?;
    pause("printed").await;
    db.record_handed_out(entry_id, HandedOut::Print, Timestamp::now())
        .map_err(text)?;
    println!("DONE");
    Ok(())
}

/// What the printer on `listener` received from one connection.
async fn printed(listener: &TcpListener) -> Vec<u8> {
    let take = async {
        let (mut stream, _) = listener.accept().await.expect("the till connects");
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).await.expect("receipt");
        bytes
    };
    tokio::time::timeout(std::time::Duration::from_secs(60), take)
        .await
        .expect("the till prints")
}

pub async fn parent() {
    let (dir, db) = temp_db();
    let path = dir.path().join("kassa.sqlite");
    let printer = TcpListener::bind("127.0.0.1:0").await.expect("printer");
    let address = printer.local_addr().expect("address").to_string();
    let spawn = |entry: i64, point: Option<&str>| {
        let mut command = own_command("receipt");
        command
            .env("KASSA_CHILD_DB", &path)
            .env("KASSA_CHILD_ENTRY", entry.to_string())
            .env("KASSA_CHILD_PRINTER", &address);
        if let Some(point) = point {
            command.env(PAUSE_AT, point);
        }
        Spawned::start(command)
    };
    for (run, point) in POINTS.into_iter().enumerate() {
        let sale = cafe_sale(&db);
        let mut first = spawn(sale.id, Some(point));
        let first_print = match point {
            "printed" => Some(printed(&printer).await),
            _ => None,
        };
        first.expect_line(&format!("PAUSED {point}")).await;
        first.kill().await;

        let after_kill = Db::open(&path).expect("the till opens after the kill");
        assert!(
            !after_kill.original_handed_out(sale.id).expect("read"),
            "killed at {point}: the original is still owed to the customer"
        );
        drop(after_kill);

        let mut second = spawn(sale.id, None);
        let again = printed(&printer).await;
        second.expect_line("DONE").await;
        second.exits_ok().await;
        if let Some(first_print) = first_print {
            assert_eq!(first_print, again, "the same original again");
        }
        assert!(db.original_handed_out(sale.id).expect("read"));
        let prints: Vec<PrintKind> = db
            .journal()
            .prints(sale.id)
            .expect("prints")
            .iter()
            .map(|p| p.kind)
            .collect();
        assert_eq!(prints, [PrintKind::Original], "killed at {point}");
        let numbers = db
            .journal()
            .receipt_numbers("kassa-1", false)
            .expect("numbers");
        assert_eq!(numbers, (1..=run as i64 + 1).collect::<Vec<_>>());
        println!(
            "receipt SIGKILL | killed at {point:<13} → the original given out once more, recorded once"
        );
    }
    report(
        "receipt",
        POINTS.len(),
        POINTS.len(),
        "original owed after each kill, 1 original print per sale, 0 copies, receipt numbers unbroken",
        "the customer gets the original, never only a copy; nothing recorded twice",
    );
}
