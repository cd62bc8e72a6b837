//! A till file of 40 sales over two days (day one closed by Z report 1), every receipt printed
//! once and receipt 5 copied, sealed under a test key; each test edits a copy of it with raw
//! SQL, as someone with `sqlite3` would, and opens it the way the app does.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use jiff::Timestamp;
use kassa::journal::{
    EntryKind, HeadKeeper, JournalHead, JournalKey, JournalLine, NewEntry, PaymentMethod, PrintKind,
};
use kassa::vat::VatRate;
use kassa::{Db, Ore};
use rusqlite::Connection;
use tempfile::TempDir;

pub const REGISTER: &str = "KASSA-1";
pub const SALES: i64 = 40;

/// The till's own key, as the app would read it from the keyring.
pub fn key() -> JournalKey {
    JournalKey::from_bytes([7; 32])
}

/// A till file of its own, and the journal head the till kept outside it.
pub struct Till {
    _dir: TempDir,
    pub path: PathBuf,
    pub head: JournalHead,
}

impl Till {
    /// Opens it as the app does: with the key and the head kept outside.
    pub fn open(&self) -> kassa::Result<Db> {
        Db::open_keyed(&self.path, key(), Some(&self.head))
    }

    /// What the till says is wrong: at open, or else in the background's full check.
    pub fn problem(&self) -> String {
        let db = match self.open() {
            Ok(db) => db,
            Err(error) => return format!("at open: {error}"),
        };
        match db.journal().verify_all(Some(&self.head)) {
            Ok(report) => panic!("the edit went unseen: {report:?}"),
            Err(error) => format!("full check: {error}"),
        }
    }

    pub fn raw(&self) -> Connection {
        Connection::open(&self.path).expect("the till file opens in plain SQLite")
    }

    /// Runs `sql` with the named triggers dropped, then puts them back as they were, as a
    /// tamperer who knows the schema would.
    pub fn edit_behind(&self, triggers: &[&str], sql: &str) {
        let raw = self.raw();
        let mut saved = Vec::new();
        for name in triggers {
            let create: String = raw
                .query_row(
                    "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?1",
                    [name],
                    |r| r.get(0),
                )
                .expect("the trigger exists");
            raw.execute_batch(&format!("DROP TRIGGER {name};"))
                .expect("trigger dropped");
            saved.push(create);
        }
        raw.execute_batch(sql).expect("the edit");
        for create in saved {
            raw.execute_batch(&create).expect("trigger restored");
        }
    }

    /// The journal entry id of a receipt number.
    pub fn entry_id(&self, receipt: i64) -> i64 {
        self.raw()
            .query_row(
                "SELECT id FROM journal_entry WHERE receipt_number = ?1",
                [receipt],
                |r| r.get(0),
            )
            .expect("the receipt exists")
    }
}

/// A fresh copy of the 40-sale till.
pub fn till() -> Till {
    static TEMPLATE: OnceLock<(TempDir, JournalHead)> = OnceLock::new();
    let (template, head) = TEMPLATE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let head = build(&dir.path().join("kassa.sqlite"), key());
        (dir, head)
    });
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("kassa.sqlite");
    std::fs::copy(template.path().join("kassa.sqlite"), &path).expect("copied");
    Till {
        _dir: dir,
        path,
        head: head.clone(),
    }
}

/// Keeps every head it is told, as the app's keyring would keep the last.
#[derive(Default)]
pub struct Kept(pub Mutex<Vec<JournalHead>>);

impl HeadKeeper for Kept {
    fn keep(&self, head: &JournalHead) {
        self.0.lock().unwrap().push(head.clone());
    }
}

pub fn at(day: u32, n: i64) -> Timestamp {
    format!("2026-06-{day}T09:{:02}:00Z", n % 60)
        .parse()
        .expect("a time")
}

pub fn line(name: &str, price: i64, rate: u32) -> JournalLine {
    let vat_rate = VatRate::percent(rate);
    let total = Ore::new(price);
    JournalLine {
        name: name.into(),
        sku: None,
        quantity: 1,
        unit_price: total,
        discount: Ore::ZERO,
        vat_rate,
        total,
        tax: vat_rate.tax_of(total),
    }
}

/// Receipt `n`'s lines: coffee at 12 %, a bag at 25 % on odd receipts; receipt 30 is one
/// 133 kr item.
pub fn lines(n: i64) -> Vec<JournalLine> {
    if n == 30 {
        return vec![line("Presentkort", 13_300, 25)];
    }
    let mut lines = vec![line("Kaffe bryggt", 3_000 + n * 100, 12)];
    if n % 2 == 1 {
        lines.push(line("Tygkasse", 14_900, 25));
    }
    lines
}

/// Writes the 40-sale till at `path` under `key`; returns the head the till last wrote.
pub fn build(path: &Path, key: JournalKey) -> JournalHead {
    let mut db = Db::open_keyed(path, key, None).expect("a new till file");
    let kept = std::sync::Arc::new(Kept::default());
    db.keep_head_with(kept.clone());
    for n in 1..=SALES {
        let day = if n <= SALES / 2 { 15 } else { 16 };
        let entry = db
            .journal()
            .register(NewEntry {
                register_id: REGISTER.into(),
                training: false,
                kind: EntryKind::Sale,
                registered_at: at(day, n),
                cashier: "Kim".into(),
                payment_method: Some(PaymentMethod::Swish),
                kronor_purchase_id: Some(format!("9133{n:02}")),
                merchant_reference: Some(format!("{REGISTER}-{n:06}")),
                order_id: None,
                customer_id: None,
                original_entry_id: None,
                note: String::new(),
                payments: Vec::new(),
                lines: lines(n),
            })
            .expect("a sale registered");
        db.journal()
            .record_print(entry.id, PrintKind::Original, at(day, n))
            .expect("printed");
        if n == 5 {
            db.journal()
                .record_print(entry.id, PrintKind::Copy, at(day, n))
                .expect("copied");
        }
        if n == SALES / 2 {
            db.z_report(
                REGISTER,
                "2026-06-15".parse().unwrap(),
                "2026-06-15T20:00:00Z".parse().unwrap(),
            )
            .expect("day one closed");
        }
    }
    let last = kept.0.lock().unwrap().last().cloned().expect("heads kept");
    assert_eq!(db.journal().head().unwrap(), Some(last.clone()));
    last
}
