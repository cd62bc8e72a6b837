//! Live mode: the merchant's token saved in Settings (a real gnome-keyring on a private
//! D-Bus) switches payments to the token's Kronor at once, without a restart. The Kronor
//! here is a kronor-sandbox the test starts on 127.0.0.1 port 0, reached through the
//! endpoint override (`KASSA_KRONOR_GRAPHQL_URL`, `KASSA_KRONOR_SCA_URL`) as a self-hosted
//! Kronor would be; the app cannot tell it from the real one. Waits are on the app's own
//! `checkout-changed` events, never on sleeps. The control unit is a control-unit simulator
//! on 127.0.0.1 port 0, chosen in Settings by its XCCSP address with the password saved in
//! the keyring, as a shop's CleanCash server would be.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::{NORMAL, PrivateKeyring, Till, app, customer, settings_form};
use control_unit_sim::{SimConfig, Simulator};
use kassa_app::payload::Mode;
use kassa_app::payments::{GRAPHQL_URL_ENV, Payments, SCA_URL_ENV};
use kronor_sandbox::{Sandbox, SandboxConfig, ScaDecision};
use serde_json::{Value, json};
use tauri::Manager;

/// The merchant's Kronor and a keyring. One test owns them, so both daemons of the keyring
/// stop when it ends (a `static` is never dropped and would leave them running).
struct World {
    kronor: Sandbox,
    unit: Simulator,
    _keyring: PrivateKeyring,
}

/// The shop's control unit's password: never in the till's file or anything the UI sees.
const UNIT_PASSWORD: &str = "hemligt-lösen-4711";

impl World {
    fn start() -> World {
        let keyring = PrivateKeyring::start();
        let kronor = tauri::async_runtime::block_on(Sandbox::start(SandboxConfig::local()))
            .expect("the merchant's Kronor starts");
        let unit = tauri::async_runtime::block_on(Simulator::start(SimConfig {
            password: UNIT_PASSWORD.into(),
            ..SimConfig::default()
        }))
        .expect("the shop's control unit starts");
        // SAFETY: this binary has one test; it sets the environment before it builds an app
        // (or a keyring client), while no other thread reads it.
        unsafe {
            std::env::set_var("DBUS_SESSION_BUS_ADDRESS", &keyring.address);
            std::env::set_var(GRAPHQL_URL_ENV, kronor.graphql_url().as_str());
            std::env::set_var(SCA_URL_ENV, kronor.sca_url().as_str());
        }
        World {
            kronor,
            unit,
            _keyring: keyring,
        }
    }
}

/// The stories in order, on one keyring and one merchant Kronor; each on its own till.
#[test]
fn live_mode_follows_the_saved_token() {
    let world = World::start();
    a_saved_token_switches_to_live_kronor_and_a_sale_gets_a_live_receipt(&world);
    a_token_kronor_refuses_is_payment_auth_and_removing_it_goes_back_to_training(&world);
    the_token_cannot_change_while_a_payment_is_open(&world);
}

fn till(service: &str) -> Till {
    Till::watching(app(service))
}

impl Till {
    fn payments(&self) -> Arc<Payments> {
        self.app.state::<Arc<Payments>>().inner().clone()
    }

    fn mode(&self) -> Value {
        self.invoke("app_info", json!({})).unwrap()["mode"].clone()
    }

    /// The merchant's own shop details in Settings (a real receipt must name the seller).
    fn save_real_shop(&self) {
        let form = settings_form(None, "none");
        let saved = self.invoke("save_settings", json!({"form": form})).unwrap();
        assert_eq!(saved["saved"], true, "{saved}");
    }

    /// The unit's address in Settings (user, no password) and its password in the keyring.
    fn choose_control_unit(&self, world: &World) -> Value {
        let mut form = settings_form(None, "none");
        form["control_unit"] = json!(unit_address(world));
        let outcome = self.invoke("save_settings", json!({"form": form})).unwrap();
        assert_eq!(outcome["saved"], true, "{outcome}");
        self.invoke(
            "save_control_unit_password",
            json!({"password": UNIT_PASSWORD}),
        )
        .unwrap()
    }

    fn charge(&self) -> Result<Value, Value> {
        common::Till::charge_for(self, customer(NORMAL))
    }

    fn receipt_text(&self, entry_id: i64) -> String {
        self.invoke("receipt_view", json!({"entryId": entry_id, "locale": "sv"}))
            .unwrap()
            .to_string()
    }

    fn kronor_order(&self, id: i64) -> String {
        let engine = self.payments().engine().unwrap();
        engine.checkout(id).unwrap().kronor_order_id.unwrap()
    }
}

fn a_saved_token_switches_to_live_kronor_and_a_sale_gets_a_live_receipt(world: &World) {
    let till = till("se.kassa.test.live-sale");
    let kronor = &world.kronor;
    assert_eq!(till.mode(), "training");
    till.ring_up_coffee();

    let token = kronor.mint_merchant_token(Duration::from_secs(3600));
    let last4: String = token.chars().skip(token.chars().count() - 4).collect();
    let saved = till
        .invoke(
            "save_token",
            json!({"token": token, "environment": "production"}),
        )
        .unwrap();
    assert_eq!(
        saved,
        json!({"state": "configured", "last4": last4, "environment": "production"})
    );
    // At once, no restart: live mode, and no embedded training Kronor any more.
    assert_eq!(till.mode(), "live");
    assert_eq!(till.payments().mode(), Mode::Live);
    assert!(till.payments().sandbox().is_none());
    let orders_before = kronor.purchase_order_count();

    // The training demo shop is no seller: no real payment until the shop is the merchant's.
    let refused = till.charge().unwrap_err();
    assert_eq!(refused["code"], "shop_details_missing", "{refused}");
    assert_eq!(kronor.purchase_order_count(), orders_before, "nothing sent");
    till.save_real_shop();

    // No control unit chosen: a live till takes no counter payment (Swish; 4 kap. 9 §) and
    // says where to choose one.
    let refused = till
        .invoke("charge", json!({"tender": "swish"}))
        .unwrap_err();
    assert_eq!(refused["code"], "control_unit", "{refused}");
    assert_eq!(kronor.payment_session_count(), 0, "nothing sent");
    let health = till.invoke("control_unit_status", json!({})).unwrap();
    assert_eq!(health["source"], "none", "{health}");
    assert_eq!(health["ok"], false);
    assert!(
        health["problem_sv"]
            .as_str()
            .unwrap()
            .contains("Inställningar"),
        "{health}"
    );

    // The test button, before the password is saved: the unit refuses, and says so.
    let tried = till
        .invoke("test_control_unit", json!({"address": unit_address(world)}))
        .unwrap();
    assert_eq!(tried["ok"], false, "{tried}");
    assert!(
        tried["problem_en"].as_str().unwrap().contains("password"),
        "{tried}"
    );
    let chosen = till.choose_control_unit(world);
    assert_eq!(chosen["ok"], true, "{chosen}");
    assert_eq!(chosen["source"], "unit");
    assert_eq!(chosen["unit_id"], world.unit.identity().unit_id.as_str());
    assert_eq!(chosen["password_saved"], true);

    let view = till.charge().unwrap();
    let id = view["checkout_id"].as_i64().unwrap();
    assert_eq!(view["state"], "awaiting_customer", "{view}");
    let sca_url = view["sca_url"].as_str().unwrap();
    assert!(
        sca_url.starts_with(kronor.sca_url().as_str()),
        "the customer goes to the merchant's Kronor: {sca_url}"
    );
    assert_eq!(kronor.purchase_order_count(), orders_before + 1);

    kronor
        .decide_sca(&till.kronor_order(id), ScaDecision::Approve)
        .unwrap();
    let done = till.wait_for(id, "receipted");
    assert!(done["receipt_number"].as_i64().unwrap() >= 1, "{done}");
    let checkout = till.payments().engine().unwrap().checkout(id).unwrap();
    assert!(!checkout.training, "a live sale is in the live series");

    // The receipt was registered once with the shop's unit, and prints its code.
    let receipt_number = done["receipt_number"].as_i64().unwrap().to_string();
    assert_eq!(world.unit.registration_count(&receipt_number), 1);
    let registered = world
        .unit
        .registrations()
        .into_iter()
        .rfind(|r| r.record.receipt_id == receipt_number)
        .unwrap();
    assert_eq!(registered.record.receipt_type, "normal");
    let receipt = till.receipt_text(checkout.journal_entry_id.unwrap());
    assert!(receipt.contains(&registered.control_code), "{receipt}");
    assert!(receipt.contains("CCSIM000000000001"), "{receipt}");

    // Nothing the UI saw carries the token or the unit's password; nor does the till's file.
    let seen = format!("{saved}{view}{done}{chosen}{receipt}{}", till.mode());
    assert!(!seen.contains(&token));
    assert!(!seen.contains(UNIT_PASSWORD));
    let settings = till.invoke("settings", json!({})).unwrap().to_string();
    assert!(!settings.contains(UNIT_PASSWORD), "{settings}");
}

/// The simulator's XCCSP address as Settings takes it: the user, without the password.
fn unit_address(world: &World) -> String {
    world
        .unit
        .xccsp_url()
        .replace(&format!(":{UNIT_PASSWORD}@"), "@")
}

fn a_token_kronor_refuses_is_payment_auth_and_removing_it_goes_back_to_training(world: &World) {
    let till = till("se.kassa.test.live-refused");
    till.choose_control_unit(world);
    till.ring_up_coffee();
    // A well-formed token this Kronor never issued (as a staging token is in production).
    let other = tauri::async_runtime::block_on(Sandbox::start(SandboxConfig::local())).unwrap();
    let foreign = other.mint_merchant_token(Duration::from_secs(3600));
    let saved = till
        .invoke("save_token", json!({"token": foreign}))
        .unwrap();
    assert_eq!(saved["environment"], "staging", "the default: {saved}");
    assert_eq!(till.mode(), "live");

    let refused = till.charge().unwrap_err();
    assert_eq!(refused["code"], "payment_auth", "{refused}");
    assert!(!refused.to_string().contains(&foreign));

    let removed = till.invoke("remove_token", json!({})).unwrap();
    assert_eq!(removed, json!({"state": "not_configured"}));
    assert_eq!(till.mode(), "training");
    assert!(
        till.payments().sandbox().is_some(),
        "the training Kronor is back"
    );
    let view = till.charge().unwrap();
    assert_eq!(view["state"], "awaiting_customer", "{view}");
    let sca_url = view["sca_url"].as_str().unwrap();
    assert!(
        !sca_url.starts_with(world.kronor.sca_url().as_str()),
        "{sca_url}"
    );
}

fn the_token_cannot_change_while_a_payment_is_open(world: &World) {
    let till = till("se.kassa.test.live-open");
    let kronor = &world.kronor;
    till.ring_up_coffee();
    let view = till.charge().unwrap();
    let id = view["checkout_id"].as_i64().unwrap();
    assert_eq!(view["state"], "awaiting_customer", "{view}");

    let token = kronor.mint_merchant_token(Duration::from_secs(3600));
    let refused = till
        .invoke("save_token", json!({"token": token}))
        .unwrap_err();
    assert_eq!(refused["code"], "payment_in_progress", "{refused}");
    // Nothing was saved, and the training checkout keeps its Kronor.
    assert_eq!(
        till.invoke("credentials_status", json!({})).unwrap(),
        json!({"state": "not_configured"})
    );
    assert_eq!(till.mode(), "training");

    let cancelled = till
        .invoke("cancel_checkout", json!({"checkoutId": id}))
        .unwrap();
    assert_eq!(cancelled["state"], "cancelled", "{cancelled}");
    let saved = till.invoke("save_token", json!({"token": token})).unwrap();
    assert_eq!(saved["state"], "configured", "{saved}");
    assert_eq!(till.mode(), "live");
    till.invoke("remove_token", json!({})).unwrap();
}
