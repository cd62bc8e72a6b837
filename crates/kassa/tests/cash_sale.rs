//! Cash at the counter, without a window and without a network: the total rounded to whole
//! kronor on its own line, the change, refusals that keep the sale, a cash refund, and the
//! cash day (float, paid in and out, drawer openings, the count) on X and Z against figures
//! worked out by hand.

mod checkout_support;

use std::sync::Arc;

use checkout_support::TickingClock;
use kassa::cash::{CashEventKind, DrawerCount, DrawerOpening};
use kassa::checkout::{CheckoutEngine, CheckoutSettings, CheckoutState, Tender};
use kassa::journal::PaymentMethod;
use kassa::receipt::ReceiptOptions;
use kassa::returns::Returns;
use kassa::till::Mode;
use kassa::{Db, Discount, ErrorCode, Ore, Till};
use kronor::{Client, ClientConfig, Environment, MerchantToken};
use tempfile::TempDir;

/// Demo catalogue: Kaffekopp, keramik, 149,00 kr.
const KAFFEKOPP: &str = "7350000050011";
const REGISTER: &str = "KASSA-1";

/// A Kronor client pointed at a port nobody listens on: the network is down.
fn no_network() -> Client {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = |path: &str| format!("http://127.0.0.1:{port}{path}").parse().unwrap();
    let environment = Environment::Custom {
        graphql_url: url("/v1/graphql"),
        sca_url: url("/sca"),
        swish_page: None,
    };
    Client::new(ClientConfig::new(
        environment,
        MerchantToken::new("no-token"),
    ))
    .unwrap()
}

/// A till with the demo catalogue whose sales are real (not training), its engine offline.
struct Counter {
    _dir: TempDir,
    till: Till,
    engine: CheckoutEngine,
}

impl Counter {
    fn start() -> Counter {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(dir.path().join("kassa.sqlite")).unwrap();
        let till = Till::new(db, true, Arc::new(TickingClock::new())).unwrap();
        let engine = CheckoutEngine::new(
            till.shared_db(),
            no_network(),
            CheckoutSettings::new(REGISTER, "Anna"),
            till.clock(),
        )
        .unwrap();
        Counter {
            _dir: dir,
            till,
            engine,
        }
    }

    /// Rings up a Kaffekopp with `discount` öre off.
    fn ring_up(&self, discount: i64) {
        let cart = self.till.add_barcode(KAFFEKOPP).unwrap();
        let line = cart.lines()[0].id;
        if discount > 0 {
            self.till
                .set_discount(line, Some(Discount::Amount(Ore::new(discount))))
                .unwrap();
        }
    }

    async fn pay(&self, tendered: Ore) -> kassa::till::CashSale {
        self.till
            .charge_cash(&self.engine, tendered, Mode::Training)
            .await
            .unwrap()
    }

    /// How many receipts the real series has.
    fn receipts(&self) -> i64 {
        let db = self.till.db().unwrap();
        db.journal().last_receipt_number(REGISTER, false).unwrap()
    }

    fn receipt_texts(&self, entry: i64) -> Vec<String> {
        let db = self.till.db().unwrap();
        db.original(entry, ReceiptOptions::default(), self.till.now())
            .unwrap()
            .layout()
            .texts()
    }
}

#[tokio::test]
async fn a_cash_sale_is_rounded_to_whole_kronor_gives_change_and_needs_no_network() {
    let counter = Counter::start();
    counter.ring_up(60); // 149,00 − 0,60 = 148,40
    let offer = counter.till.cash_offer().unwrap();
    assert_eq!(offer.total.ore, 14_840);
    assert_eq!(offer.rounding.ore, -40);
    assert_eq!(offer.to_pay.ore, 14_800);
    let keys: Vec<i64> = offer.keys.iter().map(|k| k.ore / 100).collect();
    assert_eq!(keys, [148, 150, 200, 500]);

    let sale = counter.pay(Ore::kr(200)).await;
    let checkout = &sale.started.checkout;
    assert_eq!(checkout.state, CheckoutState::Receipted);
    assert_eq!(checkout.tender, Tender::Cash);
    assert!(
        sale.drawer_problem.is_none(),
        "no drawer set up: nothing to fail"
    );
    assert!(
        counter.till.cart().unwrap().is_empty(),
        "a paid sale empties the counter"
    );
    let view = counter.engine.view(checkout.id).unwrap();
    let cash = view.cash.expect("the pay screen shows the cash");
    assert_eq!(cash.change.sv, "52,00 kr");
    assert_eq!(cash.rounding.sv, "-0,40 kr");

    let entry = counter
        .engine
        .receipt(checkout.id)
        .unwrap()
        .expect("receipted");
    assert_eq!(entry.payment_method, Some(PaymentMethod::Cash));
    assert_eq!(
        entry.total,
        Ore::new(14_840),
        "the sale's total is not rounded"
    );
    assert_eq!(
        entry.per_rate.iter().map(|r| r.total).sum::<Ore>(),
        Ore::new(14_840),
        "the VAT is that of the unrounded total"
    );
    assert_eq!(entry.kronor_purchase_id, None);
    let texts = counter.receipt_texts(entry.id);
    for wanted in [
        "Totalt 148,40 kr",
        "Öresavrundning -0,40 kr",
        "Att betala 148,00 kr",
        "Betalsätt Kontant",
        "Mottaget 200,00 kr",
        "Växel 52,00 kr",
    ] {
        assert!(
            texts.iter().any(|t| t == wanted),
            "{wanted:?} missing from {texts:#?}"
        );
    }
}

#[tokio::test]
async fn too_little_or_a_typo_is_refused_and_the_sale_stays_on_the_counter() {
    let counter = Counter::start();
    counter.ring_up(50); // 148,50 → 149 kr
    let short = counter
        .till
        .charge_cash(&counter.engine, Ore::kr(100), Mode::Training)
        .await
        .unwrap_err();
    assert_eq!(short.code(), ErrorCode::CashShort);
    assert!(short.to_string().contains("49,00 kr is missing"), "{short}");
    let typo = counter
        .till
        .charge_cash(&counter.engine, Ore::kr(1_000_000), Mode::Training)
        .await
        .unwrap_err();
    assert_eq!(typo.code(), ErrorCode::AmountOutOfRange);
    assert_eq!(counter.till.cart().unwrap().lines().len(), 1);
    let receipts = counter.receipts();
    assert_eq!(receipts, 0, "nothing registered");
    // Exact money is fine, and the receipt says no change.
    let sale = counter.pay(Ore::kr(149)).await;
    assert_eq!(sale.started.checkout.state, CheckoutState::Receipted);
    let entry = counter
        .engine
        .receipt(sale.started.checkout.id)
        .unwrap()
        .unwrap();
    let texts = counter.receipt_texts(entry.id);
    assert!(
        texts.iter().any(|t| t == "Öresavrundning 0,50 kr"),
        "{texts:#?}"
    );
    assert!(texts.iter().any(|t| t == "Växel 0,00 kr"), "{texts:#?}");
}

#[tokio::test]
async fn the_cash_day_adds_up_on_x_and_z_as_worked_out_by_hand() {
    let counter = Counter::start();
    let till = &counter.till;
    let record = |kind| till.record_cash(kind, false, "Anna").unwrap();
    let day = record(CashEventKind::Float {
        amount: Ore::kr(500),
    });
    assert!(day.float_set);
    let again = till.record_cash(
        CashEventKind::Float {
            amount: Ore::kr(300),
        },
        false,
        "Anna",
    );
    assert_eq!(
        again.unwrap_err().code(),
        ErrorCode::FloatAlreadySet,
        "one float a day"
    );

    counter.ring_up(60); // 148,40 → 148
    let first = counter.pay(Ore::kr(200)).await;
    counter.ring_up(50); // 148,50 → 149
    counter.pay(Ore::kr(149)).await;
    record(CashEventKind::PaidIn {
        amount: Ore::kr(100),
        reason: "Växel från banken".into(),
    });
    record(CashEventKind::PaidOut {
        amount: Ore::kr(50),
        reason: "Mjölk till kaféet".into(),
    });
    let no_reason = till.record_cash(
        CashEventKind::PaidOut {
            amount: Ore::kr(5),
            reason: "  ".into(),
        },
        false,
        "Anna",
    );
    assert_eq!(
        no_reason.unwrap_err().code(),
        ErrorCode::CashReason,
        "paid out needs a reason"
    );

    // The first sale refunded in cash: nothing goes to Kronor (there is no network).
    let sale_entry = counter
        .engine
        .receipt(first.started.checkout.id)
        .unwrap()
        .unwrap();
    let returns = Returns::new(till.shared_db(), no_network(), till.clock(), false, "Anna");
    let refund = returns.return_sale(sale_entry.id).await.unwrap();
    assert_eq!(refund.payment_method, Some(PaymentMethod::Cash));
    assert_eq!(refund.total, Ore::new(-14_840));
    assert_eq!(refund.note, "Cash refund");
    let refunded = counter.receipt_texts(refund.id);
    assert!(
        refunded.iter().any(|t| t == "Att betala -148,00 kr"),
        "{refunded:#?}"
    );

    // Two openings without a sale, each counted once.
    for _ in 0..2 {
        till.open_drawer(DrawerOpening::NoSale, false, "Anna")
            .await
            .unwrap();
    }
    till.open_drawer(DrawerOpening::Refund, false, "Anna")
        .await
        .unwrap();

    // By hand: 500 float + 148 + 149 sales − 148 refund + 100 in − 50 out = 699 kr.
    let day = till.cash_day(false).unwrap();
    assert_eq!(day.expected.ore, 69_900);
    assert_eq!(day.sales.count, 2);
    assert_eq!(day.sales.amount.ore, 29_700);
    assert_eq!(day.refunds.amount.ore, -14_800);
    assert_eq!(day.rounding.ore, -40 + 50 + 40);
    assert_eq!(day.drawer_openings, 2);
    assert_eq!(day.counted, None);

    // Counted: 500 + 100 + 4 × 20 + 10 + 2 × 2 = 694 kr, 5 kr short.
    let count = DrawerCount {
        pieces: vec![
            (Ore::kr(500), 1),
            (Ore::kr(100), 1),
            (Ore::kr(20), 4),
            (Ore::kr(10), 1),
            (Ore::kr(2), 2),
        ],
    };
    let day = record(CashEventKind::Counted { count });
    assert_eq!(day.counted.map(|m| m.ore), Some(69_400));
    assert_eq!(day.difference.map(|m| m.sv), Some("-5,00 kr".to_owned()));

    let date = till.today();
    let db = till.db().unwrap();
    let x = db.x_report(REGISTER, date, till.now()).unwrap();
    assert_eq!(x.cash.expected, Ore::kr(699));
    let cash = x
        .per_payment
        .iter()
        .find(|p| p.method == PaymentMethod::Cash)
        .expect("cash on X");
    assert_eq!(cash.count, 3);
    assert_eq!(
        cash.amount,
        Ore::kr(149),
        "cash taken in whole kronor, refund netted"
    );
    assert_eq!(
        x.net,
        Ore::new(14_850),
        "net sales are the receipts' totals, not rounded"
    );
    let z = db.z_report(REGISTER, date, till.now()).unwrap();
    assert_eq!(z.cash.float, Ore::kr(500));
    assert_eq!(z.cash.paid_in.amount, Ore::kr(100));
    assert_eq!(z.cash.paid_out.amount, Ore::kr(50));
    assert_eq!(z.cash.counted, Some(Ore::kr(694)));
    assert_eq!(z.cash.difference, Some(Ore::kr(-5)));
    assert_eq!(z.cash.drawer_openings, 2);
    let shop = db.shop().unwrap();
    let texts = z.layout(&shop, kassa::receipt::Language::Swedish).texts();
    for wanted in [
        "Växelkassa 500,00 kr",
        "Lådöppningar utan köp 2",
        "Förväntat i lådan 699,00 kr",
        "Räknat 694,00 kr",
        "Differens -5,00 kr",
    ] {
        assert!(
            texts.iter().any(|t| t == wanted),
            "{wanted:?} missing from {texts:#?}"
        );
    }
    // The export: each cash receipt's payment in whole kronor, the Z's float and openings.
    let out = tempfile::tempdir().unwrap();
    let summary = db
        .export_journal(
            &kassa::export::ExportRequest {
                from: date,
                to: date,
                registers: Vec::new(),
                exported_by: "Anna".into(),
                at: till.now(),
            },
            out.path(),
        )
        .unwrap();
    let xml = std::fs::read_to_string(&summary.path).unwrap();
    for wanted in [
        "<utreko:ForsaljningssummaPerBetalningsmedel>148.00<",
        "<utreko:ForsaljningssummaPerBetalningsmedel>149.00<",
        "<utreko:ForsaljningssummaPerBetalningsmedel>-148.00<",
        "<utreko:VaxelkassansBeloppISvenskaKronor>500.00<",
        "<utreko:AntalKassaladoppningar>2<",
    ] {
        assert!(xml.contains(wanted), "{wanted} missing from the export");
    }
    drop(db);
    let after_z = till.record_cash(
        CashEventKind::PaidIn {
            amount: Ore::kr(10),
            reason: "sent".into(),
        },
        false,
        "Anna",
    );
    assert_eq!(after_z.unwrap_err().code(), ErrorCode::DayAlreadyClosed);
}

#[tokio::test]
async fn cash_after_a_swish_charge_that_never_reached_kronor_takes_over_the_sale() {
    let counter = Counter::start();
    counter.ring_up(0);
    // F12 with Swish on a dead network: the create is still on its way, no QR code shown.
    let swish = counter
        .till
        .charge(&counter.engine, Tender::Swish, None, Mode::Training)
        .await
        .unwrap();
    assert_eq!(swish.checkout.state, CheckoutState::Submitting);
    assert!(swish.sca.is_none(), "the customer has nothing to pay with");

    let sale = counter.pay(Ore::kr(150)).await;
    assert_eq!(sale.started.checkout.state, CheckoutState::Receipted);
    assert_ne!(
        sale.started.checkout.id, swish.checkout.id,
        "a new order for the cash"
    );
    let left = counter.engine.checkout(swish.checkout.id).unwrap();
    assert!(
        left.cancel_requested,
        "the Swish create is cancelled when it lands"
    );
    assert_ne!(left.state, CheckoutState::Receipted);
    let receipts = counter.receipts();
    assert_eq!(receipts, 1, "one sale, one receipt");
    assert!(counter.till.cart().unwrap().is_empty());
}

#[tokio::test]
async fn once_the_till_has_accounts_it_sells_only_to_a_logged_in_cashier_and_names_them() {
    use kassa::cashier::{Pin, Role};
    let counter = Counter::start();
    // No accounts yet: the till sells as it always did.
    assert_eq!(counter.till.cashier().unwrap(), None);
    counter.ring_up(0);
    counter.till.clear_cart().unwrap();

    let anna = counter
        .till
        .first_manager(&counter.engine, "Anna", &Pin::chosen("482759").unwrap())
        .unwrap();
    assert_eq!(counter.till.cashier().unwrap(), Some(anna.clone()));
    let bo = {
        let db = counter.till.db().unwrap();
        let ok = db
            .cashiers()
            .approve(
                &Pin::typed("482759").unwrap(),
                "add account",
                anna.id,
                counter.till.now(),
            )
            .unwrap();
        db.cashiers()
            .add(
                "Bo",
                Role::Cashier,
                &Pin::chosen("1357").unwrap(),
                &ok,
                counter.till.now(),
            )
            .unwrap()
    };

    // Locked: nothing can be rung up or charged, and the message says to log in.
    counter.till.lock_till().unwrap();
    let refused = counter.till.add_barcode(KAFFEKOPP).unwrap_err();
    assert_eq!(refused.code(), ErrorCode::Locked);
    assert!(counter.till.cart().unwrap().is_empty());

    // Bo logs in by PIN alone; his cash sale is his on the receipt.
    let logged = counter
        .till
        .log_in(&counter.engine, &Pin::typed("1357").unwrap())
        .unwrap();
    assert_eq!(logged, bo);
    counter.ring_up(0);
    counter.till.lock_till().unwrap();
    let locked = counter
        .till
        .charge_cash(&counter.engine, Ore::kr(200), Mode::Training)
        .await;
    assert!(locked.is_err(), "a locked till takes no payment");
    counter
        .till
        .log_in(&counter.engine, &Pin::typed("1357").unwrap())
        .unwrap();
    let sale = counter.pay(Ore::kr(200)).await;
    let entry = counter
        .engine
        .receipt(sale.started.checkout.id)
        .unwrap()
        .expect("receipted");
    assert_eq!(entry.cashier, "Bo");
    let texts = counter.receipt_texts(entry.id);
    assert!(texts.iter().any(|t| t.contains("Bo")), "{texts:#?}");
}
