//! A journal entry as the export's receipt events: `Kassakvitto`, `Returkvitto`,
//! `Ovningskvitto`, `KopiaAvKassakvitto`, and a cancelled sale's lines as
//! `RaderaRegistreradArtikel` (the schema has no event for a sale given up as a whole).

use std::io::{self, Write};

use jiff::Timestamp;

use super::xml::Xml;
use crate::control_unit::ControlStamp;
use crate::journal::{Entry, EntryKind, JournalLine};
use crate::language::Language;
use crate::receipt::Shop;

/// What a receipt event needs beside its entry.
pub struct ReceiptContext<'a> {
    pub shop: &'a Shop,
    /// The organisation number as the schema takes it: its digits.
    pub org_number: &'a str,
    pub designation: String,
    /// The Z report that closed the entry's day, 0 while open.
    pub z_number: i64,
    /// The control unit's manufacturing number to name when the entry has no signature.
    pub unit_id: Option<&'a str>,
    /// Each SKU's kind and main group in the catalogue.
    pub articles: &'a Articles,
}

/// The catalogue's SKUs: whether each is a service, and its category's name.
pub type Articles = std::collections::HashMap<String, (bool, Option<String>)>;

/// Which receipt event an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReceiptEvent {
    Sale,
    Return,
    Training,
}

impl ReceiptEvent {
    pub fn of(entry: &Entry) -> Option<ReceiptEvent> {
        match (entry.training, entry.kind) {
            (_, EntryKind::Cancellation) => None,
            (true, _) => Some(ReceiptEvent::Training),
            (false, EntryKind::Sale) => Some(ReceiptEvent::Sale),
            (false, EntryKind::Return) => Some(ReceiptEvent::Return),
        }
    }

    fn element(self) -> &'static str {
        match self {
            ReceiptEvent::Sale => "Kassakvitto",
            ReceiptEvent::Return => "Returkvitto",
            ReceiptEvent::Training => "Ovningskvitto",
        }
    }
}

fn company<W: Write>(x: &mut Xml<W>, c: &ReceiptContext<'_>) -> io::Result<()> {
    x.text("ForetagetsNamn", &c.shop.name)?;
    x.leaf("OrganisationsnummerEllerPersonnummer", c.org_number)?;
    x.text("DenAdressDarForsaljningSker", &c.shop.address)
}

fn article_core<W: Write>(
    x: &mut Xml<W>,
    articles: &Articles,
    l: &JournalLine,
    quantity_name: &str,
    price_name: &str,
    discounts: (&str, &str),
) -> io::Result<()> {
    // Goods unless the catalogue says service; a line whose product is gone is goods.
    let known = l.sku.as_ref().and_then(|s| articles.get(s));
    let service = known.is_some_and(|(service, _)| *service);
    x.leaf("TypAvArtikel", if service { "TJANST" } else { "VARA" })?;
    if let Some((_, Some(group))) = known {
        x.optional_text("NamnPaHuvudgrupp", group)?;
    }
    if let Some(sku) = &l.sku {
        x.optional_text("Artikelnummer", sku)?;
    }
    x.text("Artikelnamn", &l.name)?;
    x.count(quantity_name, l.quantity)?;
    x.amount("PrisPerEnhet", l.unit_price)?;
    x.amount(price_name, l.total)?;
    if l.discount != crate::money::Ore::ZERO {
        x.open(discounts.0)?;
        x.open(discounts.1)?;
        x.amount("RabattensBelopp", l.discount)?;
        x.close(discounts.1)?;
        x.close(discounts.0)?;
    }
    Ok(())
}

fn sold_articles<W: Write>(x: &mut Xml<W>, articles: &Articles, entry: &Entry) -> io::Result<()> {
    x.open("SaldaArtiklarLISTA")?;
    for l in &entry.lines {
        x.open("SaldArtikel")?;
        article_core(
            x,
            articles,
            l,
            "AntalAvSaldArtikel",
            "PrisPaSaldArtikel",
            ("RabatterPaSaldArtikelLISTA", "RabattPaSaldArtikel"),
        )?;
        x.rate("MervardesskattesatsForSaldArtikel", l.vat_rate)?;
        x.amount("MervardesskattPaSaldArtikel", l.tax)?;
        x.time("ArtikelnsRegistreringstidpunkt", entry.registered_at)?;
        x.close("SaldArtikel")?;
    }
    x.close("SaldaArtiklarLISTA")
}

/// Totals, payment and VAT per rate: the middle every receipt event shares.
fn totals<W: Write>(x: &mut Xml<W>, entry: &Entry) -> io::Result<()> {
    if entry.discount != crate::money::Ore::ZERO {
        x.amount("TotaltRabattbeloppPaKvitto", entry.discount)?;
    }
    x.amount("TotaltForsaljningsbeloppISvenskaKronor", entry.total)?;
    x.amount("MervardesskattPaForsaljningsbeloppet", entry.tax)?;
    x.open("TotalaForsaljningssummorPerBetalningsmedelLISTA")?;
    // Each payment (a sale paid in parts has several); cash in whole kronor, as the
    // receipt and the Z report say.
    for paid in entry.paid() {
        x.open("TotalForsaljningssummaPerBetalningsmedel")?;
        x.text("Betalningsmedel", Language::Swedish.payment(paid.method))?;
        x.amount("ForsaljningssummaPerBetalningsmedel", paid.amount)?;
        x.close("TotalForsaljningssummaPerBetalningsmedel")?;
    }
    x.close("TotalaForsaljningssummorPerBetalningsmedelLISTA")?;
    vat_list(x, entry)
}

fn vat_list<W: Write>(x: &mut Xml<W>, entry: &Entry) -> io::Result<()> {
    x.open("MervardesskattPaOlikaSkattesatserLISTA")?;
    let none = [crate::cart::RateTotal {
        rate: crate::vat::VatRate::percent(0),
        total: crate::money::Ore::ZERO,
        tax: crate::money::Ore::ZERO,
    }];
    // The list needs one child: a receipt without VAT has rate 0 with 0.
    let rates = if entry.per_rate.is_empty() {
        &none[..]
    } else {
        &entry.per_rate[..]
    };
    for r in rates {
        x.open("MervardesskattPerSkattesats")?;
        x.rate("Mervardesskattesats", r.rate)?;
        x.amount("TotaltMervardesskattebeloppPerSkattesats", r.tax)?;
        x.close("MervardesskattPerSkattesats")?;
    }
    x.close("MervardesskattPaOlikaSkattesatserLISTA")
}

fn unit<W: Write>(
    x: &mut Xml<W>,
    c: &ReceiptContext<'_>,
    stamp: Option<&ControlStamp>,
) -> io::Result<()> {
    match stamp.map(|s| s.unit_id.as_str()).or(c.unit_id) {
        Some(id) => x.text("TillverkningsnummerForKontrollenheten", id),
        None => Ok(()),
    }
}

/// One sale, return or training receipt. `original` is the receipt number a return refers to.
pub fn receipt<W: Write>(
    x: &mut Xml<W>,
    c: &ReceiptContext<'_>,
    entry: &Entry,
    event: ReceiptEvent,
    original: Option<i64>,
    stamp: Option<&ControlStamp>,
) -> io::Result<()> {
    let name = event.element();
    x.open(name)?;
    company(x, c)?;
    let made = match event {
        ReceiptEvent::Return => "DatumOchKlockslagNarReturkvittoFramstalls",
        _ => "DatumOchKlockslagNarKvittoFramstalls",
    };
    x.time(made, entry.registered_at)?;
    let number = entry.receipt_number.to_string();
    match event {
        ReceiptEvent::Training => x.leaf("LopnummerForOvningskvitto", &number)?,
        _ => x.leaf("LopnummerForKassakvitto", &number)?,
    }
    if let (ReceiptEvent::Return, Some(n)) = (event, original) {
        x.leaf("LopnummerForUrsprungligtKassakvitto", &n.to_string())?;
    }
    x.text("Kassabeteckning", &c.designation)?;
    sold_articles(x, c.articles, entry)?;
    totals(x, entry)?;
    x.leaf("LopnummerForZDagrapportPaKvitto", &c.z_number.to_string())?;
    unit(x, c, stamp)?;
    if event != ReceiptEvent::Training
        && let Some(s) = stamp
    {
        x.text("Kontrollkod", &s.control_code)?;
    }
    x.close(name)
}

/// The one copy of a receipt, with its own control code and the original's.
pub fn copy<W: Write>(
    x: &mut Xml<W>,
    c: &ReceiptContext<'_>,
    entry: &Entry,
    printed_at: Timestamp,
    own: Option<&ControlStamp>,
    original: Option<&ControlStamp>,
) -> io::Result<()> {
    x.open("KopiaAvKassakvitto")?;
    company(x, c)?;
    x.time("DatumOchKlockslagNarKvittoFramstalls", printed_at)?;
    x.time(
        "DatumOchKlockslagNarOriginalkvittoFramstalldes",
        entry.registered_at,
    )?;
    // A receipt has one copy at most, so the copy goes by its receipt's number.
    let number = entry.receipt_number.to_string();
    x.leaf("LopnummerForKvittokopia", &number)?;
    x.leaf("LopnummerPaOriginalkvitto", &number)?;
    x.text("Kassabeteckning", &c.designation)?;
    sold_articles(x, c.articles, entry)?;
    totals(x, entry)?;
    if let Some(s) = own {
        x.text("KontrollkodPaKopiaAvKassakvitto", &s.control_code)?;
    }
    x.leaf("LopnummerForZDagrapportPaKvitto", &c.z_number.to_string())?;
    unit(x, c, own.or(original))?;
    if let Some(s) = original {
        x.text("KontrollkodForKvittotSomKopianAvser", &s.control_code)?;
    }
    x.close("KopiaAvKassakvitto")
}

/// One line of a cancelled sale as a deleted registered article.
pub fn cancelled_line<W: Write>(
    x: &mut Xml<W>,
    articles: &Articles,
    entry: &Entry,
    l: &JournalLine,
) -> io::Result<()> {
    x.open("RaderaRegistreradArtikel")?;
    registered_article(x, articles, l)?;
    x.time("UrsprungligRegistreringstidpunkt", entry.registered_at)?;
    x.text(
        "TypAvRadering",
        &format!("Avbruten försäljning, nummer {}", entry.receipt_number),
    )?;
    x.close("RaderaRegistreradArtikel")
}

/// A "registered article" (a line deleted from a cancelled sale, or parked): its article,
/// quantity, price, discounts and VAT under the `...RegistreradArtikel` names.
fn registered_article<W: Write>(
    x: &mut Xml<W>,
    articles: &Articles,
    l: &JournalLine,
) -> io::Result<()> {
    article_core(
        x,
        articles,
        l,
        "AntalAvRegistreradArtikel",
        "PrisPaRegistreradArtikel",
        (
            "RabatterPaRegistreradArtikelLISTA",
            "RabattPaRegistreradArtikel",
        ),
    )?;
    x.rate("MervardesskattesatsForRegistreradArtikel", l.vat_rate)?;
    x.amount("MervardesskattPaRegistreradArtikel", l.tax)
}

/// One line of a parked sale, as parked.
pub fn parked_line<W: Write>(
    x: &mut Xml<W>,
    articles: &Articles,
    l: &crate::cart::PricedLine,
    parking: &str,
) -> io::Result<()> {
    let line = JournalLine::from(l);
    x.open("ParkeraRegistreradArtikel")?;
    registered_article(x, articles, &line)?;
    x.leaf("IdentitetsbeteckningPaParkering", parking)?;
    x.close("ParkeraRegistreradArtikel")
}
