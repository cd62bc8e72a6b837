//! The credential commands against a real gnome-keyring on a private D-Bus session.

mod common;

use common::{PrivateKeyring, app_with_window, invoke};
use kassa_app::payload::KronorEnvironment;
use serde_json::json;

#[test]
fn token_is_saved_reported_by_last4_only_and_removed() {
    let keyring = PrivateKeyring::start();
    // SAFETY: set before anything in this process reads the environment from another
    // thread; this file holds the only test of its process.
    unsafe { std::env::set_var("DBUS_SESSION_BUS_ADDRESS", &keyring.address) };

    let (_app, window) = app_with_window("se.kassa.test.gnome");
    let token = "eyJhbGciOiJIUzI1NiJ9.merchant-secret-part.sig-1234";

    assert_eq!(
        invoke(&window, "credentials_status", json!({})),
        Ok(json!({"state": "not_configured"}))
    );
    assert_eq!(
        invoke(&window, "app_info", json!({})).unwrap()["mode"],
        "training"
    );

    let saved = invoke(&window, "save_token", json!({ "token": token })).unwrap();
    let staging = json!({"state": "configured", "last4": "1234", "environment": "staging"});
    assert_eq!(
        saved, staging,
        "staging unless the merchant says production"
    );

    let status = invoke(&window, "credentials_status", json!({})).unwrap();
    assert_eq!(status, staging);
    let everything_the_ui_saw = format!("{saved}{status}");
    assert!(!everything_the_ui_saw.contains("merchant-secret-part"));
    assert!(!everything_the_ui_saw.contains(token));
    assert_eq!(
        invoke(&window, "app_info", json!({})).unwrap()["mode"],
        "live"
    );

    // The token really is in the keyring, readable by the Kronor client.
    let store = kassa_app::credentials::CredentialStore::probe("se.kassa.test.gnome");
    let read = store.token().unwrap().unwrap();
    assert_eq!(read.token.expose_secret(), token);
    assert_eq!(read.environment, KronorEnvironment::Staging);

    // Replacing keeps one token: the new one, with its own environment.
    let replaced = invoke(
        &window,
        "save_token",
        json!({"token": "second-token-9876", "environment": "production"}),
    )
    .unwrap();
    assert_eq!(
        replaced,
        json!({"state": "configured", "last4": "9876", "environment": "production"})
    );
    assert_eq!(
        invoke(&window, "credentials_status", json!({})).unwrap(),
        replaced,
        "the environment is remembered with the token"
    );
    let read = store.token().unwrap().unwrap();
    assert_eq!(read.token.expose_secret(), "second-token-9876");
    assert_eq!(read.environment, KronorEnvironment::Production);

    let removed = invoke(&window, "remove_token", json!({})).unwrap();
    assert_eq!(removed, json!({"state": "not_configured"}));
    assert_eq!(
        invoke(&window, "credentials_status", json!({})),
        Ok(json!({"state": "not_configured"}))
    );
    assert!(store.token().unwrap().is_none());

    // A bad token is refused with a code, and nothing is saved.
    let refused = invoke(&window, "save_token", json!({"token": "two words"})).unwrap_err();
    assert_eq!(refused["code"], "invalid_token");
    let refused = invoke(
        &window,
        "save_token",
        json!({"token": "abcdefgh-1234", "environment": "moon"}),
    )
    .unwrap_err();
    assert!(
        refused.to_string().contains("environment"),
        "an unknown environment is refused: {refused}"
    );
    assert_eq!(
        invoke(&window, "credentials_status", json!({})),
        Ok(json!({"state": "not_configured"}))
    );
}
