//! A sale paid in parts against a real kronor-sandbox: cash and Swish parts with what is left
//! after each, one journal entry listing every payment, parts that would pay too much, a
//! declined Swish part after a cash part, a cancel part-way that refunds, and a restart
//! between two parts.

mod checkout_support;

use checkout_support::*;
use kassa::checkout::{CheckoutState, EventKind, OrderId, PartCharge, SplitState, Tender};
use kassa::{ErrorCode, Ore, PaymentMethod};
use kronor_sandbox::{Clock, SandboxConfig, SwishDecision};

/// The support cart: 2 × 35 + 28 − 10 % + 30 = 125,20 kr.
const TOTAL: Ore = Ore::new(12_520);

async fn swish_till() -> Till {
    let config = SandboxConfig {
        clock: Clock::manual("2026-06-15T10:00:00Z".parse().expect("time")),
        ..SandboxConfig::local()
    };
    Till::start_on(config, |_| {}).await
}

/// Takes one part of split sale `split`.
async fn part(
    till: &Till,
    split: &OrderId,
    tender: Tender,
    amount: Option<Ore>,
    tendered: Option<Ore>,
) -> Result<kassa::checkout::Started, kassa::checkout::CheckoutError> {
    till.engine
        .charge_part(PartCharge {
            split_order: split,
            part_order: &OrderId::new(),
            cart: &cart(),
            tender,
            amount,
            tendered,
        })
        .await
}

/// 50 kr of split sale `split` in cash, nothing handed over beyond it (nothing typed).
async fn fifty_in_cash(till: &Till, split: &OrderId) {
    part(till, split, Tender::Cash, Some(Ore::kr(50)), None)
        .await
        .expect("cash part");
}

/// A Swish part charged and paid by the customer: its checkout.
async fn swish_part_paid(till: &mut Till, split: &OrderId, amount: Option<Ore>) -> i64 {
    let id = part(till, split, Tender::Swish, amount, None)
        .await
        .expect("Swish part charged")
        .checkout
        .id;
    till.swish_qr(id).await;
    let token = till.swish_wait_token(id);
    till.sandbox
        .decide_swish(&token, SwishDecision::Pay)
        .expect("paid");
    till.wait_for(
        id,
        |k| matches!(k, EventKind::StateEntered { state } if *state == CheckoutState::Approved),
    )
    .await;
    id
}

/// The original receipt's rows, one per line.
fn receipt_text(db: &kassa::Db, entry: i64) -> String {
    kassa::demo::shop_if_unset(db).expect("shop");
    db.original(
        entry,
        kassa::receipt::ReceiptOptions::default(),
        jiff::Timestamp::now(),
    )
    .unwrap()
    .layout()
    .texts()
    .join("\n")
}

/// Returns from `till`'s file through its Kronor.
fn returns_at(till: &Till) -> kassa::returns::Returns {
    kassa::returns::Returns::new(
        till.db.clone(),
        till.client(),
        std::sync::Arc::new(TickingClock::new()),
        false,
        "Anna",
    )
}

fn code(error: kassa::checkout::CheckoutError) -> String {
    serde_json::to_value(error.body().code)
        .unwrap()
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cash_then_swish_pays_the_sale_once_and_the_receipt_lists_both() {
    let mut till = swish_till().await;
    let split = OrderId::new();
    let cash = part(
        &till,
        &split,
        Tender::Cash,
        Some(Ore::kr(50)),
        Some(Ore::kr(100)),
    )
    .await
    .expect("cash part");
    assert_eq!(
        cash.checkout.state,
        CheckoutState::Approved,
        "paid, waiting for the rest"
    );
    let sale = till.engine.split(split.as_str()).unwrap();
    assert_eq!(sale.paid(), Ore::kr(50));
    assert_eq!(sale.remainder(), TOTAL - Ore::kr(50));
    assert!(
        till.db
            .lock()
            .unwrap()
            .journal()
            .sale_for_order(split.as_str())
            .unwrap()
            .is_none()
    );

    let swish = swish_part_paid(&mut till, &split, None).await;
    let EventKind::Finished { state, .. } = till.finished(swish).await.kind else {
        unreachable!()
    };
    assert_eq!(state, CheckoutState::Receipted);
    let sale = till.engine.split(split.as_str()).unwrap();
    assert_eq!(sale.state, SplitState::Registered);
    assert!(
        sale.parts
            .iter()
            .all(|p| p.state == CheckoutState::Receipted)
    );
    assert_eq!(
        sale.parts[0].journal_entry_id,
        sale.parts[1].journal_entry_id
    );

    let entry = till.engine.receipt(swish).unwrap().expect("the sale");
    assert_eq!(entry.total, TOTAL);
    assert_eq!(entry.payment_method, None);
    let paid: Vec<(PaymentMethod, Ore)> = entry
        .payments
        .iter()
        .map(|p| (p.method, p.amount))
        .collect();
    assert_eq!(
        paid,
        vec![
            (PaymentMethod::Cash, Ore::kr(50)),
            (PaymentMethod::Swish, Ore::new(7_520))
        ]
    );
    assert_eq!(entry.payments[0].tendered, Some(Ore::kr(100)));
    assert!(
        entry.payments[1].reference.is_some(),
        "the Swish payment id is kept"
    );
    assert_eq!(till.sandbox.payment_request_count(), 1, "one Swish payment");

    let db = till.db.lock().unwrap();
    assert_eq!(db.journal().verify_chain().unwrap(), 1);
    let text = receipt_text(&db, entry.id);
    for words in [
        "Kontant", "50,00", "Swish", "75,20", "Mottaget", "100,00", "Växel",
    ] {
        assert!(text.contains(words), "{words:?} on the receipt:\n{text}");
    }
    assert!(!text.contains("Öresavrundning"), "nothing rounded:\n{text}");

    // X: one receipt, each payment under its own method; the drawer got the 50 kr.
    let x = db
        .x_report("kassa1", entry.sale_date, entry.registered_at)
        .unwrap();
    assert_eq!((x.receipts, x.sales.amount), (1, TOTAL));
    let by = |method| {
        x.per_payment
            .iter()
            .find(|p| p.method == method)
            .map(|p| (p.count, p.amount))
    };
    assert_eq!(by(PaymentMethod::Cash), Some((1, Ore::kr(50))));
    assert_eq!(by(PaymentMethod::Swish), Some((1, Ore::new(7_520))));
    let day = db.cash_day("kassa1", false, entry.sale_date).unwrap();
    assert_eq!((day.sales.count, day.sales.amount), (1, Ore::kr(50)));
    assert_eq!(day.expected, Ore::kr(50));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parts_that_would_pay_too_much_or_in_öre_cash_are_refused_with_nothing_stored() {
    let till = swish_till().await;
    let split = OrderId::new();
    let over = part(&till, &split, Tender::Swish, Some(Ore::kr(200)), None).await;
    assert_eq!(code(over.unwrap_err()), "split_exceeds");
    let ore_cash = part(
        &till,
        &split,
        Tender::Cash,
        Some(Ore::new(5_050)),
        Some(Ore::kr(100)),
    )
    .await;
    assert_eq!(code(ore_cash.unwrap_err()), "split_exceeds");
    let short = part(
        &till,
        &split,
        Tender::Cash,
        Some(Ore::kr(50)),
        Some(Ore::kr(20)),
    )
    .await;
    assert_eq!(code(short.unwrap_err()), "cash_short");
    let invoice = part(&till, &split, Tender::Invoice, Some(Ore::kr(50)), None).await;
    assert_eq!(code(invoice.unwrap_err()), "split_exceeds");
    let sale = till.engine.split(split.as_str()).unwrap();
    assert!(sale.parts.is_empty(), "no part stored");
    assert_eq!(sale.remainder(), TOTAL);

    // One Swish part at a time: a second while the first waits is refused.
    part(&till, &split, Tender::Swish, Some(Ore::kr(20)), None)
        .await
        .expect("first");
    let second = part(&till, &split, Tender::Swish, Some(Ore::kr(20)), None).await;
    assert_eq!(code(second.unwrap_err()), "split_exceeds");
    // All that is left in cash rounds to whole kronor: 125,20 → 125 (the Swish 20 waits).
    let all_cash = part(&till, &split, Tender::Cash, None, Some(Ore::kr(500))).await;
    assert_eq!(
        code(all_cash.unwrap_err()),
        "split_exceeds",
        "the Swish part waits"
    );
    assert_eq!(
        ErrorCode::SplitExceeds,
        kassa::Error::SplitExceeds(String::new()).code()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_declined_swish_part_after_cash_leaves_the_rest_to_collect_then_cash_rounds_it() {
    let mut till = swish_till().await;
    let split = OrderId::new();
    fifty_in_cash(&till, &split).await;
    let swish = part(&till, &split, Tender::Swish, None, None)
        .await
        .unwrap()
        .checkout
        .id;
    till.swish_qr(swish).await;
    let token = till.swish_wait_token(swish);
    till.sandbox
        .decide_swish(&token, SwishDecision::Decline)
        .unwrap();
    let EventKind::Finished { state, .. } = till.finished(swish).await.kind else {
        unreachable!()
    };
    assert_eq!(state, CheckoutState::Rejected);
    let sale = till.engine.split(split.as_str()).unwrap();
    assert_eq!(sale.state, SplitState::Open);
    assert_eq!(sale.paid(), Ore::kr(50), "the cash part is kept");
    assert_eq!(
        sale.remainder(),
        Ore::new(7_520),
        "75,20 kr still to collect"
    );

    // The rest in cash: 75,20 rounds to 75 kr; 80 handed over, 5 back.
    let rest = part(&till, &split, Tender::Cash, None, Some(Ore::kr(80)))
        .await
        .unwrap();
    assert_eq!(rest.checkout.state, CheckoutState::Receipted);
    assert_eq!(rest.checkout.amount(), Ore::kr(75));
    let entry = till.engine.receipt(rest.checkout.id).unwrap().unwrap();
    assert_eq!(entry.total, TOTAL);
    assert_eq!(entry.rounding(), Ore::new(-20));
    let db = till.db.lock().unwrap();
    let text = receipt_text(&db, entry.id);
    assert!(
        text.contains("Öresavrundning") && text.contains("0,20"),
        "{text}"
    );
    assert!(text.contains("125,00"), "to pay 125,00:\n{text}");
    // The drawer: two cash parts, 125 kr, rounded once by −0,20.
    let day = db.cash_day("kassa1", false, entry.sale_date).unwrap();
    assert_eq!((day.sales.count, day.sales.amount), (2, Ore::kr(125)));
    assert_eq!(day.rounding, Ore::new(-20));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_part_way_refunds_the_swish_part_and_says_what_cash_to_hand_back() {
    let mut till = swish_till().await;
    let split = OrderId::new();
    let swish = swish_part_paid(&mut till, &split, Some(Ore::kr(25))).await;
    fifty_in_cash(&till, &split).await;
    let sale = till
        .engine
        .cancel_split(split.as_str())
        .await
        .expect("cancelled");
    assert_eq!(sale.state, SplitState::Cancelled);
    assert!(
        sale.parts
            .iter()
            .all(|p| p.state == CheckoutState::Refunded),
        "{:?}",
        sale.parts
    );
    assert_eq!(
        till.sandbox.refund_count(),
        1,
        "the Swish part refunded through Kronor"
    );
    let refunded = till.engine.checkout(swish).unwrap();
    assert!(refunded.refund_id.is_some() && refunded.refund_key.is_some());
    let view = kassa::till::SplitView::new(&sale);
    assert_eq!(view.hand_back_cash.ore, 5_000);
    assert_eq!(view.refunded_swish.ore, 2_500);
    assert!(
        till.db
            .lock()
            .unwrap()
            .journal()
            .sale_for_order(split.as_str())
            .unwrap()
            .is_none()
    );

    // A second cancel sends nothing more; a part after the cancel is refused.
    till.engine
        .cancel_split(split.as_str())
        .await
        .expect("again");
    assert_eq!(till.sandbox.refund_count(), 1);
    let late = part(&till, &split, Tender::Cash, None, Some(Ore::kr(500))).await;
    assert_eq!(code(late.unwrap_err()), "split_exceeds");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_between_parts_keeps_the_paid_part_and_charges_nothing_twice() {
    let mut till = swish_till().await;
    let split = OrderId::new();
    let first = swish_part_paid(&mut till, &split, Some(Ore::kr(100))).await;
    // The till stops here; a new engine on the same file takes the parts up again.
    let mut till = till.with_client(|_| {}, |_| {});
    let resumed = till.engine.resume().unwrap();
    assert!(resumed.contains(&first), "the paid part is followed again");
    let open = till
        .engine
        .open_split()
        .unwrap()
        .expect("the split is found again");
    assert_eq!(open.order_id, split.as_str());
    assert_eq!(open.paid(), Ore::kr(100));
    assert_eq!(
        till.engine.checkout(first).unwrap().state,
        CheckoutState::Approved
    );

    let rest = part(&till, &split, Tender::Cash, None, Some(Ore::kr(30)))
        .await
        .unwrap();
    assert_eq!(rest.checkout.state, CheckoutState::Receipted);
    till.wait_for(first, |k| matches!(k, EventKind::Finished { .. }))
        .await;
    let entry = till.engine.receipt(first).unwrap().expect("receipted too");
    let paid: Vec<Ore> = entry.payments.iter().map(|p| p.amount).collect();
    assert_eq!(paid, vec![Ore::kr(100), Ore::kr(25)]);
    assert_eq!(
        till.sandbox.payment_request_count(),
        1,
        "the Swish part was paid once"
    );
    assert!(till.engine.open_split().unwrap().is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_split_sale_is_returned_part_by_part_and_only_once() {
    let mut till = swish_till().await;
    let split = OrderId::new();
    fifty_in_cash(&till, &split).await;
    let swish = swish_part_paid(&mut till, &split, None).await;
    till.finished(swish).await;
    let sale = till.engine.receipt(swish).unwrap().expect("the sale");

    let returns = returns_at(&till);
    let back = returns.return_sale(sale.id).await.expect("returned");
    assert_eq!(back.total, Ore::new(-12_520));
    assert_eq!(back.payment_method, None);
    let paid: Vec<(PaymentMethod, Ore)> =
        back.payments.iter().map(|p| (p.method, p.amount)).collect();
    assert_eq!(
        paid,
        vec![
            (PaymentMethod::Cash, Ore::kr(-50)),
            (PaymentMethod::Swish, Ore::new(-7_520))
        ]
    );
    assert_eq!(
        till.sandbox.refund_count(),
        1,
        "the Swish part refunded, the cash by hand"
    );
    let again = returns.return_sale(sale.id).await;
    assert_eq!(code(again.unwrap_err()), "already_returned");
    assert_eq!(till.sandbox.refund_count(), 1);
    let db = till.db.lock().unwrap();
    let day = db.cash_day("kassa1", false, back.sale_date).unwrap();
    assert_eq!((day.refunds.count, day.refunds.amount), (1, Ore::kr(-50)));
    let text = receipt_text(&db, back.id);
    assert!(text.contains("RETUR") && text.contains("-75,20"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_swish_parts_are_refunded_once_each_even_when_an_answer_is_lost() {
    let mut till = swish_till().await;
    let split = OrderId::new();
    let first = swish_part_paid(&mut till, &split, Some(Ore::kr(40))).await;
    let second = swish_part_paid(&mut till, &split, None).await;
    till.finished(second).await;
    let sale = till.engine.receipt(first).unwrap().expect("the sale");
    assert_eq!(sale.payments.len(), 2);
    let returns = returns_at(&till);
    // The first refund is made at Kronor but its answer never arrives: sent again, same key.
    till.sandbox
        .faults()
        .inject("refundPayment", kronor_sandbox::Fault::CommitThenDrop, 1);
    let back = returns.return_sale(sale.id).await.expect("returned");
    assert_eq!(back.total, Ore::new(-12_520));
    assert_eq!(till.sandbox.refund_count(), 2, "each part refunded once");
    let amounts: Vec<Ore> = back.payments.iter().map(|p| p.amount).collect();
    assert_eq!(amounts, vec![Ore::kr(-40), Ore::new(-8_520)]);
}
