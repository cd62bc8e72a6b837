//! A stored X or Z report as `XDagrapport` / `ZDagrapport`: the fields of 7 kap. 2-3 §§ in the
//! schema's order, from the report exactly as it was made.

use std::io::{self, Write};

use super::xml::Xml;
use crate::identity::RegisterIdentity;
use crate::money::Ore;
use crate::receipt::Shop;
use crate::report::{DayReport, ReportKind};
use crate::vat::VatRate;

pub fn day_report<W: Write>(
    x: &mut Xml<W>,
    report: &DayReport,
    shop: &Shop,
    org_number: &str,
    designation: &str,
    identity: &RegisterIdentity,
) -> io::Result<()> {
    let name = match report.kind {
        ReportKind::X => "XDagrapport",
        ReportKind::Z { .. } => "ZDagrapport",
    };
    x.open(name)?;
    x.text("ForetagetsNamn", &shop.name)?;
    x.leaf("OrganisationsnummerEllerPersonnummer", org_number)?;
    x.time("DatumOchKlockslagNarRapportFramstalls", report.made_at)?;
    if let ReportKind::Z { number } = report.kind {
        x.leaf("LopnummerForZDagrapport", &number.to_string())?;
    }
    x.text("Kassabeteckning", designation)?;
    if let ReportKind::Z { .. } = report.kind {
        // The identity the report was made under; a report from before it was kept names
        // today's.
        let number = if report.manufacturing_number.is_empty() {
            &identity.manufacturing_number
        } else {
            &report.manufacturing_number
        };
        let version = if report.program_version.is_empty() {
            &identity.version
        } else {
            &report.program_version
        };
        x.text("TillverkningsnummerForKassaregistret", number)?;
        x.text("ModellbeteckningForKassaregistret", &identity.model)?;
        x.text("ModellEllerProgramForKassaregistret", &identity.program)?;
        x.text("VersionsnummerForKassaregistret", version)?;
    }
    x.amount("TotalForsaljningssumma", report.sales.amount)?;
    if !report.per_group.is_empty() {
        x.open("TotalaForsaljningssummorForOlikaHuvudgrupperLISTA")?;
        for g in &report.per_group {
            x.open("TotalForsaljningssummaForOlikaHuvudgrupper")?;
            x.optional_text("NamnPaHuvudgrupp", &g.name)?;
            x.amount("TotalForsaljningssummaForHuvudgrupp", g.amount)?;
            x.close("TotalForsaljningssummaForOlikaHuvudgrupper")?;
        }
        x.close("TotalaForsaljningssummorForOlikaHuvudgrupperLISTA")?;
    }
    x.open("MervardesskattPaOlikaSkattesatserLISTA")?;
    if report.per_rate.is_empty() {
        rate(x, VatRate::percent(0), Ore::ZERO)?;
    }
    for r in &report.per_rate {
        rate(x, r.rate, r.tax)?;
    }
    x.close("MervardesskattPaOlikaSkattesatserLISTA")?;
    x.amount("VaxelkassansBeloppISvenskaKronor", report.cash.float)?;
    x.count("AntalSaldaVaror", report.goods_sold)?;
    x.count("AntalSaldaTjanster", report.services_sold)?;
    x.count("AntalKassakvitton", report.receipts)?;
    x.count("AntalKassaladoppningar", report.cash.drawer_openings)?;
    x.count("AntalKvittokopior", report.copies.count)?;
    x.amount("TotaltBeloppPaKvittokopior", report.copies.amount)?;
    x.count(
        "AntalKvittonSomTagitsFramIOvningslage",
        report.training.count,
    )?;
    x.amount("TotaltBeloppIOvningslage", report.training.amount.abs())?;
    x.open("TotalaForsaljningssummorPerBetalningsmedelLISTA")?;
    if report.per_payment.is_empty() {
        payment(x, "Inga betalningar", Ore::ZERO)?;
    }
    for p in &report.per_payment {
        payment(
            x,
            crate::language::Language::Swedish.payment(p.method),
            p.amount,
        )?;
    }
    x.close("TotalaForsaljningssummorPerBetalningsmedelLISTA")?;
    x.count("AntalReturer", report.returns.count)?;
    x.amount("ReturernasBelopp", report.returns.amount)?;
    x.amount("RabatternasBelopp", report.discounts)?;
    x.count(
        "AntalOvrigaRegistreringarSomMinskatDagensForsaljningsbelopp",
        0,
    )?;
    x.amount(
        "TotaltBeloppAvOvrigaRegistreringarSomMinskatDagensForsaljningsbelopp",
        Ore::ZERO,
    )?;
    // Unfinished: the sales given up and those still parked.
    x.count(
        "AntalOavslutadeForsaljningar",
        report.cancellations.count + report.parked.count,
    )?;
    x.amount(
        "TotaltBeloppAvOavslutadeForsaljningar",
        report.cancellations.amount.abs() + report.parked.amount.abs(),
    )?;
    x.amount("GrandTotalForsaljning", report.grand_total.sales)?;
    x.amount("GrandTotalRetur", report.grand_total.returns)?;
    x.amount("GrandTotalNetto", report.grand_total.net)?;
    x.close(name)
}

fn rate<W: Write>(x: &mut Xml<W>, rate: VatRate, tax: Ore) -> io::Result<()> {
    x.open("MervardesskattPerSkattesats")?;
    x.rate("Mervardesskattesats", rate)?;
    x.amount("TotaltMervardesskattebeloppPerSkattesats", tax)?;
    x.close("MervardesskattPerSkattesats")
}

fn payment<W: Write>(x: &mut Xml<W>, method: &str, amount: Ore) -> io::Result<()> {
    x.open("TotalForsaljningssummaPerBetalningsmedel")?;
    x.text("Betalningsmedel", method)?;
    x.amount("ForsaljningssummaPerBetalningsmedel", amount)?;
    x.close("TotalForsaljningssummaPerBetalningsmedel")
}
