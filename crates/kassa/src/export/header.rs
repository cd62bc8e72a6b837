//! The export's header: who exports, from which register, when, the period and registers
//! chosen, the company, and each register system with its identity and control unit.

use std::collections::HashMap;
use std::io::Write;

use super::ExportRequest;
use super::xml::Xml;
use crate::identity::{RegisterIdentity, register_designation};
use crate::receipt::Shop;

#[allow(clippy::too_many_arguments)]
pub(super) fn header<W: Write>(
    x: &mut Xml<W>,
    req: &ExportRequest,
    shop: &Shop,
    org_number: &str,
    identity: &RegisterIdentity,
    own_register: &str,
    registers: &[String],
    units: &HashMap<String, String>,
) -> std::io::Result<()> {
    x.optional_text(
        "InloggadAnvandareVidExportAvDataFranJournalminnet",
        &req.exported_by,
    )?;
    x.text(
        "BeteckningPaDetKassaregisterSomExportAvDataFranJournalminnetSkerIfran",
        &register_designation(own_register),
    )?;
    x.time("TidpunktForNarExportAvDataFranJournalminnetSker", req.at)?;
    x.open("ValdPeriodForExportAvDataFranJournalminne")?;
    x.leaf(
        "ValdStarttidpunktForExportAvDataFranJournalminnet",
        &format!("{}T00:00:00", req.from),
    )?;
    x.leaf(
        "ValdSluttidpunktForExportAvDataFranJournalminnet",
        &format!("{}T23:59:59", req.to),
    )?;
    x.close("ValdPeriodForExportAvDataFranJournalminne")?;
    x.open("BeteckningPaValdaKassaregisterForExportAvDataFranJournalminnenLISTA")?;
    for r in registers {
        x.text(
            "BeteckningPaValtKassaregisterForExportAvDataFranJournalminnet",
            &register_designation(r),
        )?;
    }
    x.close("BeteckningPaValdaKassaregisterForExportAvDataFranJournalminnenLISTA")?;
    x.open("InformationOmForetaget")?;
    x.leaf("OrganisationsnummerEllerPersonnummer", org_number)?;
    x.text("ForetagetsNamn", &shop.name)?;
    x.text("DenAdressDarForsaljningSker", &shop.address)?;
    x.close("InformationOmForetaget")?;
    x.open("KassaregistersystemLISTA")?;
    for r in registers {
        x.open("Kassaregistersystemet")?;
        x.text(
            "TillverkningsnummerForKassaregistret",
            &identity.manufacturing_number,
        )?;
        x.text("ModellbeteckningForKassaregistret", &identity.model)?;
        x.text("ModellEllerProgramForKassaregistret", &identity.program)?;
        x.text("VersionsnummerForKassaregistret", &identity.version)?;
        x.text("Kassabeteckning", &register_designation(r))?;
        if let Some(unit) = units.get(r) {
            x.text("TillverkningsnummerForKontrollenheten", unit)?;
        }
        x.close("Kassaregistersystemet")?;
    }
    x.close("KassaregistersystemLISTA")
}
