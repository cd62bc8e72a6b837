//! What can go wrong talking to a control unit, and what the till does about it: every
//! [`UnitError`] answers [`UnitError::action`] exactly per the wire page's failure table, and
//! has one line for the cashier in Swedish and English.

use std::fmt;

use super::record::RecordError;
use super::{MainStatus, StorageStatus};
use crate::language::Language;

/// What the till does after a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Send the same record again (same receipt number).
    Retry,
    /// Refuse Charge until the unit is fixed.
    StopSelling,
    /// The data or the set-up is wrong (organisation number, register designation, address).
    FixData,
}

/// The unit's own code for a failure, as it sent it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FaultCode {
    /// An XCCSP `FaultInfo/Code`.
    Xccsp(u32),
    /// A CCSP `NAK#ccc` code (three digits on the wire).
    Ccsp(u16),
}

impl fmt::Display for FaultCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FaultCode::Xccsp(c) => write!(f, "fault {c}"),
            FaultCode::Ccsp(c) => write!(f, "NAK {c:03}"),
        }
    }
}

/// The kind of failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnitErrorKind {
    /// No answer within the timeout.
    Timeout,
    /// The unit could not be reached: connection refused, no serial device at the path.
    Unreachable,
    /// An HTTP status other than 200 with no Fault in the body.
    Http(u16),
    /// The answer was not what the protocol says: not XML, a bad frame, missing fields.
    Garbled,
    /// The unit answered with a fault (XCCSP `Fault`, CCSP `NAK`).
    Fault(FaultCode),
    /// The unit answered but reports a status the till cannot sell with.
    Status {
        main: MainStatus,
        storage: StorageStatus,
    },
    /// The record was refused before sending.
    Record(RecordError),
    /// The unit's address (URL) is wrong.
    Address,
    /// The path is not a serial device, or the port cannot be set up.
    Port,
    /// No control unit is chosen, and the till may not sell without one (live mode).
    NotConfigured,
}

/// A failure talking to a control unit. Its message is English and never carries a password.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("control unit: {message}")]
pub struct UnitError {
    kind: UnitErrorKind,
    message: String,
}

/// How often the till retries the unit's internal error (fault 8, NAK 008) before it stops
/// selling (the failure table: "retry a few times, then stop selling").
pub const INTERNAL_ERROR_RETRIES: u32 = 3;

impl UnitError {
    /// No unit chosen where one is required.
    pub fn not_configured() -> UnitError {
        UnitError::new(
            UnitErrorKind::NotConfigured,
            "no control unit is chosen; a till may not sell without one",
        )
    }

    pub fn new(kind: UnitErrorKind, message: impl Into<String>) -> UnitError {
        UnitError {
            kind,
            message: message.into(),
        }
    }

    pub fn kind(&self) -> &UnitErrorKind {
        &self.kind
    }

    /// The English message, for logs.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The unit's fault or NAK code, when the unit sent one.
    pub fn fault_code(&self) -> Option<FaultCode> {
        match self.kind {
            UnitErrorKind::Fault(code) => Some(code),
            _ => None,
        }
    }

    /// The unit's internal error: retry at most [`INTERNAL_ERROR_RETRIES`] times, then stop.
    pub fn is_internal_error(&self) -> bool {
        matches!(
            self.kind,
            UnitErrorKind::Fault(FaultCode::Xccsp(8) | FaultCode::Ccsp(8))
        )
    }

    /// What the till does now, per the wire page's failure table.
    pub fn action(&self) -> Action {
        match &self.kind {
            // Retrying a refused password never helps: someone must correct the address.
            UnitErrorKind::Http(401 | 403) => Action::FixData,
            UnitErrorKind::Timeout
            | UnitErrorKind::Unreachable
            | UnitErrorKind::Http(_)
            | UnitErrorKind::Garbled => Action::Retry,
            UnitErrorKind::Fault(FaultCode::Xccsp(code)) => match code {
                98 | 99 | 8 => Action::Retry,
                6 | 9 | 10 => Action::StopSelling,
                2 | 3 | 7 => Action::FixData,
                // A code the page does not know: the till cannot tell it is safe to go on.
                _ => Action::StopSelling,
            },
            UnitErrorKind::Fault(FaultCode::Ccsp(code)) => match code {
                1 | 8 => Action::Retry,
                6 | 9 | 10 => Action::StopSelling,
                2 | 3 | 4 | 7 | 11 => Action::FixData,
                _ => Action::StopSelling,
            },
            UnitErrorKind::Status { main, storage } => {
                if matches!(main, MainStatus::Busy | MainStatus::CommunicationError)
                    && *storage != StorageStatus::Full
                {
                    Action::Retry
                } else {
                    Action::StopSelling
                }
            }
            UnitErrorKind::Record(_)
            | UnitErrorKind::Address
            | UnitErrorKind::Port
            | UnitErrorKind::NotConfigured => Action::FixData,
        }
    }

    /// The cashier's line in Swedish.
    pub fn sv(&self) -> String {
        self.words(Language::Swedish)
    }

    /// The cashier's line in English.
    pub fn en(&self) -> String {
        self.words(Language::English)
    }

    /// One line for the cashier: what is wrong and what to do.
    pub fn words(&self, language: Language) -> String {
        let sv = language == Language::Swedish;
        let pick = |s: &str, e: &str| if sv { s.to_owned() } else { e.to_owned() };
        match &self.kind {
            UnitErrorKind::Http(401 | 403) => pick(
                "Kontrollenheten godtar inte användarnamnet eller lösenordet i dess adress. Rätta adressen i Inställningar.",
                "The control unit refuses the user name or password in its address. Correct the address in Settings.",
            ),
            UnitErrorKind::Timeout | UnitErrorKind::Unreachable | UnitErrorKind::Http(_) => pick(
                "Kontrollenheten svarar inte. Kontrollera kabeln/nätverket; försöker igen.",
                "The control unit is not answering. Check its cable or network; retrying.",
            ),
            UnitErrorKind::Garbled => pick(
                "Kontrollenhetens svar gick inte att läsa. Försöker igen.",
                "The control unit's answer could not be read. Retrying.",
            ),
            UnitErrorKind::Fault(code) => {
                let c = if sv { code_sv(*code) } else { code.to_string() };
                match self.action() {
                    Action::Retry if self.is_internal_error() => {
                        if sv {
                            format!(
                                "Kontrollenheten har ett internt fel ({c}). Försöker igen; kvarstår det, kontakta leverantören."
                            )
                        } else {
                            format!(
                                "The control unit has an internal error ({c}). Retrying; if it persists, call the supplier."
                            )
                        }
                    }
                    Action::Retry => {
                        if sv {
                            format!("Kontrollenheten är inte nåbar just nu ({c}). Försöker igen.")
                        } else {
                            format!("The control unit cannot be reached right now ({c}). Retrying.")
                        }
                    }
                    Action::StopSelling => {
                        if sv {
                            format!(
                                "Kontrollenheten fungerar inte ({c}: {}). Försäljning stoppad; kontakta leverantören.",
                                fault_sv(*code)
                            )
                        } else {
                            format!(
                                "The control unit is not working ({c}: {}). Selling is stopped; call the supplier.",
                                fault_en(*code)
                            )
                        }
                    }
                    Action::FixData => {
                        if sv {
                            format!(
                                "Kontrollenheten vägrar uppgifterna ({c}). Kontrollera organisationsnummer och kassabeteckning i inställningarna."
                            )
                        } else {
                            format!(
                                "The control unit refuses the data ({c}). Check the organisation number and register designation in the settings."
                            )
                        }
                    }
                }
            }
            UnitErrorKind::Status { .. } => match self.action() {
                Action::Retry => pick(
                    "Kontrollenheten är upptagen eller saknar kontakt. Försöker igen.",
                    "The control unit is busy or out of contact. Retrying.",
                ),
                _ => pick(
                    "Kontrollenheten rapporterar fel eller fullt minne. Försäljning stoppad; kontakta leverantören.",
                    "The control unit reports a fault or full storage. Selling is stopped; call the supplier.",
                ),
            },
            UnitErrorKind::Record(e) => {
                if sv {
                    format!(
                        "Kvittot kan inte registreras i kontrollenheten: {}.",
                        record_sv(e)
                    )
                } else {
                    format!("The receipt cannot be registered in the control unit: {e}.")
                }
            }
            UnitErrorKind::Address => pick(
                "Kontrollenhetens adress är fel. Rätta den i inställningarna.",
                "The control unit's address is wrong. Correct it in the settings.",
            ),
            UnitErrorKind::Port => pick(
                "Kontrollenhetens port är ingen seriell enhet. Kontrollera porten i inställningarna.",
                "The control unit's port is not a serial device. Check the port in the settings.",
            ),
            UnitErrorKind::NotConfigured => pick(
                "Ingen kontrollenhet är vald, och utan den får kassan inte sälja. Välj kontrollenheten i Inställningar.",
                "No control unit is chosen, and the till may not sell without one. Choose the control unit in Settings.",
            ),
        }
    }
}

fn code_sv(code: FaultCode) -> String {
    match code {
        FaultCode::Xccsp(c) => format!("kod {c}"),
        FaultCode::Ccsp(c) => format!("NAK {c:03}"),
    }
}

fn fault_en(code: FaultCode) -> &'static str {
    match code {
        FaultCode::Xccsp(6) | FaultCode::Ccsp(6) => "not operational",
        FaultCode::Xccsp(9) | FaultCode::Ccsp(9) => "licence exceeded",
        FaultCode::Xccsp(10) | FaultCode::Ccsp(10) => "storage full",
        _ => "unknown fault",
    }
}

fn fault_sv(code: FaultCode) -> &'static str {
    match code {
        FaultCode::Xccsp(6) | FaultCode::Ccsp(6) => "ur funktion",
        FaultCode::Xccsp(9) | FaultCode::Ccsp(9) => "licensen överskriden",
        FaultCode::Xccsp(10) | FaultCode::Ccsp(10) => "minnet fullt",
        _ => "okänt fel",
    }
}

fn record_sv(e: &RecordError) -> &'static str {
    match e {
        RecordError::Time(_) => "fel datum",
        RecordError::OrganisationNumber => "organisationsnumret ska vara 10 siffror",
        RecordError::RegisterDesignation => "kassabeteckningen ska vara 1–16 tecken A-Z, a-z, 0-9",
        RecordError::ReceiptNumber(_) => "fel kvittonummer",
        RecordError::NegativeReturnAmount => "returbeloppet får inte vara negativt",
        RecordError::ZeroTotal => "ett kvitto på 0 kr skickas inte",
        RecordError::AmountTooLarge { .. } => "beloppet är för stort",
        RecordError::TooManyVatRates(_) => "högst fyra momssatser per kvitto",
        RecordError::DuplicateVatRate(_) => "en momssats förekommer två gånger",
    }
}

impl From<RecordError> for UnitError {
    fn from(e: RecordError) -> UnitError {
        UnitError::new(UnitErrorKind::Record(e.clone()), e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fault(code: FaultCode) -> UnitError {
        UnitError::new(UnitErrorKind::Fault(code), "x")
    }

    #[test]
    fn fault_codes_map_to_the_failure_table() {
        use Action::*;
        for (c, a) in [
            (2, FixData),
            (3, FixData),
            (6, StopSelling),
            (7, FixData),
            (8, Retry),
            (9, StopSelling),
            (10, StopSelling),
            (98, Retry),
            (99, Retry),
            (42, StopSelling),
        ] {
            assert_eq!(fault(FaultCode::Xccsp(c)).action(), a, "fault {c}");
        }
        for (c, a) in [
            (1, Retry),
            (2, FixData),
            (3, FixData),
            (4, FixData),
            (6, StopSelling),
            (7, FixData),
            (8, Retry),
            (9, StopSelling),
            (10, StopSelling),
            (11, FixData),
            (5, StopSelling),
        ] {
            assert_eq!(fault(FaultCode::Ccsp(c)).action(), a, "NAK {c}");
        }
        assert!(fault(FaultCode::Ccsp(8)).is_internal_error());
        assert!(!fault(FaultCode::Ccsp(1)).is_internal_error());
    }

    #[test]
    fn statuses_map_to_the_failure_table() {
        let s = |main, storage| UnitError::new(UnitErrorKind::Status { main, storage }, "x");
        assert_eq!(
            s(MainStatus::Busy, StorageStatus::Ok).action(),
            Action::Retry
        );
        assert_eq!(
            s(MainStatus::FatalError, StorageStatus::Ok).action(),
            Action::StopSelling
        );
        assert_eq!(
            s(MainStatus::Ok, StorageStatus::Full).action(),
            Action::StopSelling
        );
        assert_eq!(
            s(MainStatus::Busy, StorageStatus::Full).action(),
            Action::StopSelling
        );
    }

    #[test]
    fn the_cashier_gets_a_line_in_each_language() {
        let e = UnitError::new(UnitErrorKind::Timeout, "no answer");
        assert_eq!(
            e.sv(),
            "Kontrollenheten svarar inte. Kontrollera kabeln/nätverket; försöker igen."
        );
        assert_eq!(
            e.en(),
            "The control unit is not answering. Check its cable or network; retrying."
        );
        let e = fault(FaultCode::Xccsp(6));
        assert!(e.sv().contains("kod 6"), "{}", e.sv());
        assert!(e.en().contains("fault 6: not operational"), "{}", e.en());
        let e = fault(FaultCode::Ccsp(10));
        assert!(e.en().contains("NAK 010"), "{}", e.en());
        let e: UnitError = RecordError::ZeroTotal.into();
        assert_eq!(e.action(), Action::FixData);
        assert!(e.sv().contains("0 kr"));
    }
}
