//! Killed around closing the day. `starting` is not exact: the child prints `STARTING` right
//! before `z_report` and the kill lands before, during or after its one transaction.
//! `commit`: at the first write of the Z's transaction to the write-ahead log (during or
//! just after the commit). `z_made` is exact: right after the Z was committed. After each kill the till opens, the
//! day has no Z or one whole Z (the same totals as an X report of that day); the restarted
//! till closes it once if it was open, a second Z is refused, and Z numbers run unbroken.

use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use kassa::journal::{EntryKind, PaymentMethod};
use kassa::report::{DayReport, ReportKind};
use kassa::{Db, Error};

use crate::kill_support::{PAUSE_AT, Spawned, hold, own_command, pause, report, text, var};
use crate::support::{cafe_lines, new_entry, noon, temp_db};
use crate::wal_watch::kill_at_commit;

const REGISTER: &str = "kassa-1";
const POINTS: [&str; 4] = ["starting", "commit", "z_made", "starting"];

/// The till closing one day: the Z button, pressed again after a restart.
pub async fn child() -> Result<(), String> {
    let db = Db::open(var("KASSA_CHILD_DB")).map_err(text)?;
    let date: Date = var("KASSA_CHILD_DATE").parse().map_err(text)?;
    let at: Timestamp = var("KASSA_CHILD_AT").parse().map_err(text)?;
    hold("commit").map_err(text)?;
    println!("STARTING");
    let first = match db.z_report(REGISTER, date, at) {
        Ok(z) => format!("made {:?}", z.kind),
        Err(Error::DayAlreadyClosed(_)) => "already closed".to_owned(),
        Err(other) => return Err(text(other)),
    };
    pause("z_made").await;
    match db.z_report(REGISTER, date, at) {
        Err(Error::DayAlreadyClosed(_)) => {}
        other => return Err(format!("a second Z for {date} was not refused: {other:?}")),
    }
    println!("DONE {first}");
    Ok(())
}

/// The day's Z reports; each must be whole: the X report's totals, under a Z number.
fn zs_of(db: &Db, date: Date, at: Timestamp) -> Vec<DayReport> {
    let zs: Vec<DayReport> = db
        .z_reports(REGISTER)
        .expect("Z reports readable")
        .into_iter()
        .filter(|z| z.date == date)
        .collect();
    for z in &zs {
        let mut as_x = z.clone();
        as_x.kind = ReportKind::X;
        // The journal head it closed is the Z's own; an X carries none.
        assert!(
            as_x.journal_head.take().is_some(),
            "the Z keeps the journal head"
        );
        assert_eq!(
            as_x,
            db.x_report(REGISTER, date, at).expect("X"),
            "a whole Z"
        );
    }
    zs
}

pub async fn parent() {
    let (dir, db) = temp_db();
    let path = dir.path().join("kassa.sqlite");
    let mut found = Vec::new();
    for (day, point) in POINTS.into_iter().enumerate() {
        let sold_at = noon() + (24 * day as i64).hours();
        let closed_at = sold_at + 8.hours();
        // The day of `sold_at` (noon in Stockholm).
        let date = jiff::civil::date(2026, 6, 15)
            .checked_add((day as i64).days())
            .expect("date");
        let sale = new_entry(
            EntryKind::Sale,
            false,
            sold_at,
            Some(PaymentMethod::Invoice),
            cafe_lines(),
        );
        db.journal().register(sale).expect("sale");
        let spawn = |pause_at: Option<&str>| {
            let mut command = own_command("z_report");
            command
                .env("KASSA_CHILD_DB", &path)
                .env("KASSA_CHILD_DATE", date.to_string())
                .env("KASSA_CHILD_AT", closed_at.to_string());
            if let Some(point) = pause_at {
                command.env(PAUSE_AT, point);
            }
            Spawned::start(command)
        };
        let mut first = spawn(Some(point));
        if point == "commit" {
            kill_at_commit(first, &path).await;
        } else {
            let line = if point == "starting" {
                "STARTING"
            } else {
                "PAUSED z_made"
            };
            first.expect_line(line).await;
            first.kill().await;
        }

        let after_kill = Db::open(&path).expect("the till opens after the kill");
        after_kill.quick_check().expect("database intact");
        let zs_after_kill = zs_of(&after_kill, date, closed_at).len();
        assert!(zs_after_kill <= 1, "{date}: {zs_after_kill} Z reports");
        if point == "z_made" {
            assert_eq!(zs_after_kill, 1, "a committed Z survives the kill");
        }
        drop(after_kill);

        let mut second = spawn(None);
        let done = second.expect_line("DONE").await;
        second.exits_ok().await;
        let expected = if zs_after_kill == 1 {
            "DONE already closed"
        } else {
            "DONE made"
        };
        assert!(done.starts_with(expected), "{date}: {done}");
        assert_eq!(zs_of(&db, date, closed_at).len(), 1, "{date} closed once");
        let numbers: Vec<ReportKind> = db
            .z_reports(REGISTER)
            .expect("Z reports")
            .iter()
            .map(|z| z.kind)
            .collect();
        let unbroken: Vec<ReportKind> = (1..=day as i64 + 1)
            .map(|number| ReportKind::Z { number })
            .collect();
        assert_eq!(numbers, unbroken, "Z numbers unbroken");
        let state = if zs_after_kill == 1 {
            "Z already made"
        } else {
            "no Z yet"
        };
        found.push(format!("{point}: {state}"));
        println!(
            "z_report SIGKILL | killed at {point:<8} → {state} → {}",
            &done[5..]
        );
    }
    report(
        "z_report",
        POINTS.len(),
        POINTS.len(),
        &format!(
            "{}; each day 1 whole Z, a second refused, Z 1..{} unbroken",
            found.join(", "),
            POINTS.len()
        ),
        "never a half Z or a day closed twice; no gap in the Z numbers",
    );
}
