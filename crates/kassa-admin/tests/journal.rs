//! `kassa-admin demo-till`, `journal export` and `report z` run as processes on a real till
//! file, as a merchant or Skatteverket's visit would run them.

use std::path::Path;
use std::process::{Command, Output};

fn admin(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kassa-admin"))
        .args(args)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn a_demo_till_exports_its_days_and_shows_its_z_reports() {
    let dir = tempfile::tempdir().unwrap();
    let till = dir.path().join("demo.sqlite");
    let made = admin(&[
        "demo-till",
        "--out",
        path(&till),
        "--days",
        "2",
        "--sales-per-day",
        "20",
        "--first-day",
        "2026-11-02",
    ]);
    assert!(made.status.success(), "{}", text(&made.stderr));
    assert!(
        text(&made.stdout).contains("2 Z reports"),
        "{}",
        text(&made.stdout)
    );

    // A second demo till over the first is refused and the first is left as it was.
    let before = std::fs::metadata(&till).unwrap().len();
    let again = admin(&["demo-till", "--out", path(&till), "--days", "1"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(text(&again.stderr).contains("already exists"));
    assert_eq!(std::fs::metadata(&till).unwrap().len(), before);

    let out = dir.path().join("export.xml");
    let export = admin(&[
        "--db",
        path(&till),
        "journal",
        "export",
        "--from",
        "2026-11-02",
        "--to",
        "2026-11-03",
        "--out",
        path(&out),
    ]);
    let stdout = text(&export.stdout);
    // The demo file's journal is chained under the public key: said, and exit 1.
    assert_eq!(
        export.status.code(),
        Some(1),
        "{stdout} {}",
        text(&export.stderr)
    );
    assert!(text(&export.stderr).contains("without a secret key"));
    assert!(stdout.contains("registrations:"), "{stdout}");
    let xml = std::fs::read_to_string(&out).unwrap();
    assert_eq!(xml.matches("<utreko:ZDagrapport>").count(), 2);
    assert!(xml.contains("<utreko:Kassakvitto>"));

    let z = admin(&[
        "--db",
        path(&till),
        "report",
        "z",
        "--date",
        "2026-11-03",
        "--json",
    ]);
    assert!(z.status.success(), "{}", text(&z.stderr));
    let report: serde_json::Value = serde_json::from_slice(&z.stdout).unwrap();
    assert_eq!(report["kind"]["kind"], "z");
    assert_eq!(report["kind"]["number"], 2);
    assert_eq!(report["date"], "2026-11-03");

    let none = admin(&["--db", path(&till), "report", "z", "--date", "2026-11-04"]);
    assert_eq!(none.status.code(), Some(1));
    assert!(text(&none.stderr).contains("no Z report for 2026-11-04"));

    let missing = admin(&[
        "--db",
        path(&dir.path().join("nope.sqlite")),
        "report",
        "z",
        "--date",
        "2026-11-04",
    ]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("no till file"));
}
