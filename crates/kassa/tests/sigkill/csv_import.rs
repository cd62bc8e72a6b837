//! Killed while importing a 20,000-row catalogue CSV. Not exact: right after the child
//! printed `STARTING` (before the file is read) or `READ` (the file read; parsing and the one
//! write transaction ahead), wherever the import has got to by then; and `commit`: the child
//! holds once the file is read, then is killed at the first write to the database's write-ahead log,
//! while the transaction is being committed. After each kill the till opens, SQLite's and
//! the search index's integrity checks pass and the catalogue holds none or all of the rows;
//! the restarted import gives all of them once.

use std::io::Read;

use kassa::Db;

use crate::kill_support::{PAUSE_AT, Spawned, hold, own_command, report, text, var};
use crate::support::temp_db;
use crate::wal_watch::kill_at_commit;

const ROWS: usize = 20_000;
/// Killed at each, in turn, each time on a new till.
const POINTS: [&str; 3] = ["STARTING", "READ", "commit"];

/// Prints `READ` once the whole file has been read, then holds there if asked (`commit`).
struct Announce<R>(R, bool);

impl<R: Read> Read for Announce<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.0.read(buf)?;
        if n == 0 && !buf.is_empty() && !self.1 {
            self.1 = true;
            println!("READ");
            hold("commit")?;
        }
        Ok(n)
    }
}

/// The till importing the merchant's CSV file.
pub async fn child() -> Result<(), String> {
    let db = Db::open(var("KASSA_CHILD_DB")).map_err(text)?;
    let file = std::fs::File::open(var("KASSA_CHILD_CSV")).map_err(text)?;
    println!("STARTING");
    let summary = db
        .catalogue()
        .import_csv(Announce(file, false))
        .map_err(text)?;
    println!("DONE {}", summary.products);
    Ok(())
}

fn big_csv() -> String {
    let mut csv = String::from("name,price,vat_class,category,sku\n");
    for i in 0..ROWS {
        let class = ["standard", "food"][i % 2];
        csv += &format!(
            "Vara {i},{},{class},Hylla {},SKU-{i}\n",
            10 + i % 90,
            i % 40
        );
    }
    csv
}

/// Products in the catalogue, after SQLite's and the full-text index's own checks.
fn checked_count(path: &std::path::Path) -> i64 {
    let db = Db::open(path).expect("the till opens after the kill");
    db.quick_check().expect("quick_check");
    let raw = rusqlite::Connection::open(path).expect("second connection");
    let integrity: String = raw
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check");
    assert_eq!(integrity, "ok");
    raw.execute(
        "INSERT INTO product_fts(product_fts) VALUES ('integrity-check')",
        [],
    )
    .expect("the search index matches the catalogue");
    db.catalogue().count().expect("count")
}

/// Bytes in the database's write-ahead log: the import's pages land there when it commits.
fn wal_len(path: &std::path::Path) -> u64 {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    std::fs::metadata(wal).map_or(0, |m| m.len())
}

pub async fn parent() {
    let mut found = Vec::new();
    for point in POINTS {
        // A new till each run, so every kill meets an empty catalogue.
        let (dir, _db) = temp_db();
        let path = dir.path().join("kassa.sqlite");
        let csv = dir.path().join("katalog.csv");
        std::fs::write(&csv, big_csv()).expect("CSV written");
        let spawn = |pause_at: &str| {
            let mut command = own_command("csv_import");
            command
                .env("KASSA_CHILD_DB", &path)
                .env("KASSA_CHILD_CSV", &csv)
                .env(PAUSE_AT, pause_at);
            Spawned::start(command)
        };
        let wal_before = wal_len(&path);
        let mut first = spawn(point);
        if point == "commit" {
            kill_at_commit(first, &path).await;
        } else {
            first.expect_line(point).await;
            first.kill().await;
        }
        let written = wal_len(&path).saturating_sub(wal_before);
        let count = checked_count(&path);
        assert!(
            count == 0 || count == ROWS as i64,
            "killed after {point}: {count} of {ROWS} rows"
        );
        found.push(format!("{point}: {count} rows (log +{written} B)"));

        // The restart imports the file, then the merchant imports it once more.
        for _ in 0..2 {
            let mut again = spawn("");
            assert_eq!(again.expect_line("DONE").await, format!("DONE {ROWS}"));
            again.exits_ok().await;
            assert_eq!(checked_count(&path), ROWS as i64, "all rows, none twice");
        }
        let db = Db::open(&path).expect("db");
        let hits = db.catalogue().search("Vara 19999", 5).expect("search");
        assert!(
            hits.iter().any(|p| p.name == "Vara 19999"),
            "the last row is searchable"
        );
        println!(
            "csv_import SIGKILL | killed after {point:<8} → {count} rows (the log grew {written} bytes), then {ROWS} twice"
        );
    }
    report(
        "csv_import",
        POINTS.len(),
        POINTS.len(),
        &format!(
            "{}; integrity ok; {ROWS} after the restart and after importing again",
            found.join(", ")
        ),
        "all rows or none, never half a catalogue or a row twice",
    );
}
