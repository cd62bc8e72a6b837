//! The till's own settings: its register id, the language it speaks and prints in, the
//! receipt printer with its paper width, and where its control unit is. The shop's details
//! live beside them in [`crate::receipt::shop`]; [`Db::save_settings`] checks and writes
//! both at once, so a form with one bad field saves nothing.
//!
//! Also here: where receipts and reports saved as PDF go ([`output_folder`]) and the printer's
//! test page ([`test_page`]).

use std::path::{Path, PathBuf};

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use crate::cash::Drawer;
use crate::checkout::Tender;
use crate::error::{Error, Result};
use crate::print::{CupsFormat, Printer};
use crate::receipt::escpos::Paper;
use crate::receipt::{Block, Language, Layout, Shop};
use crate::storage::Db;

/// The register id a fresh till uses until Settings gives it another.
pub const DEFAULT_REGISTER_ID: &str = "KASSA-1";

/// Register ids go into order numbers and idempotency keys sent to Kronor, so they follow the
/// checkout's rule ([`crate::checkout::keys::check_register_id`]).
const REGISTER_ID_MAX: usize = crate::checkout::keys::MAX_REGISTER_ID;

/// The till's settings. `printer: None` means receipts are never sent to paper.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TillSettings {
    pub register_id: String,
    pub language: Language,
    pub printer: Option<Printer>,
    pub paper: Paper,
    /// Receipts carry a QR code of the Kronor purchase id. Off for a thermal printer that
    /// cannot draw one (it would print nothing or garbage there).
    pub receipt_qr: bool,
    /// What F12 charges with when the cashier picks nothing else (Swish; a shop whose
    /// customers mostly pay later can make it the invoice).
    pub default_tender: Tender,
    /// The control unit's address ([`crate::control_unit::UnitAddress`]) without its
    /// password, which the shell keeps in the OS keyring; empty when none is chosen.
    pub control_unit: String,
    /// How the cash drawer opens.
    pub drawer: Drawer,
}

impl Default for TillSettings {
    fn default() -> Self {
        TillSettings {
            register_id: DEFAULT_REGISTER_ID.to_owned(),
            language: Language::Swedish,
            printer: None,
            paper: Paper::Mm80,
            receipt_qr: true,
            default_tender: Tender::Swish,
            control_unit: String::new(),
            drawer: Drawer::None,
        }
    }
}

/// One field of the settings form that cannot be saved as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldProblem {
    /// The form field: `name`, `org_number`, `address`, `register_id`, `printer_address`,
    /// `printer_queue`, `cups_server`, `control_unit`.
    pub field: &'static str,
    /// A stable key the UI translates (`missing`, `too_long`, `control_character`,
    /// `org_number`, `characters`, ...).
    pub problem: &'static str,
    /// The same in English words, for logs and tests.
    pub message: String,
}

impl FieldProblem {
    pub(crate) fn new(field: &'static str, problem: &'static str, message: String) -> Self {
        FieldProblem {
            field,
            problem,
            message,
        }
    }
}

/// Why settings were not saved.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error(transparent)]
    Storage(#[from] Error),
    #[error("{} field(s) need fixing; first: {}", .0.len(), .0.first().map_or("", |p| p.message.as_str()))]
    Invalid(Vec<FieldProblem>),
}

fn plain(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')
}

impl TillSettings {
    /// Trims what the cashier typed (an empty CUPS server means this computer's).
    pub fn normalised(mut self) -> TillSettings {
        self.register_id = self.register_id.trim().to_owned();
        self.control_unit = self.control_unit.trim().to_owned();
        if let Drawer::Command { command } = &mut self.drawer {
            *command = command.trim().to_owned();
        }
        self.printer = match self.printer {
            Some(Printer::Network { address }) => Some(Printer::Network {
                address: address.trim().to_owned(),
            }),
            Some(Printer::Cups {
                queue,
                server,
                format,
            }) => Some(Printer::Cups {
                queue: queue.trim().to_owned(),
                server: server
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty()),
                format,
            }),
            None => None,
        };
        self
    }

    /// Every field that cannot be saved as it is (after [`TillSettings::normalised`]).
    pub fn problems(&self) -> Vec<FieldProblem> {
        let mut out = Vec::new();
        let id = &self.register_id;
        if id.is_empty() {
            out.push(FieldProblem::new(
                "register_id",
                "missing",
                "The register id is missing.".into(),
            ));
        } else if crate::checkout::keys::check_register_id(id).is_err() {
            out.push(FieldProblem::new(
                "register_id",
                "characters",
                format!(
                    "The register id \"{id}\" must be 1 to {REGISTER_ID_MAX} letters A-Z, digits, '-' or '_'."
                ),
            ));
        }
        match &self.printer {
            Some(Printer::Network { address }) => {
                if let Some(why) = address_problem(address) {
                    out.push(FieldProblem::new("printer_address", why.0, why.1));
                }
            }
            Some(Printer::Cups { queue, server, .. }) => {
                let valid = !queue.is_empty()
                    && !queue.starts_with('-')
                    && queue.chars().all(|c| plain(c) || c == '@');
                if !valid {
                    out.push(FieldProblem::new(
                        "printer_queue",
                        if queue.is_empty() {
                            "missing"
                        } else {
                            "characters"
                        },
                        format!(
                            "The print queue \"{queue}\" must be a CUPS queue name (letters, digits, '-', '_', '.')."
                        ),
                    ));
                }
                if let Some(server) = server
                    && (server.starts_with('-') || server.chars().any(char::is_whitespace))
                {
                    out.push(FieldProblem::new(
                        "cups_server",
                        "characters",
                        format!("The CUPS server \"{server}\" is not a host name or socket path."),
                    ));
                }
            }
            None => {}
        }
        out.extend(self.control_unit_problems());
        if self.default_tender == Tender::Cash {
            // F12 charges at once; cash needs the amount handed over first.
            out.push(FieldProblem::new(
                "default_tender",
                "cash",
                "Cash cannot be the default tender: it needs the amount handed over.".into(),
            ));
        }
        if let Drawer::Command { command } = &self.drawer
            && crate::cash::drawer::check_command(command).is_err()
        {
            out.push(FieldProblem::new(
                "drawer_command",
                if command.trim().is_empty() {
                    "missing"
                } else {
                    "drawer_command"
                },
                format!("The drawer command \"{command}\" cannot be run as written."),
            ));
        }
        out
    }

    /// The register designation (kassabeteckning) the control unit gets: the register id's
    /// letters and digits, the id's dashes and underscores left out (the unit takes A-Z,
    /// a-z and 0-9 only).
    pub fn register_designation(&self) -> String {
        crate::identity::register_designation(&self.register_id)
    }

    fn control_unit_problems(&self) -> Vec<FieldProblem> {
        if self.control_unit.is_empty() {
            return Vec::new();
        }
        let mut out = Vec::new();
        match crate::control_unit::UnitAddress::parse(&self.control_unit) {
            Err(e) => out.push(FieldProblem::new(
                "control_unit",
                "unit_address",
                format!(
                    "{}; write http://user@host:port/path (XCCSP) or serial:///dev/ttyUSB0?baud=9600 (CCSP).",
                    e.message()
                ),
            )),
            Ok(crate::control_unit::UnitAddress::Xccsp(url)) if url.password().is_some() => {
                out.push(FieldProblem::new(
                    "control_unit",
                    "password_in_address",
                    "The control unit's password goes in its own field (kept in the keyring), not in the address.".into(),
                ))
            }
            Ok(_) => {}
        }
        let designation = self.register_designation();
        if !self.register_id.is_empty()
            && crate::control_unit::record::check_register_designation(&designation).is_err()
        {
            out.push(FieldProblem::new(
                "register_id",
                "designation",
                format!(
                    "With a control unit the register id must hold 1 to 16 letters A-Z or digits (\"{}\" gives \"{designation}\").",
                    self.register_id
                ),
            ));
        }
        out
    }
}

/// A network printer's `host` or `host:port`, checked without looking the name up (the
/// printer may be off while settings are saved).
fn address_problem(address: &str) -> Option<(&'static str, String)> {
    if address.is_empty() {
        return Some((
            "missing",
            "The printer's address is missing; write it like 192.168.1.50:9100.".into(),
        ));
    }
    let bad = || {
        Some((
            "address",
            format!(
                "\"{address}\" is not a printer address; write it like 192.168.1.50 or 192.168.1.50:9100."
            ),
        ))
    };
    if address.parse::<std::net::SocketAddr>().is_ok() {
        return None;
    }
    let (host, port) = match address.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (address, None),
    };
    if let Some(port) = port
        && !matches!(port.parse::<u16>(), Ok(p) if p > 0)
    {
        return bad();
    }
    let host_ok = !host.is_empty()
        && host.len() <= 253
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.'));
    if host_ok { None } else { bad() }
}

fn language_key(language: Language) -> &'static str {
    match language {
        Language::Swedish => "sv",
        Language::English => "en",
    }
}

impl Db {
    /// The till's settings; the defaults until they are first saved.
    pub fn till_settings(&self) -> Result<TillSettings> {
        type Row = (
            String,
            String,
            String,
            String,
            Option<String>,
            i64,
            String,
            bool,
            String,
            String,
            String,
            String,
        );
        let row: Option<Row> = self
            .conn()
            .query_row(
                "SELECT register_id, language, printer_kind, printer_target, cups_server, paper_mm,
                        cups_format, receipt_qr, default_tender, control_unit, drawer,
                        drawer_command
                 FROM till_settings WHERE id = 1",
                [],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                        r.get(7)?,
                        r.get(8)?,
                        r.get(9)?,
                        r.get(10)?,
                        r.get(11)?,
                    ))
                },
            )
            .optional()?;
        let Some((
            register_id,
            language,
            kind,
            target,
            server,
            paper,
            cups_format,
            receipt_qr,
            default_tender,
            control_unit,
            drawer,
            drawer_command,
        )) = row
        else {
            return Ok(TillSettings::default());
        };
        let corrupt = |what: &str| Error::DatabaseCorrupt(format!("the till's {what} is unknown"));
        Ok(TillSettings {
            register_id,
            language: match language.as_str() {
                "sv" => Language::Swedish,
                "en" => Language::English,
                _ => return Err(corrupt("language")),
            },
            printer: match kind.as_str() {
                "none" => None,
                "network" => Some(Printer::Network { address: target }),
                "cups" => Some(Printer::Cups {
                    queue: target,
                    server,
                    format: match cups_format.as_str() {
                        "raw" => CupsFormat::Raw,
                        "pdf" => CupsFormat::Pdf,
                        _ => return Err(corrupt("CUPS format")),
                    },
                }),
                _ => return Err(corrupt("printer")),
            },
            paper: match paper {
                58 => Paper::Mm58,
                80 => Paper::Mm80,
                _ => return Err(corrupt("paper width")),
            },
            receipt_qr,
            default_tender: Tender::from_key(&default_tender)
                .ok_or_else(|| corrupt("default tender"))?,
            control_unit,
            drawer: match drawer.as_str() {
                "none" => Drawer::None,
                "printer" => Drawer::Printer,
                "command" => Drawer::Command {
                    command: drawer_command,
                },
                _ => return Err(corrupt("drawer")),
            },
        })
    }

    /// Checks the shop's details and the till's settings together and saves both in one
    /// transaction, or nothing with every field that needs fixing. Returns them normalised.
    pub fn save_settings(
        &self,
        shop: Shop,
        till: TillSettings,
    ) -> std::result::Result<(Shop, TillSettings), SettingsError> {
        let till = till.normalised();
        let mut problems = shop.problems();
        problems.extend(till.problems());
        if !problems.is_empty() {
            return Err(SettingsError::Invalid(problems));
        }
        let shop = shop
            .validated()
            .map_err(|e| SettingsError::Invalid(vec![e.into_problem()]))?;
        let (kind, target, server, cups_format) = match &till.printer {
            None => ("none", "", None, "raw"),
            Some(Printer::Network { address }) => ("network", address.as_str(), None, "raw"),
            Some(Printer::Cups {
                queue,
                server,
                format,
            }) => (
                "cups",
                queue.as_str(),
                server.as_deref(),
                match format {
                    CupsFormat::Raw => "raw",
                    CupsFormat::Pdf => "pdf",
                },
            ),
        };
        let (drawer, drawer_command) = match &till.drawer {
            Drawer::None => ("none", ""),
            Drawer::Printer => ("printer", ""),
            Drawer::Command { command } => ("command", command.as_str()),
        };
        let paper: i64 = match till.paper {
            Paper::Mm58 => 58,
            Paper::Mm80 => 80,
        };
        let tx = self.write_tx()?;
        shop.write(&tx)?;
        tx.execute(
            "INSERT INTO till_settings(id, register_id, language, printer_kind, printer_target,
                cups_server, paper_mm, cups_format, receipt_qr, default_tender, control_unit,
                drawer, drawer_command)
                VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
             ON CONFLICT(id) DO UPDATE SET register_id = ?1, language = ?2, printer_kind = ?3,
                printer_target = ?4, cups_server = ?5, paper_mm = ?6, cups_format = ?7,
                receipt_qr = ?8, default_tender = ?9, control_unit = ?10, drawer = ?11,
                drawer_command = ?12",
            params![
                till.register_id,
                language_key(till.language),
                kind,
                target,
                server,
                paper,
                cups_format,
                till.receipt_qr,
                till.default_tender.key(),
                till.control_unit,
                drawer,
                drawer_command,
            ],
        )
        .map_err(Error::from)?;
        tx.commit().map_err(Error::from)?;
        Ok((shop, till))
    }

    /// Saves only the language (the header's switch), keeping the rest of the settings.
    pub fn set_language(&self, language: Language) -> Result<TillSettings> {
        let mut till = self.till_settings()?;
        till.language = language;
        let tx = self.write_tx()?;
        let paper: i64 = if till.paper == Paper::Mm58 { 58 } else { 80 };
        tx.execute(
            "INSERT INTO till_settings(id, register_id, language, printer_kind, paper_mm)
             VALUES (1, ?1, ?2, 'none', ?3)
             ON CONFLICT(id) DO UPDATE SET language = ?2",
            params![till.register_id, language_key(language), paper],
        )?;
        tx.commit()?;
        Ok(till)
    }
}

/// Where documents saved as PDF go: under the user's Documents (`Kassa/<what>`) for the till
/// in the OS data folder, so the cashier finds them; beside the database for a till run
/// elsewhere (`KASSA_DATA_DIR`, tests), which keeps such runs to themselves.
pub fn output_folder(db_path: &Path, what: &str) -> PathBuf {
    let default_till = Db::default_path().is_ok_and(|p| p == db_path);
    if default_till
        && let Some(docs) = directories::UserDirs::new().and_then(|u| {
            u.document_dir()
                .map(|d| d.to_path_buf())
                .filter(|d| d.is_dir())
        })
    {
        return docs.join("Kassa").join(what);
    }
    db_path
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join(what)
}

/// The printer's test page: who is printing, the paper width, and the Swedish letters, so the
/// cashier sees at once whether the code page and the width are right.
pub fn test_page(shop: Option<&Shop>, till: &TillSettings) -> Layout {
    let sv = till.language == Language::Swedish;
    let say = |s: &'static str, e: &'static str| if sv { s } else { e };
    let mut l = Layout {
        title: say("Testsida", "Test page").to_owned(),
        lang: language_key(till.language),
        blocks: Vec::new(),
    };
    l.push(Block::Heading(say("Testsida", "Test page").to_owned()));
    if let Some(shop) = shop {
        l.push(Block::Centered(shop.name.clone()));
    }
    l.push(Block::Rule);
    l.row(say("Kassa", "Register"), till.register_id.clone());
    l.row(
        say("Papper", "Paper"),
        match till.paper {
            Paper::Mm58 => "58 mm",
            Paper::Mm80 => "80 mm",
        },
    );
    l.push(Block::Text("åäö ÅÄÖ é ü €".to_owned()));
    l.push(Block::Rule);
    l.push(Block::Centered(
        say("Skrivaren fungerar.", "The printer works.").to_owned(),
    ));
    l
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printer_addresses_are_checked_without_a_lookup() {
        for ok in [
            "192.168.1.50",
            "192.168.1.50:9100",
            "skrivare.local:9100",
            "[::1]:9100",
        ] {
            assert_eq!(address_problem(ok), None, "{ok}");
        }
        for bad in [
            "",
            "host:0",
            "host:port",
            "two words",
            "host:99999",
            ":9100",
        ] {
            assert!(address_problem(bad).is_some(), "{bad}");
        }
    }
}
