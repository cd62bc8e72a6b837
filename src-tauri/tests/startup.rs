//! A till whose data cannot be trusted still opens its window and says so: an altered
//! journal entry near the end stops the till at start (the window shows why and can do
//! nothing else, the file is left as it was); one deep in the journal is found by the
//! background integrity check and reaches the window as a report.

#[path = "fixtures/altered_till.rs"]
mod altered_till;
mod common;

use std::sync::mpsc;
use std::time::Duration;

use altered_till::altered_till;
use common::{invoke, window};
use kassa_app::error::ErrorCode;
use kassa_app::integrity::{INTEGRITY_CHECKED, Latest};
use serde_json::{Value, json};
use tauri::test::mock_builder;
use tauri::{Listener, Manager};

const GIVE_UP: Duration = Duration::from_secs(30);

#[test]
fn an_altered_recent_receipt_stops_the_till_and_the_window_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kassa.sqlite");
    altered_till(&path, 3, 3);
    let before = std::fs::read(&path).unwrap();

    let Err(error) = kassa_app::app::setup(mock_builder(), "se.kassa.test.startup", &path) else {
        panic!("a till with an altered receipt opened as usual");
    };
    assert_eq!(error.code, ErrorCode::DatabaseCorrupt, "{error:?}");

    let app = kassa_app::startup::problem_app(mock_builder(), error, Some(&path))
        .build(kassa_app::app::context())
        .unwrap();
    let main = window(&app, "main");
    let problem = invoke(&main, "startup_problem", json!({})).unwrap();
    assert_eq!(problem["error"]["code"], "database_corrupt", "{problem}");
    assert!(
        problem["error"]["message"]
            .as_str()
            .unwrap()
            .contains("receipt 3 (KASSA-1): the chain is broken"),
        "{problem}"
    );
    assert_eq!(problem["data_file"], path.display().to_string());
    // Nothing else can be called, so nothing can write to the file.
    for cmd in ["cart", "app_info", "history_search", "z_report"] {
        assert!(
            invoke(&main, cmd, json!({})).is_err(),
            "{cmd} answered on a till that did not open"
        );
    }
    drop(app);
    assert!(
        std::fs::read(&path).unwrap() == before,
        "the file was left exactly as it was"
    );
}

#[test]
fn a_till_that_opened_reports_no_startup_problem() {
    let (_app, main) = common::app_with_window("se.kassa.test.startup-ok");
    assert_eq!(
        invoke(&main, "startup_problem", json!({})).unwrap(),
        Value::Null
    );
}

#[test]
fn an_altered_old_receipt_is_found_by_the_background_check_and_kept_for_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kassa.sqlite");
    // Deeper than the quick look at the journal's tail when the till opens.
    altered_till(&path, 40, 2);
    let app = common::app_on("se.kassa.test.startup-deep", &path);
    let main = window(&app, "main");
    assert_eq!(
        invoke(&main, "integrity_report", json!({})).unwrap(),
        Value::Null,
        "nothing to show before the check has answered"
    );

    let (tx, reported) = mpsc::channel();
    app.listen_any(INTEGRITY_CHECKED, move |event| {
        let _ = tx.send(event.payload().to_owned());
    });
    let latest = app.state::<Latest>().inner().clone();
    kassa_app::integrity::spawn(app.handle().clone(), path.clone(), latest);
    let event: Value = serde_json::from_str(&reported.recv_timeout(GIVE_UP).unwrap()).unwrap();
    assert_eq!(event["journal_ok"], false, "{event}");
    assert_eq!(event["database_ok"], true, "{event}");
    assert!(
        event["problem"]
            .as_str()
            .unwrap()
            .contains("receipt 2 (KASSA-1): the chain is broken: it was changed"),
        "{event}"
    );
    // A window that starts listening late still learns it.
    assert_eq!(invoke(&main, "integrity_report", json!({})).unwrap(), event);
}
