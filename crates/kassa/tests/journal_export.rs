//! The journal exported as SKVFS 2021:16 XML, parsed back and held against the journal: a demo
//! till of three days (Swish and invoice sales, returns, copies, training, sales given up, X
//! and Z reports, every Swish receipt signed by the control-unit simulator over XCCSP).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use control_unit_sim::{SimConfig, Simulator};
use jiff::civil::{Date, date};
use kassa::catalogue::ArticleKind;
use kassa::demo::{self, DemoDays};
use kassa::export::{ExportRequest, ExportSummary, file_name, xml};
use kassa::journal::{EntryKind, PaymentMethod};
use kassa::report::ReportKind;
use kassa::{Db, ErrorCode, NewProduct, Ore};
use quick_xml::NsReader;
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;

/// An element read back: its name, text and children, and whether it is in the namespace the
/// schema gives it.
#[derive(Debug, Clone)]
struct El {
    name: String,
    ns: String,
    text: String,
    children: Vec<El>,
}

impl El {
    fn all(&self, name: &str) -> Vec<&El> {
        self.children.iter().filter(|c| c.name == name).collect()
    }
    fn one(&self, name: &str) -> &El {
        let found = self.all(name);
        assert_eq!(found.len(), 1, "one <{name}> in <{}>", self.name);
        found[0]
    }
    fn has(&self, name: &str) -> bool {
        self.children.iter().any(|c| c.name == name)
    }
    fn text_of(&self, name: &str) -> &str {
        &self.one(name).text
    }
    fn ore(&self, name: &str) -> Ore {
        ore(self.text_of(name))
    }
    fn walk<'a>(&'a self, out: &mut Vec<&'a El>) {
        out.push(self);
        for c in &self.children {
            c.walk(out);
        }
    }
}

fn ore(text: &str) -> Ore {
    let (sign, digits) = text.strip_prefix('-').map_or((1, text), |d| (-1, d));
    let (kr, ore) = digits.split_once('.').expect("an amount has a point");
    assert_eq!(ore.len(), 2, "two decimals in {text}");
    Ore::new(sign * (kr.parse::<i64>().unwrap() * 100 + ore.parse::<i64>().unwrap()))
}

fn parse(path: &Path) -> El {
    let text = std::fs::read_to_string(path).expect("the export is UTF-8");
    assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    let mut reader = NsReader::from_str(&text);
    let mut stack: Vec<El> = Vec::new();
    loop {
        let (ns, event) = reader.read_resolved_event().expect("well-formed XML");
        let ns = match ns {
            ResolveResult::Bound(n) => n.into_inner().to_owned(),
            _ => String::new(),
        };
        let element = |e: &quick_xml::events::BytesStart<'_>| El {
            name: e.local_name().into_inner().to_owned(),
            ns: ns.clone(),
            text: String::new(),
            children: Vec::new(),
        };
        match event {
            Event::Start(e) => stack.push(element(&e)),
            Event::Empty(e) => {
                let el = element(&e);
                stack.last_mut().expect("inside the root").children.push(el);
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let name = r.xml10_content();
                let c = quick_xml::escape::resolve_predefined_entity(&name).unwrap();
                stack.last_mut().unwrap().text.push_str(c);
            }
            Event::End(_) => {
                let mut done = stack.pop().unwrap();
                done.text = done.text.trim().to_owned();
                match stack.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => return done,
                }
            }
            Event::Eof => panic!("the file ended inside an element"),
            _ => {}
        }
    }
}

const REGISTER: &str = "KASSA-1";
const FIRST_DAY: Date = date(2026, 11, 2);
const DAYS: u32 = 3;
/// The demo product made a service: the first one the demo day sells.
fn service(db: &Db) -> String {
    db.catalogue().products().unwrap()[7].sku.clone().unwrap()
}

/// A demo till of three days, signed by the simulator over XCCSP.
async fn demo_till() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(dir.path().join("kassa.sqlite")).unwrap();
    demo::load(&db).unwrap();
    demo::shop_if_unset(&db).unwrap();
    // One product is a service (gift wrapping, say), the rest goods.
    let p = db.catalogue().products().unwrap().remove(7);
    db.catalogue()
        .update_product(
            p.id,
            NewProduct {
                name: p.name,
                price: p.price,
                vat_class: p.vat_class,
                category_id: p.category_id,
                barcode: p.barcode,
                sku: p.sku,
                active: p.active,
                sort_order: p.sort_order,
                article: ArticleKind::Service,
            },
        )
        .unwrap();
    let sim = Simulator::start(SimConfig::default()).await.unwrap();
    let unit = kassa::checkout::ControlUnitLink {
        unit: kassa::control_unit::connect(&sim.xccsp_url())
            .unwrap()
            .into(),
        register_designation: "KASSA1".into(),
    };
    let plan = DemoDays {
        register_id: REGISTER.into(),
        first_day: FIRST_DAY,
        days: DAYS,
        sales_per_day: 30,
    };
    let made = demo::trade(&db, &plan, Some(&unit)).await.unwrap();
    assert!(
        made.returns > 0 && made.copies == 3 && made.training > 0,
        "{made:?}"
    );
    (dir, db)
}

fn request(from: Date, to: Date) -> ExportRequest {
    ExportRequest {
        from,
        to,
        registers: Vec::new(),
        exported_by: "Anna".into(),
        at: "2026-12-01T09:00:00Z".parse().unwrap(),
    }
}

fn export(db: &Db, dir: &Path, from: Date, to: Date) -> (ExportSummary, El) {
    let summary = db.export_journal(&request(from, to), dir).unwrap();
    assert_eq!(summary.path, dir.join(file_name(from, to)));
    let root = parse(&summary.path);
    (summary, root)
}

fn events(root: &El) -> Vec<&El> {
    root.one("RegistreringLISTA").all("Handelse")
}

/// The event element of a `Handelse` (its fourth child, after user, register and time).
fn event(h: &El) -> &El {
    h.children.last().unwrap()
}

fn of_kind<'a>(root: &'a El, kind: &str) -> Vec<&'a El> {
    events(root)
        .into_iter()
        .map(event)
        .filter(|e| e.name == kind)
        .collect()
}

fn stamp(db: &Db, entry_id: i64, print: kassa::control_unit::Print) -> Option<String> {
    db.control_registration(entry_id, print)
        .unwrap()
        .and_then(|r| r.signed)
        .map(|s| s.control_code)
}

#[tokio::test]
async fn every_registration_is_in_the_file_and_adds_up_to_the_journal() {
    let (dir, db) = demo_till().await;
    let (summary, root) = export(&db, dir.path(), date(2026, 11, 1), date(2026, 11, 30));

    assert_eq!(root.name, xml::ROOT);
    assert_eq!(root.ns, xml::INSTANS);
    let mut all = Vec::new();
    root.walk(&mut all);
    assert!(
        all[1..].iter().all(|e| e.ns == xml::KOMPONENT),
        "every other element is a component"
    );

    // The header names the exporter, the company and the register with its identity.
    assert_eq!(
        root.text_of("InloggadAnvandareVidExportAvDataFranJournalminnet"),
        "Anna"
    );
    let company = root.one("InformationOmForetaget");
    assert_eq!(
        company.text_of("OrganisationsnummerEllerPersonnummer"),
        "5599001236"
    );
    let system = root
        .one("KassaregistersystemLISTA")
        .one("Kassaregistersystemet");
    let identity = db.register_identity().unwrap();
    assert_eq!(
        system.text_of("TillverkningsnummerForKassaregistret"),
        identity.manufacturing_number
    );
    assert!(
        system
            .text_of("ModellbeteckningForKassaregistret")
            .contains("SE")
    );
    assert_eq!(system.text_of("Kassabeteckning"), "KASSA1");
    assert_eq!(
        system.text_of("TillverkningsnummerForKontrollenheten"),
        "CCSIM000000000001"
    );

    // Time order, every event from this register.
    let handelser = events(&root);
    assert_eq!(handelser.len() as u64, summary.events);
    let times: Vec<&str> = handelser
        .iter()
        .map(|h| h.text_of("Registreringstidpunkt"))
        .collect();
    assert!(
        times.windows(2).all(|w| w[0] <= w[1]),
        "events in time order"
    );
    assert!(
        handelser
            .iter()
            .all(|h| h.text_of("Kassabeteckning") == "KASSA1")
    );

    // Every receipt of the real series: in the file, or an invoice sale named as left out.
    let z_numbers: HashMap<Date, i64> = db
        .z_reports(REGISTER)
        .unwrap()
        .iter()
        .map(|z| match z.kind {
            ReportKind::Z { number } => (z.date, number),
            ReportKind::X => unreachable!(),
        })
        .collect();
    let sales: HashMap<String, &El> = of_kind(&root, "Kassakvitto")
        .into_iter()
        .map(|k| (k.text_of("LopnummerForKassakvitto").to_owned(), k))
        .collect();
    let returns: HashMap<String, &El> = of_kind(&root, "Returkvitto")
        .into_iter()
        .map(|k| (k.text_of("LopnummerForKassakvitto").to_owned(), k))
        .collect();
    let (mut swish_per_day, mut vat_per_day) = (BTreeMap::new(), BTreeMap::new());
    let mut left_out = 0;
    for n in db.journal().receipt_numbers(REGISTER, false).unwrap() {
        let entry = db.journal().by_receipt(REGISTER, false, n).unwrap();
        let key = n.to_string();
        let exported = match entry.kind {
            EntryKind::Cancellation => continue,
            _ if entry.payment_method == Some(PaymentMethod::Invoice) => {
                assert!(!sales.contains_key(&key) && !returns.contains_key(&key));
                left_out += 1;
                continue;
            }
            EntryKind::Sale => sales[&key],
            EntryKind::Return => {
                let r = returns[&key];
                let original = db
                    .journal()
                    .entry(entry.original_entry_id.unwrap())
                    .unwrap();
                assert_eq!(
                    r.text_of("LopnummerForUrsprungligtKassakvitto"),
                    original.receipt_number.to_string()
                );
                r
            }
        };
        assert_eq!(
            exported.ore("TotaltForsaljningsbeloppISvenskaKronor"),
            entry.total,
            "{n}"
        );
        assert_eq!(
            exported.ore("MervardesskattPaForsaljningsbeloppet"),
            entry.tax,
            "{n}"
        );
        let articles = exported.one("SaldaArtiklarLISTA").all("SaldArtikel");
        assert_eq!(articles.len(), entry.lines.len(), "{n}");
        for (a, l) in articles.iter().zip(&entry.lines) {
            assert_eq!(a.text_of("Artikelnamn"), l.name);
            let kind = if l.sku == Some(service(&db)) {
                "TJANST"
            } else {
                "VARA"
            };
            assert_eq!(a.text_of("TypAvArtikel"), kind);
            assert!(
                a.has("NamnPaHuvudgrupp"),
                "every demo product has a category"
            );
            assert_eq!(a.text_of("AntalAvSaldArtikel"), l.quantity.to_string());
            assert_eq!(a.ore("PrisPaSaldArtikel"), l.total);
            assert_eq!(a.ore("MervardesskattPaSaldArtikel"), l.tax);
        }
        let pays = exported
            .one("TotalaForsaljningssummorPerBetalningsmedelLISTA")
            .all("TotalForsaljningssummaPerBetalningsmedel");
        assert_eq!(pays.len(), 1);
        assert_eq!(pays[0].text_of("Betalningsmedel"), "Kronor Swish");
        assert_eq!(
            pays[0].ore("ForsaljningssummaPerBetalningsmedel"),
            entry.total
        );
        *swish_per_day.entry(entry.sale_date).or_insert(Ore::ZERO) += entry.total;
        let rates = exported
            .one("MervardesskattPaOlikaSkattesatserLISTA")
            .all("MervardesskattPerSkattesats");
        assert_eq!(rates.len(), entry.per_rate.len(), "{n}");
        for (r, t) in rates.iter().zip(&entry.per_rate) {
            assert_eq!(r.ore("TotaltMervardesskattebeloppPerSkattesats"), t.tax);
            *vat_per_day
                .entry((entry.sale_date, r.text_of("Mervardesskattesats").to_owned()))
                .or_insert(Ore::ZERO) += t.tax;
        }
        assert_eq!(
            exported.text_of("LopnummerForZDagrapportPaKvitto"),
            z_numbers[&entry.sale_date].to_string(),
            "the Z report that closed its day"
        );
        let code = stamp(&db, entry.id, kassa::control_unit::Print::Original).unwrap();
        assert_eq!(exported.text_of("Kontrollkod"), code);
        assert_eq!(code.len(), 59);
    }
    assert_eq!(sales.len() as u64, summary.receipts);
    assert_eq!(returns.len() as u64, summary.returns);
    assert_eq!(left_out, summary.invoice_receipts_left_out);
    assert!(left_out > 0 && summary.returns > 0);

    // Per day and per payment method, the receipts add up to the day's Z report.
    let zs = of_kind(&root, "ZDagrapport");
    assert_eq!(zs.len(), DAYS as usize);
    for (z, stored) in zs.iter().zip(db.z_reports(REGISTER).unwrap()) {
        let swish = z
            .one("TotalaForsaljningssummorPerBetalningsmedelLISTA")
            .all("TotalForsaljningssummaPerBetalningsmedel")
            .into_iter()
            .find(|p| p.text_of("Betalningsmedel") == "Kronor Swish")
            .unwrap()
            .ore("ForsaljningssummaPerBetalningsmedel");
        assert_eq!(swish, swish_per_day[&stored.date], "{}", stored.date);
        let swish_stored = stored
            .per_payment
            .iter()
            .find(|p| p.method == PaymentMethod::Swish)
            .unwrap()
            .amount;
        assert_eq!(swish, swish_stored);
        assert!(vat_per_day.keys().any(|(d, _)| *d == stored.date));
    }
    assert_eq!(of_kind(&root, "XDagrapport").len(), DAYS as usize);

    // Copies name their original and carry both codes; training and given-up sales are there.
    let copies = of_kind(&root, "KopiaAvKassakvitto");
    assert_eq!(copies.len() as u64, summary.copies);
    for c in &copies {
        let n: i64 = c.text_of("LopnummerPaOriginalkvitto").parse().unwrap();
        let original = db.journal().by_receipt(REGISTER, false, n).unwrap();
        use kassa::control_unit::Print;
        assert_eq!(
            c.text_of("KontrollkodForKvittotSomKopianAvser"),
            stamp(&db, original.id, Print::Original).unwrap()
        );
        assert_eq!(
            c.text_of("KontrollkodPaKopiaAvKassakvitto"),
            stamp(&db, original.id, Print::Copy).unwrap()
        );
        assert_eq!(
            c.ore("TotaltForsaljningsbeloppISvenskaKronor"),
            original.total
        );
    }
    let training = of_kind(&root, "Ovningskvitto");
    assert_eq!(training.len() as u64, summary.training);
    assert_eq!(
        training.len(),
        db.journal().receipt_numbers(REGISTER, true).unwrap().len()
    );
    assert!(
        training.iter().all(|t| !t.has("Kontrollkod")),
        "no control code on training"
    );
    assert_eq!(
        of_kind(&root, "RaderaRegistreradArtikel").len(),
        DAYS as usize
    );

    // Each day's parked sale: its line parked under its id, then the parking opened again.
    let parked = of_kind(&root, "ParkeraRegistreradArtikel");
    let opened = of_kind(&root, "OppnaParkering");
    assert_eq!((parked.len(), opened.len()), (DAYS as usize, DAYS as usize));
    assert_eq!(summary.parkings, 2 * u64::from(DAYS));
    for (p, o) in parked.iter().zip(&opened) {
        assert_eq!(p.text_of("AntalAvRegistreradArtikel"), "2");
        assert_eq!(
            p.text_of("IdentitetsbeteckningPaParkering"),
            o.text_of("IdentitetsbeteckningPaParkering")
        );
    }
}

#[tokio::test]
async fn the_z_report_carries_7_kap_3_a_to_w() {
    let (dir, db) = demo_till().await;
    let day = FIRST_DAY;
    let (_, root) = export(&db, dir.path(), day, day);
    let z = of_kind(&root, "ZDagrapport")[0];
    let stored = db.z_reports(REGISTER).unwrap().remove(0);
    let ReportKind::Z { number } = stored.kind else {
        panic!()
    };
    let shop = db.shop().unwrap();
    // a name and organisation number
    assert_eq!(z.text_of("ForetagetsNamn"), shop.name);
    assert_eq!(
        z.text_of("OrganisationsnummerEllerPersonnummer"),
        "5599001236"
    );
    // b when it was made
    assert_eq!(
        z.text_of("DatumOchKlockslagNarRapportFramstalls"),
        xml::time_value(stored.made_at)
    );
    // c the title is the element, w its number in the Z series
    assert_eq!(z.text_of("LopnummerForZDagrapport"), number.to_string());
    // d register designation, and the register's identity
    assert_eq!(z.text_of("Kassabeteckning"), "KASSA1");
    assert_eq!(
        z.text_of("TillverkningsnummerForKassaregistret"),
        db.register_identity().unwrap().manufacturing_number
    );
    assert_eq!(
        z.text_of("VersionsnummerForKassaregistret"),
        kassa::identity::VERSION
    );
    // e total sales
    assert_eq!(z.ore("TotalForsaljningssumma"), stored.sales.amount);
    // g VAT per rate
    let rates = z
        .one("MervardesskattPaOlikaSkattesatserLISTA")
        .all("MervardesskattPerSkattesats");
    assert_eq!(rates.len(), stored.per_rate.len());
    for (r, t) in rates.iter().zip(&stored.per_rate) {
        assert_eq!(r.ore("TotaltMervardesskattebeloppPerSkattesats"), t.tax);
    }
    // h change float, l drawer openings: no cash tender yet
    assert_eq!(z.ore("VaxelkassansBeloppISvenskaKronor"), Ore::ZERO);
    assert_eq!(z.text_of("AntalKassaladoppningar"), "0");
    // f per main group (category): they add up to the day's net
    let groups = z
        .one("TotalaForsaljningssummorForOlikaHuvudgrupperLISTA")
        .all("TotalForsaljningssummaForOlikaHuvudgrupper");
    assert_eq!(groups.len(), stored.per_group.len());
    assert!(groups.len() > 1, "the demo shop has several categories");
    let sum: Ore = groups
        .iter()
        .map(|g| g.ore("TotalForsaljningssummaForHuvudgrupp"))
        .sum();
    assert_eq!(sum, stored.net);
    // i goods and j services sold: quantities of the day's sales by the catalogue's kind
    let (mut goods, mut services) = (0, 0);
    for n in db.journal().receipt_numbers(REGISTER, false).unwrap() {
        let e = db.journal().by_receipt(REGISTER, false, n).unwrap();
        if e.sale_date != day || e.kind != EntryKind::Sale {
            continue;
        }
        for l in &e.lines {
            if l.sku == Some(service(&db)) {
                services += l.quantity;
            } else {
                goods += l.quantity;
            }
        }
    }
    assert!(services > 0, "the service was sold that day");
    assert_eq!((stored.goods_sold, stored.services_sold), (goods, services));
    assert_eq!(z.text_of("AntalSaldaVaror"), goods.to_string());
    assert_eq!(z.text_of("AntalSaldaTjanster"), services.to_string());
    // k receipts
    assert_eq!(z.text_of("AntalKassakvitton"), stored.receipts.to_string());
    // m copies
    assert_eq!(z.text_of("AntalKvittokopior"), "1");
    assert_eq!(z.ore("TotaltBeloppPaKvittokopior"), stored.copies.amount);
    // n training
    assert_eq!(
        z.text_of("AntalKvittonSomTagitsFramIOvningslage"),
        stored.training.count.to_string()
    );
    assert_eq!(z.ore("TotaltBeloppIOvningslage"), stored.training.amount);
    // o per payment method
    let pays = z
        .one("TotalaForsaljningssummorPerBetalningsmedelLISTA")
        .all("TotalForsaljningssummaPerBetalningsmedel");
    assert_eq!(pays.len(), stored.per_payment.len());
    // p returns
    assert_eq!(z.text_of("AntalReturer"), stored.returns.count.to_string());
    assert_eq!(z.ore("ReturernasBelopp"), stored.returns.amount);
    // q discounts, r other lowering registrations
    assert_eq!(z.ore("RabatternasBelopp"), stored.discounts);
    assert_eq!(
        z.text_of("AntalOvrigaRegistreringarSomMinskatDagensForsaljningsbelopp"),
        "0"
    );
    // s unfinished sales
    assert_eq!(z.text_of("AntalOavslutadeForsaljningar"), "1");
    assert_eq!(
        z.ore("TotaltBeloppAvOavslutadeForsaljningar"),
        stored.cancellations.amount
    );
    // t, u, v grand totals
    assert_eq!(z.ore("GrandTotalForsaljning"), stored.grand_total.sales);
    assert_eq!(z.ore("GrandTotalRetur"), stored.grand_total.returns);
    assert_eq!(z.ore("GrandTotalNetto"), stored.grand_total.net);
}

#[tokio::test]
async fn every_element_keeps_skatteverkets_type_rules() {
    let (dir, db) = demo_till().await;
    let (_, root) = export(&db, dir.path(), date(2026, 11, 1), date(2026, 11, 30));
    let mut all = Vec::new();
    root.walk(&mut all);
    for e in all {
        if e.name.ends_with("LISTA") {
            assert!(!e.children.is_empty(), "<{}> has a child", e.name);
        }
        if !e.children.is_empty() {
            continue;
        }
        assert!(!e.text.is_empty(), "<{}> is not empty", e.name);
        assert!(e.text.chars().count() <= 72, "<{}> {:?}", e.name, e.text);
        let is_time = e.name.contains("tidpunkt")
            || e.name.contains("Tidpunkt")
            || e.name.contains("Klockslag");
        if is_time {
            let t = e.text.as_bytes();
            assert!(
                t.len() == 19 && t[10] == b'T' && e.text.starts_with("20") && !e.text.contains('Z'),
                "<{}> {:?} is yyyy-MM-ddTHH:mm:ss",
                e.name,
                e.text
            );
        }
        let is_amount = e.name.contains("Belopp")
            || e.name.contains("belopp")
            || e.name.starts_with("PrisPa")
            || e.name == "PrisPerEnhet"
            || e.name.starts_with("GrandTotal")
            || e.name.contains("Forsaljningssumma")
            || e.name.starts_with("MervardesskattPa")
            || e.name.starts_with("Mervardesskattesats");
        if is_amount && !e.name.starts_with("Antal") {
            let (_, decimals) = e
                .text
                .split_once('.')
                .unwrap_or_else(|| panic!("<{}> {:?}", e.name, e.text));
            assert_eq!(decimals.len(), 2, "<{}> {:?}", e.name, e.text);
            assert!(!e.text.contains(','), "a point, not a comma");
        }
        if e.name.starts_with("Lopnummer") {
            assert!(
                e.text.bytes().all(|b| b.is_ascii_digit()) && e.text.len() <= 12,
                "<{}>",
                e.name
            );
        }
        if e.name.starts_with("TillverkningsnummerForKontroll") {
            assert_eq!(e.text.len(), 17);
        }
        if e.name == "Kontrollkod"
            || e.name.starts_with("KontrollkodFor")
            || e.name.starts_with("KontrollkodPa")
        {
            assert_eq!(e.text.len(), 59);
        }
        if e.name == "TypAvArtikel" {
            assert!(e.text == "VARA" || e.text == "TJANST");
        }
    }
}

#[tokio::test]
async fn a_period_with_no_registrations_is_a_file_with_an_empty_list() {
    let (dir, db) = demo_till().await;
    let day = date(2026, 10, 1);
    let (summary, root) = export(&db, dir.path(), day, day);
    assert_eq!(summary.events, 0);
    assert!(root.one("RegistreringLISTA").children.is_empty());
    let text = std::fs::read_to_string(&summary.path).unwrap();
    assert!(
        text.contains("Inga registreringar under perioden"),
        "the file says so"
    );
    // The header is whole all the same.
    assert!(
        root.one("KassaregistersystemLISTA")
            .has("Kassaregistersystemet")
    );
}

#[tokio::test]
async fn a_path_that_cannot_be_written_is_an_error_and_leaves_nothing_behind() {
    let (dir, db) = demo_till().await;
    // A folder that is a file: nothing can be made in it, root or not.
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, b"x").unwrap();
    let out = blocker.join("export.xml");
    let error = db
        .export_journal(&request(FIRST_DAY, FIRST_DAY), &out)
        .unwrap_err();
    assert_eq!(error.code(), ErrorCode::ExportFailed);
    assert!(
        error.to_string().contains("Choose another folder"),
        "{error}"
    );
    assert!(!out.exists());

    // Going the other way: a start after the end is refused before anything is written.
    let error = db
        .export_journal(&request(date(2026, 11, 3), date(2026, 11, 2)), dir.path())
        .unwrap_err();
    assert_eq!(error.code(), ErrorCode::ExportFailed);
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("kassa-export") || n.ends_with(".xml"))
        .collect();
    assert!(left.is_empty(), "nothing half-written: {left:?}");
}

#[tokio::test]
async fn a_period_exports_only_its_own_days() {
    let (dir, db) = demo_till().await;
    let second = FIRST_DAY.tomorrow().unwrap();
    let (_, root) = export(&db, dir.path(), second, second);
    let zs = of_kind(&root, "ZDagrapport");
    assert_eq!(zs.len(), 1);
    assert_eq!(zs[0].text_of("LopnummerForZDagrapport"), "2");
    let prefix = second.to_string();
    assert!(
        events(&root)
            .iter()
            .all(|h| h.text_of("Registreringstidpunkt").starts_with(&prefix)),
        "nothing from another day"
    );
}

#[tokio::test]
async fn a_sale_paid_in_parts_lists_each_payment_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(dir.path().join("kassa.sqlite")).unwrap();
    demo::load(&db).unwrap();
    demo::shop_if_unset(&db).unwrap();
    let day = date(2026, 11, 2);
    let at: jiff::Timestamp = "2026-11-02T10:00:00Z".parse().unwrap();
    let product = db.catalogue().products().unwrap().remove(0);
    let mut cart = kassa::Cart::new();
    cart.add_product(&product, 3).unwrap();
    let totals = cart
        .totals(&kassa::VatTable::sweden(), kassa::vat::sale_date(at))
        .unwrap();
    let mut sale = kassa::NewEntry::sale(REGISTER, false, at, "Anna", PaymentMethod::Cash, &totals);
    sale.payment_method = None;
    // The rest in cash, rounded to whole kronor.
    let cash = kassa::cash::cash_due(totals.total - Ore::kr(20)).to_pay;
    sale.payments = vec![
        kassa::Payment {
            method: PaymentMethod::Swish,
            amount: Ore::kr(20),
            reference: Some("4711".into()),
            tendered: None,
        },
        kassa::Payment {
            method: PaymentMethod::Cash,
            amount: cash,
            reference: None,
            tendered: Some(cash + Ore::kr(10)),
        },
    ];
    db.journal().register(sale).unwrap();
    let (_, root) = export(&db, dir.path(), day, day);
    let receipts = of_kind(&root, "Kassakvitto");
    assert_eq!(receipts.len(), 1);
    assert_eq!(
        receipts[0].ore("TotaltForsaljningsbeloppISvenskaKronor"),
        totals.total
    );
    let pays: Vec<(String, Ore)> = receipts[0]
        .one("TotalaForsaljningssummorPerBetalningsmedelLISTA")
        .all("TotalForsaljningssummaPerBetalningsmedel")
        .iter()
        .map(|p| {
            (
                p.text_of("Betalningsmedel").to_owned(),
                p.ore("ForsaljningssummaPerBetalningsmedel"),
            )
        })
        .collect();
    assert_eq!(
        pays,
        vec![
            ("Kronor Swish".to_owned(), Ore::kr(20)),
            ("Kontant".to_owned(), cash)
        ]
    );
}
