//! Text that reaches a receipt with characters it should not have (a product saved before the
//! till refused them, a journal line, the shop's details) never becomes a printer command,
//! and no name pushes an amount off the PDF.

#[path = "support/injection.rs"]
mod injection;
mod support;

use injection::{CUT_AND_RESET, DRAWER_PULSE, SPLIT_ROW};
use kassa::journal::PaymentMethod;
use kassa::receipt::escpos::{self, Paper};
use kassa::receipt::{Block, Language, Layout, ReceiptOptions, pdf};
use support::{line, noon, pdf_text, sale_of, temp_db, total_line};

/// A receipt of `lines`, as the till would print it.
fn receipt(lines: Vec<kassa::journal::JournalLine>) -> (tempfile::TempDir, Layout) {
    let (dir, db) = temp_db();
    let sale = sale_of(&db, PaymentMethod::Card, lines);
    let options = ReceiptOptions {
        language: Language::Swedish,
        electronic: false,
        qr: true,
    };
    let layout = db
        .receipt_original(sale.id, options, noon())
        .unwrap()
        .layout();
    (dir, layout)
}

fn count(bytes: &[u8], command: [u8; 2]) -> usize {
    bytes.windows(2).filter(|w| *w == command).count()
}

#[test]
fn escpos_text_never_carries_a_drawer_pulse_cut_reset_or_newline() {
    let (_dir, mut layout) = receipt(vec![
        line(DRAWER_PULSE, 1, 2_000, 0, 12),
        line(CUT_AND_RESET, 1, 3_200, 0, 6),
        line(SPLIT_ROW, 1, 1_000, 0, 25),
    ]);
    // Shop details saved before they were checked take the same path.
    layout
        .blocks
        .insert(0, Block::Heading(CUT_AND_RESET.into()));
    layout
        .blocks
        .insert(1, Block::Centered(DRAWER_PULSE.into()));
    for paper in [Paper::Mm58, Paper::Mm80] {
        let bytes = escpos::render(&layout, paper);
        assert_eq!(count(&bytes, [0x1b, b'p']), 0, "no drawer pulse");
        assert_eq!(count(&bytes, [0x1d, b'V']), 1, "one cut, at the end");
        assert_eq!(count(&bytes, [0x1b, b'@']), 1, "one reset, at the start");
        let printed = escpos::decode(&bytes).expect("only the encoder's own commands");
        assert_eq!(printed.cuts, 1);
        let texts = printed.texts();
        let row = texts
            .iter()
            .find(|t| t.starts_with("Te?Totalt 0,00 kr"))
            .unwrap_or_else(|| panic!("the name is one row: {texts:?}"));
        assert!(row.ends_with("10,00 kr"), "{row:?}");
        assert!(
            !texts.iter().any(|t| t.starts_with("Totalt 0,00")),
            "{texts:?}"
        );
        assert!(texts.contains(&"Kaffe?p??ú".to_owned()), "{texts:?}");
        assert!(
            printed
                .lines
                .iter()
                .all(|l| l.text.chars().count() <= paper.columns())
        );
    }
}

#[test]
fn the_pdf_shows_every_amount_whole_whatever_the_name() {
    let (_dir, layout) = receipt(vec![
        // Fits one row by its characters. As the font's missing glyph each emoji would take
        // the PDF's default width (a whole em, not a cell) in a viewer that follows it.
        line(&format!("Kaffe {}", "😀".repeat(20)), 1, 2_000, 0, 12),
        line(&"🎉".repeat(100), 1, 3_000, 0, 25),
        line(DRAWER_PULSE, 1, 500, 0, 12),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kvitto.pdf");
    std::fs::write(&file, pdf::render(&layout).unwrap()).unwrap();
    let text = pdf_text(&file);
    let ending = |start: &str| {
        text.lines()
            .map(str::trim)
            .find(|l| l.starts_with(start))
            .unwrap_or_else(|| panic!("no line {start:?}:\n{text}"))
            .to_owned()
    };
    let emoji_row = ending(&format!("Kaffe {}", "?".repeat(20)));
    assert!(emoji_row.ends_with(" 20,00 kr"), "{text}");
    assert!(ending("Kaffe?p").ends_with(" 5,00 kr"), "{text}");
    // The long name wraps; its amount is on a line of its own, flush right and whole.
    assert!(text.lines().any(|l| l.trim() == "30,00 kr"), "{text}");
    assert!(total_line(&text).ends_with(" 55,00 kr"), "{text}");
}
