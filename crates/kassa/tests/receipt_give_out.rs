//! Giving receipts out (`kassa::receipt::give_out`): the original made once and at
//! registration, the one copy made once, giving out again records nothing, a PDF is whole or
//! absent, and the original counts as handed out only once it went out.

mod checkout_support;
mod support;

use kassa::ErrorCode;
use kassa::journal::PrintKind;
use kassa::receipt::give_out::{Output, Sent, Which};
use kassa::receipt::{AfterSale, Shop};
use support::{cafe_sale, noon, temp_db};

fn prints(db: &kassa::Db, entry_id: i64) -> Vec<PrintKind> {
    db.journal()
        .prints(entry_id)
        .unwrap()
        .iter()
        .map(|p| p.kind)
        .collect()
}

#[test]
fn the_original_is_made_once_and_given_out_again_records_nothing() {
    let (_dir, db) = temp_db();
    let sale = cafe_sale(&db);
    db.make_original(sale.id, noon()).unwrap();
    db.make_original(sale.id, noon()).unwrap();
    let first = db
        .to_give_out(sale.id, Which::Original, Some(Output::Pdf), noon())
        .unwrap();
    let again = db
        .to_give_out(sale.id, Which::Original, Some(Output::Pdf), noon())
        .unwrap();
    assert_eq!(first.receipt.layout(), again.receipt.layout());
    assert!(!first.receipt.copy);
    assert_eq!(prints(&db, sale.id), vec![PrintKind::Original]);
}

#[test]
fn a_return_without_an_original_gets_it_when_first_given_out() {
    let (_dir, db) = temp_db();
    let sale = cafe_sale(&db);
    db.to_give_out(sale.id, Which::Original, None, noon())
        .unwrap();
    assert_eq!(prints(&db, sale.id), vec![PrintKind::Original]);
}

#[test]
fn the_copy_is_made_once_and_sent_again_without_a_second() {
    let (_dir, db) = temp_db();
    let sale = cafe_sale(&db);
    db.make_original(sale.id, noon()).unwrap();
    // Before the copy is made, sending it is refused.
    let none = db
        .to_give_out(sale.id, Which::Copy, Some(Output::Pdf), noon())
        .unwrap_err();
    assert_eq!(none.code(), ErrorCode::NotFound);
    let options = kassa::receipt::give_out::receipt_options(&db.till_settings().unwrap(), false);
    db.receipt_copy(sale.id, options, noon()).unwrap();
    let second = db.receipt_copy(sale.id, options, noon()).unwrap_err();
    assert_eq!(second.code(), ErrorCode::CopyAlreadyPrinted);
    let copy = db
        .to_give_out(sale.id, Which::Copy, Some(Output::Pdf), noon())
        .unwrap();
    assert!(copy.receipt.copy);
    assert!(copy.stem().ends_with("-kopia"));
    let sent = copy.send(Output::Pdf).unwrap();
    db.record_given_out(&copy, &sent, noon()).unwrap();
    assert_eq!(
        prints(&db, sale.id),
        vec![PrintKind::Original, PrintKind::Copy]
    );
    // A copy going out says nothing about the original.
    assert!(!db.original_handed_out(sale.id).unwrap());
}

#[test]
fn a_pdf_is_whole_and_only_then_the_original_is_handed_out() {
    let (dir, db) = temp_db();
    let sale = cafe_sale(&db);
    let given = db
        .to_give_out(sale.id, Which::Original, Some(Output::Pdf), noon())
        .unwrap();
    assert!(!given.original_handed_out);
    let sent = given.send(Output::Pdf).unwrap();
    let Sent::Saved(path) = &sent else {
        panic!("saved, not {sent:?}")
    };
    assert!(path.starts_with(dir.path()), "{}", path.display());
    let bytes = std::fs::read(path).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    let folder = path.parent().unwrap();
    let names: Vec<_> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec![format!("{}.pdf", given.stem())], "no part left");
    assert!(!db.original_handed_out(sale.id).unwrap());
    db.record_given_out(&given, &sent, noon()).unwrap();
    assert!(db.original_handed_out(sale.id).unwrap());
    assert_eq!(prints(&db, sale.id), vec![PrintKind::Original]);
}

#[test]
fn a_pdf_that_cannot_be_written_leaves_no_file() {
    let (dir, db) = temp_db();
    let sale = cafe_sale(&db);
    let given = db
        .to_give_out(sale.id, Which::Original, Some(Output::Pdf), noon())
        .unwrap();
    // A file where the folder should be: the write fails, nothing is left behind.
    let folder =
        kassa::settings::output_folder(db.path(), kassa::receipt::give_out::RECEIPT_FOLDER);
    assert!(folder.starts_with(dir.path()));
    std::fs::write(&folder, b"not a folder").unwrap();
    let error = given.send(Output::Pdf).unwrap_err();
    assert_eq!(error.code(), ErrorCode::Storage);
    assert_eq!(std::fs::read(&folder).unwrap(), b"not a folder");
}

#[test]
fn a_print_without_a_printer_fails_and_can_be_retried_without_a_second_original() {
    let (dir, db) = temp_db();
    let sale = cafe_sale(&db);
    let given = db
        .to_give_out(sale.id, Which::Original, Some(Output::Print), noon())
        .unwrap();
    let error = given.send(Output::Print).unwrap_err();
    assert_eq!(error.code(), ErrorCode::PrintFailed);
    assert!(!db.original_handed_out(sale.id).unwrap());
    let again = db
        .to_give_out(sale.id, Which::Original, Some(Output::Pdf), noon())
        .unwrap();
    let sent = again.send(Output::Pdf).unwrap();
    db.record_given_out(&again, &sent, noon()).unwrap();
    assert!(db.original_handed_out(sale.id).unwrap());
    assert_eq!(prints(&db, sale.id), vec![PrintKind::Original]);
    drop(dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_original_exists_as_soon_as_the_sale_is_registered() {
    let mut till = checkout_support::Till::start().await;
    till.db
        .lock()
        .unwrap()
        .set_shop(Shop {
            name: "Kafé Ängen".into(),
            org_number: "5566778899".into(),
            address: "Storgatan 1, 123 45 Småstad".into(),
            after_sale: AfterSale::None,
        })
        .unwrap();
    let sale = till.receipted_sale().await;
    let db = till.db.lock().unwrap();
    assert_eq!(prints(&db, sale.id), vec![PrintKind::Original]);
    assert!(!db.original_handed_out(sale.id).unwrap());
}
