//! The receipt document and its renderers, on a real database: golden HTML and ESC/POS, PDF
//! text read back, markings, languages, and the one-copy rule.

mod support;

use kassa::ErrorCode;
use kassa::journal::{EntryKind, PaymentMethod, PrintKind};
use kassa::receipt::escpos::{self, Paper};
use kassa::receipt::{AfterSale, Language, ReceiptOptions, Shop, html, pdf};
use support::{
    cafe_lines, cafe_sale, golden, line, new_entry, noon, pdf_text, sale_of, temp_db, total_line,
};

fn swedish() -> ReceiptOptions {
    ReceiptOptions {
        language: Language::Swedish,
        electronic: false,
        qr: true,
    }
}

#[test]
fn html_receipt_matches_golden_and_shows_what_the_rules_require() {
    let (_dir, db) = temp_db();
    let sale = cafe_sale(&db);
    let receipt = db.receipt_original(sale.id, swedish(), noon()).unwrap();
    let page = html::render(&receipt.layout());
    golden("receipt_sv.html", page.as_bytes());
    for must in [
        "Kafé Ängen",
        "Org.nr 556677-8899",
        "Storgatan 1, 123 45 Småstad",
        "kassa-1",
        "Kvitto nr",
        "2026-06-15 12:00",
        "Kanelbulle",
        "3 st à 32,00 kr",
        "-6,00 kr",
        "Totalt",
        "309,00 kr",
        "Moms 25 %",
        "Moms 12 %",
        "Moms 6 %",
        "Kronor faktura",
        "913377",
        "kassa-1-0001",
    ] {
        assert!(page.contains(must), "the receipt lacks {must:?}");
    }
    assert!(
        !page.contains("KOPIA"),
        "an original is not marked as a copy"
    );
}

#[test]
fn html_escapes_product_names() {
    let (_dir, db) = temp_db();
    let entry = sale_of(
        &db,
        PaymentMethod::Card,
        vec![line("<script>alert('x')</script> & Co", 1, 1_000, 0, 25)],
    );
    let page = html::render(
        &db.receipt_original(entry.id, swedish(), noon())
            .unwrap()
            .layout(),
    );
    assert!(!page.contains("<script>"));
    assert!(page.contains("&lt;script&gt;"));
    assert!(page.contains("&amp; Co"));
}

#[test]
fn a_copy_is_marked_made_once_and_recorded() {
    let (_dir, db) = temp_db();
    let sale = cafe_sale(&db);
    db.receipt_original(sale.id, swedish(), noon()).unwrap();
    let copy = db.receipt_copy(sale.id, swedish(), noon()).unwrap();
    assert_eq!(copy.markings(), vec!["KOPIA"]);
    let page = html::render(&copy.layout());
    // The marking's class is set at 2.5 em where amounts are 1 em: at least twice the size.
    assert!(page.contains(".marking{font-size:2.5em"));
    assert!(page.contains(r#"<p class="marking">KOPIA</p>"#));

    let second = db.receipt_copy(sale.id, swedish(), noon()).unwrap_err();
    assert_eq!(second.code(), ErrorCode::CopyAlreadyPrinted);
    assert!(second.to_string().contains("only one copy"), "{second}");
    let kinds: Vec<PrintKind> = db
        .journal()
        .prints(sale.id)
        .unwrap()
        .iter()
        .map(|p| p.kind)
        .collect();
    assert_eq!(kinds, vec![PrintKind::Original, PrintKind::Copy]);
}

#[test]
fn training_and_return_receipts_are_marked() {
    let (_dir, db) = temp_db();
    let journal = db.journal();
    let training = journal
        .register(new_entry(
            EntryKind::Sale,
            true,
            noon(),
            Some(PaymentMethod::Swish),
            cafe_lines(),
        ))
        .unwrap();
    let receipt = db.receipt_original(training.id, swedish(), noon()).unwrap();
    assert_eq!(receipt.markings(), vec!["ÖVNING"]);

    let sale = cafe_sale(&db);
    let mut ret = new_entry(
        EntryKind::Return,
        false,
        noon(),
        Some(PaymentMethod::Invoice),
        vec![line("Kanelbulle", -1, 3_200, 0, 6)],
    );
    ret.original_entry_id = Some(sale.id);
    let ret = journal.register(ret).unwrap();
    let receipt = db.receipt_original(ret.id, swedish(), noon()).unwrap();
    assert_eq!(receipt.markings(), vec!["RETUR"]);
    let texts = receipt.layout().texts();
    assert!(
        texts.contains(&"Retur av kvitto nr 1".to_owned()),
        "{texts:?}"
    );
    assert!(texts.contains(&"Totalt -32,00 kr".to_owned()), "{texts:?}");
}

#[test]
fn english_electronic_receipt() {
    let (_dir, db) = temp_db();
    let sale = cafe_sale(&db);
    let options = ReceiptOptions {
        language: Language::English,
        electronic: true,
        qr: false,
    };
    let page = html::render(
        &db.receipt_original(sale.id, options, noon())
            .unwrap()
            .layout(),
    );
    for must in [
        r#"lang="en""#,
        "Electronic receipt",
        "Kronor invoice",
        "SEK 309.00",
        "VAT 25 %",
        "Receipt no.",
    ] {
        assert!(page.contains(must), "the receipt lacks {must:?}");
    }
}

#[test]
fn escpos_58mm_matches_golden_and_decodes_back() {
    let (_dir, db) = temp_db();
    let sale = cafe_sale(&db);
    db.receipt_original(sale.id, swedish(), noon()).unwrap();
    let copy = db.receipt_copy(sale.id, swedish(), noon()).unwrap();
    let bytes = escpos::render(&copy.layout(), Paper::Mm58);
    golden("receipt_sv_58mm.escpos", &bytes);

    let printed = escpos::decode(&bytes).unwrap();
    golden("receipt_sv_58mm.txt", printed.texts().join("\n").as_bytes());
    assert_eq!(printed.code_page, Some(escpos::CODE_PAGE_PC858));
    assert_eq!(printed.cuts, 1);
    assert_eq!(printed.qr_codes, vec!["913377".to_owned()]);
    assert!(printed.lines.iter().all(|l| l.text.chars().count() <= 32));
    let kopia: Vec<_> = printed.lines.iter().filter(|l| l.text == "KOPIA").collect();
    assert_eq!(kopia.len(), 2, "marked at the top and the bottom");
    assert!(kopia.iter().all(|l| l.double), "markings are double size");
    let texts = printed.texts();
    assert!(texts.contains(&"Kafé Ängen".to_owned()));
    assert!(
        texts.contains(&"Tygkasse Åre           149,00 kr".to_owned()),
        "{texts:?}"
    );
    assert!(texts.contains(&"Totalt                 309,00 kr".to_owned()));
    // Amounts stay normal size.
    assert!(
        printed
            .lines
            .iter()
            .filter(|l| l.text.contains(" kr"))
            .all(|l| !l.double)
    );
}

#[test]
fn escpos_80mm_uses_48_columns() {
    let (_dir, db) = temp_db();
    let sale = cafe_sale(&db);
    let receipt = db.receipt_original(sale.id, swedish(), noon()).unwrap();
    let printed = escpos::decode(&escpos::render(&receipt.layout(), Paper::Mm80)).unwrap();
    assert!(printed.lines.iter().all(|l| l.text.chars().count() <= 48));
    assert!(printed.texts().contains(&"-".repeat(48)));
    assert!(
        printed
            .texts()
            .contains(&format!("Betalsätt{}Kronor faktura", " ".repeat(25)))
    );
}

#[test]
fn pdf_text_reads_back() {
    let (_dir, db) = temp_db();
    let sale = cafe_sale(&db);
    db.receipt_original(sale.id, swedish(), noon()).unwrap();
    let copy = db.receipt_copy(sale.id, swedish(), noon()).unwrap();
    let bytes = pdf::render(&copy.layout()).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    // Read back by poppler's pdftotext.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kvitto.pdf");
    std::fs::write(&file, &bytes).unwrap();
    let text = pdf_text(&file);
    assert!(total_line(&text).ends_with("309,00 kr"), "{text}");
    for must in [
        "KOPIA",
        "Kafé Ängen",
        "Småstad",
        "Tygkasse Åre",
        "Kronor faktura",
        "309,00 kr",
        "913377",
    ] {
        assert!(text.contains(must), "the PDF lacks {must:?}:\n{text}");
    }
}

#[test]
fn the_pdfs_qr_code_reads_back_as_the_purchase_id() {
    let (_dir, db) = temp_db();
    let sale = cafe_sale(&db);
    let receipt = db.receipt_original(sale.id, swedish(), noon()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kvitto.pdf");
    std::fs::write(&file, pdf::render(&receipt.layout()).unwrap()).unwrap();
    // Rasterised as a printer would (poppler's pdftoppm), then read by a QR scanner (zbarimg;
    // both from scripts/setup.sh test).
    let png = dir.path().join("kvitto");
    let status = std::process::Command::new("pdftoppm")
        .args(["-r", "200", "-png", "-singlefile"])
        .arg(&file)
        .arg(&png)
        .status()
        .expect("pdftoppm (poppler-utils)");
    assert!(status.success());
    let out = std::process::Command::new("zbarimg")
        .args(["--quiet", "--raw", "-Sdisable", "-Sqrcode.enable"])
        .arg(png.with_extension("png"))
        .output()
        .expect("zbarimg (zbar-tools) is installed by scripts/setup.sh test");
    let read = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        read.trim(),
        "913377",
        "zbarimg: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The id is in the QR code, not printed a second time under the rows.
    let text = pdf_text(&file);
    assert_eq!(text.matches("913377").count(), 1, "{text}");
}

#[test]
fn no_receipt_for_a_cancellation_or_without_shop_details() {
    let (_dir, db) = temp_db();
    let cancelled = db
        .journal()
        .register(new_entry(
            EntryKind::Cancellation,
            false,
            noon(),
            None,
            cafe_lines(),
        ))
        .unwrap();
    let err = db
        .receipt_original(cancelled.id, swedish(), noon())
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidJournalEntry);
    assert!(
        db.journal().prints(cancelled.id).unwrap().is_empty(),
        "nothing recorded"
    );

    let dir = tempfile::tempdir().unwrap();
    let bare = kassa::Db::open(dir.path().join("k.sqlite")).unwrap();
    let sale = cafe_sale(&bare);
    let err = bare
        .receipt_original(sale.id, swedish(), noon())
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
    assert!(err.to_string().contains("Settings"));
}

#[test]
fn shop_details_are_checked_and_normalised() {
    let (_dir, db) = temp_db();
    let shop = db.shop().unwrap();
    assert_eq!(shop.org_number, "556677-8899");
    let bad = Shop {
        org_number: "556677-8890".into(),
        ..shop.clone()
    };
    let err = db.set_shop(bad).unwrap_err();
    assert!(err.to_string().contains("organisation number"), "{err}");
    let empty = Shop {
        name: "  ".into(),
        ..shop.clone()
    };
    assert!(db.set_shop(empty).is_err());
    assert_eq!(
        db.shop().unwrap(),
        shop,
        "a refused change leaves the old details"
    );
    let pdf_after = Shop {
        after_sale: AfterSale::Pdf,
        ..shop
    };
    db.set_shop(pdf_after).unwrap();
    assert_eq!(db.shop().unwrap().after_sale, AfterSale::Pdf);
}
