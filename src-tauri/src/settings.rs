//! What the Settings screen sends and receives: one flat form over the shop's details (printed
//! on receipts) and the till's own settings (register id, language, printer, paper), and the
//! problems found in it, one per field.

use kassa::cash::Drawer;
use kassa::checkout::Tender;
use kassa::print::{CupsFormat, Printer};
use kassa::receipt::escpos::Paper;
use kassa::receipt::{AfterSale, Language, Shop};
use kassa::settings::{FieldProblem, TillSettings};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What happens to the receipt once a sale is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export_to = "AfterSaleChoice.ts")]
pub enum AfterSaleChoice {
    Print,
    Pdf,
    None,
}

/// The language the till speaks and prints in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export_to = "LanguageChoice.ts")]
pub enum LanguageChoice {
    Sv,
    En,
}

/// Where receipts are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export_to = "PrinterKind.ts")]
pub enum PrinterKind {
    /// No printer: receipts are shown or saved as PDF.
    None,
    /// A network thermal printer taking raw ESC/POS (`host:port`, port 9100 by default).
    Network,
    /// A CUPS queue of a receipt printer (raw ESC/POS) on this computer or on `cups_server`.
    Cups,
    /// A CUPS queue of an ordinary printer (an office printer, cups-pdf): documents go as PDF.
    CupsPdf,
}

/// How the cash drawer opens.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export_to = "DrawerKind.ts")]
pub enum DrawerKind {
    /// No drawer, or a cash box opened by hand.
    #[default]
    None,
    /// Through the receipt printer's drawer port (ESC/POS pulse).
    Printer,
    /// By a command (`drawer_command`).
    Command,
}

/// The Settings form, as shown and as sent back to save.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export_to = "SettingsForm.ts")]
pub struct SettingsForm {
    pub shop_name: String,
    /// Swedish organisation number (`NNNNNN-NNNN`, checked with its Luhn digit).
    pub org_number: String,
    /// Address of the place of sale.
    pub address: String,
    pub after_sale: AfterSaleChoice,
    pub register_id: String,
    pub language: LanguageChoice,
    pub printer: PrinterKind,
    /// `host` or `host:port` of a network printer.
    pub printer_address: String,
    pub printer_queue: String,
    /// Empty: this computer's CUPS.
    pub cups_server: String,
    /// 58 or 80.
    pub paper_mm: u8,
    /// Receipts carry a QR code of the Kronor purchase id.
    pub receipt_qr: bool,
    /// What F12 charges with: Swish (nothing to type) or an invoice.
    pub default_tender: Tender,
    /// The control unit's address: `http://user@host:port/path` (XCCSP; the password is saved
    /// apart, in the keyring) or `serial:///dev/ttyUSB0?baud=9600` (CCSP). Empty: none.
    pub control_unit: String,
    #[serde(default)]
    pub drawer: DrawerKind,
    /// The program and its arguments that open the drawer, for `drawer: command`.
    #[serde(default)]
    pub drawer_command: String,
}

/// The settings as saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "SettingsView.ts")]
pub struct SettingsView {
    pub form: SettingsForm,
    /// The shop's details were saved at least once (receipts need them).
    pub shop_saved: bool,
    /// The register designation (kassabeteckning) the control unit gets, from the saved
    /// register id: the one to register the till with at Skatteverket.
    pub register_designation: String,
    /// Maker, model, version and manufacturing number: what the merchant notifies
    /// Skatteverket of, readable in clear text (4 kap. 3-6 §§ SKVFS 2014:9).
    pub register: kassa::identity::RegisterIdentity,
}

/// One field that cannot be saved as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "SettingsProblem.ts")]
pub struct SettingsProblem {
    /// `shop_name`, `org_number`, `address`, `register_id`, `printer_address`, `printer_queue`,
    /// `cups_server` or `control_unit`: the form field it belongs to.
    pub field: String,
    /// Translated by the UI as `settings.problem.<problem>`.
    pub problem: String,
    /// English detail.
    pub message: String,
}

impl From<FieldProblem> for SettingsProblem {
    fn from(p: FieldProblem) -> Self {
        SettingsProblem {
            // The core calls it `name`; the form `shop_name`.
            field: if p.field == "name" {
                "shop_name".to_owned()
            } else {
                p.field.to_owned()
            },
            problem: p.problem.to_owned(),
            message: p.message,
        }
    }
}

/// What Save answers: saved, or every field to fix (and nothing saved).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "SaveSettingsOutcome.ts")]
pub struct SaveSettingsOutcome {
    pub saved: bool,
    pub problems: Vec<SettingsProblem>,
    /// The settings in force afterwards.
    pub settings: SettingsView,
}

impl LanguageChoice {
    pub fn language(self) -> Language {
        match self {
            LanguageChoice::Sv => Language::Swedish,
            LanguageChoice::En => Language::English,
        }
    }

    pub fn of(language: Language) -> LanguageChoice {
        match language {
            Language::Swedish => LanguageChoice::Sv,
            Language::English => LanguageChoice::En,
        }
    }
}

impl SettingsForm {
    /// The form of what is saved (`shop: None` before the shop's details were entered).
    pub fn of(shop: Option<&Shop>, till: &TillSettings) -> SettingsForm {
        let (printer, printer_address, printer_queue, cups_server) = match &till.printer {
            None => (
                PrinterKind::None,
                String::new(),
                String::new(),
                String::new(),
            ),
            Some(Printer::Network { address }) => (
                PrinterKind::Network,
                address.clone(),
                String::new(),
                String::new(),
            ),
            Some(Printer::Cups {
                queue,
                server,
                format,
            }) => (
                match format {
                    CupsFormat::Raw => PrinterKind::Cups,
                    CupsFormat::Pdf => PrinterKind::CupsPdf,
                },
                String::new(),
                queue.clone(),
                server.clone().unwrap_or_default(),
            ),
        };
        SettingsForm {
            shop_name: shop.map(|s| s.name.clone()).unwrap_or_default(),
            org_number: shop.map(|s| s.org_number.clone()).unwrap_or_default(),
            address: shop.map(|s| s.address.clone()).unwrap_or_default(),
            after_sale: match shop.map_or(AfterSale::Print, |s| s.after_sale) {
                AfterSale::Print => AfterSaleChoice::Print,
                AfterSale::Pdf => AfterSaleChoice::Pdf,
                AfterSale::None => AfterSaleChoice::None,
            },
            register_id: till.register_id.clone(),
            language: LanguageChoice::of(till.language),
            printer,
            printer_address,
            printer_queue,
            cups_server,
            paper_mm: match till.paper {
                Paper::Mm58 => 58,
                Paper::Mm80 => 80,
            },
            receipt_qr: till.receipt_qr,
            default_tender: till.default_tender,
            control_unit: till.control_unit.clone(),
            drawer: match till.drawer {
                Drawer::None => DrawerKind::None,
                Drawer::Printer => DrawerKind::Printer,
                Drawer::Command { .. } => DrawerKind::Command,
            },
            drawer_command: match &till.drawer {
                Drawer::Command { command } => command.clone(),
                _ => String::new(),
            },
        }
    }

    /// The shop's details and the till's settings the form describes (not yet checked: see
    /// [`kassa::Db::save_settings`]). A paper width other than 58 is 80 mm.
    pub fn split(&self) -> (Shop, TillSettings) {
        let shop = Shop {
            name: self.shop_name.clone(),
            org_number: self.org_number.clone(),
            address: self.address.clone(),
            after_sale: match self.after_sale {
                AfterSaleChoice::Print => AfterSale::Print,
                AfterSaleChoice::Pdf => AfterSale::Pdf,
                AfterSaleChoice::None => AfterSale::None,
            },
        };
        let printer = match self.printer {
            PrinterKind::None => None,
            PrinterKind::Network => Some(Printer::Network {
                address: self.printer_address.clone(),
            }),
            PrinterKind::Cups | PrinterKind::CupsPdf => Some(Printer::Cups {
                queue: self.printer_queue.clone(),
                server: Some(self.cups_server.clone()),
                format: if self.printer == PrinterKind::CupsPdf {
                    CupsFormat::Pdf
                } else {
                    CupsFormat::Raw
                },
            }),
        };
        let till = TillSettings {
            register_id: self.register_id.clone(),
            language: self.language.language(),
            printer,
            paper: if self.paper_mm == 58 {
                Paper::Mm58
            } else {
                Paper::Mm80
            },
            receipt_qr: self.receipt_qr,
            default_tender: self.default_tender,
            control_unit: self.control_unit.clone(),
            drawer: match self.drawer {
                DrawerKind::None => Drawer::None,
                DrawerKind::Printer => Drawer::Printer,
                DrawerKind::Command => Drawer::Command {
                    command: self.drawer_command.clone(),
                },
            },
        };
        (shop, till.normalised())
    }
}
