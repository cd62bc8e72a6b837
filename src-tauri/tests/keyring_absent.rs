//! With no D-Bus session at all there is no secure store: saving must be refused.

#[path = "fixtures/altered_till.rs"]
mod altered_till;
mod common;

use common::{app_with_window, invoke};
use serde_json::json;
use tauri::Manager;

#[test]
fn saving_is_refused_when_no_secure_store_answers() {
    let empty_runtime_dir = tempfile::tempdir().unwrap();
    // SAFETY: set before anything in this process reads the environment from another
    // thread; this file holds the only test of its process.
    unsafe {
        std::env::remove_var("DBUS_SESSION_BUS_ADDRESS");
        std::env::remove_var("DISPLAY");
        // zbus falls back to $XDG_RUNTIME_DIR/bus: point it at a folder with no bus.
        std::env::set_var("XDG_RUNTIME_DIR", empty_runtime_dir.path());
    }

    let (app, window) = app_with_window("se.kassa.test.absent");

    let status = invoke(&window, "credentials_status", json!({})).unwrap();
    assert_eq!(status["state"], "store_unavailable", "{status}");
    assert!(
        status["reason"]
            .as_str()
            .unwrap()
            .contains("Secret Service"),
        "{status}"
    );

    let refused = invoke(&window, "save_token", json!({"token": "abcdefgh-5555"})).unwrap_err();
    assert_eq!(refused["code"], "keyring_unavailable", "{refused}");
    assert!(
        refused["message"]
            .as_str()
            .unwrap()
            .contains("nothing is saved"),
        "{refused}"
    );
    assert!(!refused.to_string().contains("abcdefgh"));

    // Still training, and removing reports the same clear refusal rather than success.
    assert_eq!(
        invoke(&window, "app_info", json!({})).unwrap()["mode"],
        "training"
    );
    let remove = invoke(&window, "remove_token", json!({})).unwrap_err();
    assert_eq!(remove["code"], "keyring_unavailable");

    // The till opened all the same; its journal is chained under the public key, and the
    // integrity banner's report says so rather than passing in silence.
    let journal = app
        .state::<std::sync::Arc<kassa_app::journal_keys::TillJournal>>()
        .inner()
        .clone();
    assert!(journal.unkept_reason().unwrap().contains("no OS keyring"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kassa.sqlite");
    let till = kassa_app::till::open_with(&path, true, &journal).unwrap();
    till.db()
        .unwrap()
        .journal()
        .register(altered_till::sale(0))
        .unwrap();
    drop(till);
    let report = kassa_app::integrity::check(&path, &journal);
    assert!(report.journal_ok && report.problem.is_none(), "{report:?}");
    let caveat = report.journal_caveat.unwrap();
    assert!(
        caveat.contains("chained without a secret key") && caveat.contains("Secret Service"),
        "{caveat}"
    );
}
