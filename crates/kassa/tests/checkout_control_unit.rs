//! The control unit in the checkout, against the control-unit simulator over XCCSP and a real
//! kronor-sandbox: a paid sale's receipt is signed once before it is receipted; Charge is
//! refused while the unit cannot sign, before anything reaches Kronor; a unit that fails after
//! the payment is asked again with the same record until it signs.

mod checkout_support;

use std::sync::Arc;
use std::time::Duration;

use checkout_support::*;
use control_unit_sim::{Fault, SimConfig, Simulator};
use kassa::ErrorCode;
use kassa::checkout::{CheckoutError, CheckoutState, ControlUnitLink, EventKind, OrderId};
use kassa::control_unit::record::amount_field;
use kassa::control_unit::{Action, Print, xccsp::XccspClient};
use kassa::receipt::ReceiptOptions;
use kassa::receipt::escpos::Paper;
use kronor_sandbox::{Clock, SandboxConfig, SwishDecision};

async fn simulator() -> Simulator {
    Simulator::start(SimConfig::default())
        .await
        .expect("the simulator starts")
}

/// A till whose engine registers every receipt with `sim` as the register `designation`.
async fn till_with_unit(sim: &Simulator, designation: &str) -> Till {
    let unit = Arc::new(
        XccspClient::from_address(&sim.xccsp_url(), Duration::from_secs(2)).expect("client"),
    );
    let config = SandboxConfig {
        // A session must expire in Kronor's future: the till's test clock's day.
        clock: Clock::manual("2026-06-15T10:00:00Z".parse().expect("time")),
        ..SandboxConfig::local()
    };
    let link = ControlUnitLink {
        unit,
        register_designation: designation.into(),
    };
    let till = Till::start_on(config, |settings| settings.control_unit = Some(link)).await;
    till.db
        .lock()
        .expect("db")
        .set_shop(kassa::demo::demo_shop())
        .expect("a shop with an organisation number");
    till
}

/// Charges a Swish sale and waits for its QR code: the checkout and the payment's wait token.
async fn shown(till: &mut Till) -> (i64, String) {
    let id = till
        .charge_swish(&OrderId::new())
        .await
        .expect("charged")
        .checkout
        .id;
    till.swish_qr(id).await;
    (id, till.swish_wait_token(id))
}

/// The customer pays in the Swish app; answers the checkout's final state.
async fn customer_pays(till: &mut Till, id: i64, wait_token: &str) -> CheckoutState {
    till.sandbox
        .decide_swish(wait_token, SwishDecision::Pay)
        .expect("paid");
    let EventKind::Finished { state, .. } = till.finished(id).await.kind else {
        unreachable!()
    };
    state
}

/// A Swish sale charged and paid; the checkout once it is final.
async fn paid(till: &mut Till) -> (i64, CheckoutState) {
    let (id, wait_token) = shown(till).await;
    (id, customer_pays(till, id, &wait_token).await)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paid_sale_is_signed_once_before_it_is_receipted() {
    let sim = simulator().await;
    let mut till = till_with_unit(&sim, "KASSA1").await;
    let (id, state) = paid(&mut till).await;
    assert_eq!(state, CheckoutState::Receipted);
    let sale = till.engine.receipt(id).expect("read").expect("a sale");
    let stored = till
        .db
        .lock()
        .expect("db")
        .control_registration(sale.id, Print::Original)
        .expect("read")
        .expect("the receipt was registered");
    let stamp = stored.signed.expect("with the unit's answer");
    assert_eq!(stamp.unit_id, "CCSIM000000000001");
    assert_eq!(stamp.control_code.len(), 59);
    let receipt = sale.receipt_number.to_string();
    assert_eq!(sim.registration_count(&receipt), 1, "one registration");
    let at_unit = &sim.registrations()[0];
    assert_eq!(
        at_unit.control_code, stamp.control_code,
        "the code the unit gave"
    );
    assert_eq!(at_unit.record.org_no, "5599001236");
    assert_eq!(at_unit.record.pos_id, "KASSA1");
    assert_eq!(at_unit.record.receipt_type, "normal");
    let total = amount_field(sale.total);
    assert_eq!(at_unit.record.receipt_total, total, "the sale's total");
    assert_eq!(
        at_unit.record.vat.len(),
        sale.per_rate.len(),
        "one slot per VAT rate"
    );
    assert!(stored.record.contains(";KASSA1;") && stored.record.contains(&format!(";{total};")));

    // The receipt carries the unit's number and the code, on screen, on paper and in a PDF.
    let receipt = till
        .db
        .lock()
        .expect("db")
        .receipt_view(sale.id, ReceiptOptions::default())
        .expect("the receipt");
    assert_eq!(receipt.control.as_ref(), Some(&stamp));
    let layout = receipt.layout();
    let html = kassa::receipt::html::render(&layout);
    assert!(
        html.contains("Kontrollenhet") && html.contains("CCSIM000000000001"),
        "{html}"
    );
    assert!(
        html.contains(&stamp.control_code),
        "the code on the receipt"
    );
    let paper = kassa::receipt::escpos::render(&layout, Paper::Mm80);
    let paper = String::from_utf8_lossy(&paper);
    assert!(paper.contains("Kontrollkod:"), "ESC/POS: {paper}");
    assert!(
        paper.contains(&stamp.control_code[..20]),
        "the code on paper, wrapped if it must be"
    );
    assert!(kassa::receipt::pdf::render(&layout).is_ok());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn charge_is_refused_while_the_unit_cannot_sign_and_nothing_reaches_kronor() {
    let sim = simulator().await;
    let mut till = till_with_unit(&sim, "KASSA1").await;
    for (fault, action) in [
        (Fault::NotOperational, Action::StopSelling),
        (Fault::StorageFull, Action::StopSelling),
        (Fault::Garbage, Action::Retry),
    ] {
        sim.set_fault(Some(fault));
        let refused = till
            .charge_swish(&OrderId::new())
            .await
            .expect_err("no sale without a working unit");
        let CheckoutError::ControlUnit(unit_error) = &refused else {
            panic!("{fault:?}: {refused:?}");
        };
        assert_eq!(unit_error.action(), action, "{fault:?}");
        assert_eq!(refused.code(), ErrorCode::ControlUnit);
        assert_eq!(
            till.sandbox.payment_session_count(),
            0,
            "{fault:?}: nothing at Kronor"
        );
    }
    // The unit is fixed: the next sale goes through and is signed.
    sim.set_fault(None);
    let (_, state) = paid(&mut till).await;
    assert_eq!(state, CheckoutState::Receipted);
    assert_eq!(sim.registrations().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_unit_failing_after_the_payment_is_asked_again_with_the_same_receipt() {
    let sim = simulator().await;
    let mut till = till_with_unit(&sim, "KASSA1").await;
    let (id, wait_token) = shown(&mut till).await;
    // The unit answered Charge's health check; now its next answers are garbled.
    sim.fail_next(3, Fault::Garbage);
    let state = customer_pays(&mut till, id, &wait_token).await;
    assert_eq!(
        state,
        CheckoutState::Receipted,
        "signed once the unit answers"
    );
    let sale = till.engine.receipt(id).expect("read").expect("a sale");
    assert_eq!(sale.receipt_number, 1, "no receipt number burnt");
    assert_eq!(sim.registration_count("1"), 1, "registered once");
    assert_eq!(sim.faults().pending(), 0, "the failures were all met");
    // While it waited, the pay screen was told why, in both languages; once signed, no more.
    let waited = till
        .engine
        .event_log(id)
        .expect("log")
        .into_iter()
        .filter_map(|e| match e.kind {
            kassa::checkout::Logged::Event(EventKind::ControlUnitWaiting { sv, en }) => {
                Some((sv, en))
            }
            _ => None,
        })
        .collect::<Vec<_>>();
    assert_eq!(waited.len(), 3, "one word per failed attempt");
    assert!(waited[0].0.contains("Kontrollenhetens svar"), "{waited:?}");
    assert!(waited[0].1.contains("control unit's answer"), "{waited:?}");
    let view = till.engine.view(id).expect("view");
    assert_eq!(view.state, "receipted");
    assert_eq!(view.control_unit_sv, None, "signed: nothing to wait for");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sale_whose_record_the_unit_cannot_take_is_refused_before_payment() {
    let sim = simulator().await;
    // A register designation is 1–16 letters and digits: no hyphen.
    let till = till_with_unit(&sim, "KASSA-1").await;
    let refused = till
        .charge_swish(&OrderId::new())
        .await
        .expect_err("refused");
    let CheckoutError::ControlUnit(unit_error) = &refused else {
        panic!("{refused:?}");
    };
    assert_eq!(unit_error.action(), Action::FixData);
    assert!(
        unit_error.message().contains("register designation"),
        "the field is named: {unit_error:?}"
    );
    assert_eq!(till.sandbox.payment_session_count(), 0);
    assert!(sim.registrations().is_empty());
}

/// A till without a control unit, set up as a live or a training till is.
async fn till_without_unit(training: bool) -> Till {
    let config = SandboxConfig {
        clock: Clock::manual("2026-06-15T10:00:00Z".parse().expect("time")),
        ..SandboxConfig::local()
    };
    Till::start_on(config, |settings| {
        let till = kassa::checkout::CheckoutSettings::for_till("kassa1", "Anna", training, None);
        settings.training = till.training;
        settings.require_control_unit = till.require_control_unit;
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_live_till_without_a_control_unit_takes_no_counter_payment_and_says_where_to_choose_one()
{
    let till = till_without_unit(false).await;
    let refused = till
        .charge_swish(&OrderId::new())
        .await
        .expect_err("no sale without a control unit");
    let CheckoutError::ControlUnit(unit_error) = &refused else {
        panic!("{refused:?}");
    };
    assert_eq!(unit_error.action(), Action::FixData);
    assert!(
        unit_error.sv().contains("Inställningar"),
        "{}",
        unit_error.sv()
    );
    assert!(unit_error.en().contains("Settings"), "{}", unit_error.en());
    assert_eq!(till.sandbox.payment_session_count(), 0, "nothing at Kronor");
    assert_eq!(
        till.engine.resume().expect("open checkouts"),
        Vec::<i64>::new(),
        "no checkout stored"
    );
    // An invoice the customer pays later is no counter payment: outside the rule.
    till.charge(&OrderId::new(), kronor_sandbox::scenarios::NORMAL)
        .await;

    // A training till without one still trains (its Kronor and receipts are not real).
    let training = till_without_unit(true).await;
    training
        .charge_swish(&OrderId::new())
        .await
        .expect("a training sale needs no control unit of its own");
}

/// The paid sale's journal entry.
async fn paid_sale(till: &mut Till) -> kassa::Entry {
    let (id, state) = paid(till).await;
    assert_eq!(state, CheckoutState::Receipted);
    till.engine.receipt(id).expect("read").expect("a sale")
}

fn stamp(till: &Till, entry_id: i64, print: Print) -> Option<kassa::control_unit::ControlStamp> {
    till.db
        .lock()
        .expect("db")
        .control_registration(entry_id, print)
        .expect("read")
        .and_then(|r| r.signed)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_one_copy_is_registered_as_kopia_with_its_own_code_or_not_made() {
    let sim = simulator().await;
    let mut till = till_with_unit(&sim, "KASSA1").await;
    let sale = paid_sale(&mut till).await;
    let receipt = sale.receipt_number.to_string();

    // The unit cannot sign: no copy, nothing recorded.
    sim.set_fault(Some(Fault::NotOperational));
    let refused = till
        .engine
        .sign_copy(sale.id)
        .await
        .expect_err("no code, no copy");
    assert_eq!(refused.code(), ErrorCode::ControlUnit);
    sim.set_fault(None);

    till.engine.sign_copy(sale.id).await.expect("signed");
    let copy = stamp(&till, sale.id, Print::Copy).expect("the copy's code");
    let original = stamp(&till, sale.id, Print::Original).expect("the original's code");
    assert_ne!(
        copy.control_code, original.control_code,
        "a code of its own"
    );
    let kopia: Vec<_> = sim
        .registrations()
        .into_iter()
        .filter(|r| r.record.receipt_id == receipt && r.record.receipt_type == "kopia")
        .collect();
    assert_eq!(kopia.len(), 1, "registered once as kopia");
    assert_eq!(kopia[0].control_code, copy.control_code);

    // The copy made after it carries that code; a second copy never reaches the unit.
    let made = till
        .db
        .lock()
        .expect("db")
        .receipt_copy(sale.id, ReceiptOptions::default(), jiff::Timestamp::now())
        .expect("the copy");
    assert_eq!(
        made.control.expect("signed").control_code,
        copy.control_code
    );
    let again = till.engine.sign_copy(sale.id).await.expect_err("one copy");
    assert_eq!(again.code(), ErrorCode::CopyAlreadyPrinted);
    assert_eq!(
        sim.registration_count(&receipt),
        2,
        "the original and the copy"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_return_is_refused_while_the_unit_cannot_sign_and_its_receipt_is_signed_once() {
    let sim = simulator().await;
    let mut till = till_with_unit(&sim, "KASSA1").await;
    let sale = paid_sale(&mut till).await;
    let link = till.engine.control_unit().cloned();
    let faults = sim.faults();
    // The unit dies once the money is back at the customer, before the RETUR is signed.
    let hook: kassa::returns::ReturnPauseHook = Arc::new(move |step| {
        let faults = faults.clone();
        Box::pin(async move {
            if step == kassa::returns::ReturnStep::KronorAnswered {
                faults.set(Some(Fault::NotOperational));
            }
        })
    });
    let returns = kassa::returns::Returns::new(
        till.db.clone(),
        till.client(),
        Arc::new(TickingClock::new()),
        false,
        "Anna",
    )
    .with_control_unit(link, true);

    sim.set_fault(Some(Fault::StorageFull));
    let refused = returns
        .return_sale(sale.id)
        .await
        .expect_err("no code, no return");
    assert_eq!(refused.code(), ErrorCode::ControlUnit);
    assert_eq!(till.sandbox.refund_count(), 0, "no money moved");
    sim.set_fault(None);

    let returns = returns.with_pause_hook(hook);
    let unsigned = returns
        .return_sale(sale.id)
        .await
        .expect_err("the unit died");
    assert_eq!(unsigned.code(), ErrorCode::ControlUnit);
    assert_eq!(till.sandbox.refund_count(), 1, "refunded once");
    sim.set_fault(None);

    // Asked again: the same RETUR, now signed, and no second refund.
    let back = returns.return_sale(sale.id).await.expect("signed");
    assert_eq!(till.sandbox.refund_count(), 1);
    let code = stamp(&till, back.id, Print::Original).expect("the RETUR's code");
    let retur = back.receipt_number.to_string();
    assert_eq!(sim.registration_count(&retur), 1);
    let at_unit = sim
        .registrations()
        .into_iter()
        .find(|r| r.record.receipt_id == retur)
        .expect("registered");
    assert_eq!(at_unit.control_code, code.control_code);
    assert_eq!(at_unit.record.receipt_type, "normal");
    assert_eq!(at_unit.record.negative_total, amount_field(sale.total));
    let refused = returns
        .return_sale(sale.id)
        .await
        .expect_err("returned once");
    assert_eq!(refused.code(), ErrorCode::AlreadyReturned);
}
