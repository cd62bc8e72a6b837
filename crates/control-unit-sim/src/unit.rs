//! The unit itself, whichever protocol asked: identity, status, registering a record, the
//! faults in force, and the list of what it registered. The protocol modules only translate.

use std::sync::{Arc, Mutex, MutexGuard};

use serde::Serialize;

use crate::control_code::control_code;
use crate::faults::{Fault, Faults};
use crate::record::Record;

/// Main status 0: OK.
pub const MAIN_OK: u8 = 0;
/// Main status 4: fatal error.
pub const MAIN_FATAL: u8 = 4;
/// Main status 5: busy.
pub const MAIN_BUSY: u8 = 5;
/// Storage status 0: OK.
pub const STORAGE_OK: u8 = 0;
/// Storage status 2: full.
pub const STORAGE_FULL: u8 = 2;

/// What the unit says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Identity {
    /// The manufacturing number, printed on every receipt.
    pub unit_id: String,
    pub firmware: String,
    /// `Type` in XCCSP.
    pub unit_type: String,
    pub installed_licences: u32,
}

/// Which wire a request came over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    Xccsp,
    Ccsp,
}

/// One registration the unit answered with a control code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Registration {
    pub protocol: Protocol,
    /// The till's running request number (`SerialNo`, CCSP's first field).
    pub serial_no: String,
    /// XCCSP's `IsNewSession`; `None` over CCSP, which has no such field.
    pub is_new_session: Option<bool>,
    pub record: Record,
    pub control_code: String,
}

/// A request as the protocol module read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Request {
    Identity,
    Status,
    Register {
        serial_no: String,
        is_new_session: Option<bool>,
        record: Box<Record>,
    },
}

/// Why the unit refuses: XCCSP's fault code, CCSP's NAK code (the same numbers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// CCSP only: the frame's LRC did not match.
    BadLrc = 1,
    UnknownRequest = 2,
    InvalidData = 3,
    NotOperational = 6,
    InvalidPosId = 7,
    LicenceExceeded = 9,
    StorageFull = 10,
}

impl Refusal {
    pub(crate) fn code(self) -> u8 {
        self as u8
    }
}

/// A fault of the line or the server rather than of the unit: the protocol module decides
/// what bytes it makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Misbehaviour {
    NoAnswer,
    Garbage,
    HalfFrame,
    BadLrc,
    Http500,
}

/// What the unit answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Answer {
    Identity(Identity),
    Status {
        main: u8,
        storage: u8,
    },
    /// `code` is empty when `main` is busy (nothing was registered).
    Registered {
        code: String,
        main: u8,
        storage: u8,
    },
    Refused(Refusal),
    /// The answer the unit would give, spoiled (or withheld) the way `Misbehaviour` says.
    Spoiled(Misbehaviour, Box<Answer>),
}

pub(crate) struct Unit {
    pub identity: Identity,
    secret: String,
    pub faults: Faults,
    registrations: Mutex<Vec<Registration>>,
}

impl Unit {
    pub(crate) fn new(identity: Identity, secret: String) -> Arc<Unit> {
        Arc::new(Unit {
            identity,
            secret,
            faults: Faults::default(),
            registrations: Mutex::new(Vec::new()),
        })
    }

    fn registered(&self) -> MutexGuard<'_, Vec<Registration>> {
        self.registrations.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn registrations(&self) -> Vec<Registration> {
        self.registered().clone()
    }

    /// Forgets every registration (a test suite reusing one simulator between cases).
    pub(crate) fn forget_registrations(&self) {
        self.registered().clear();
    }

    /// Answers one request. `request` is `Err` when the protocol module could not read it.
    /// A line fault wins over everything, so it hits unreadable requests too.
    pub(crate) fn answer(&self, protocol: Protocol, request: Result<Request, Refusal>) -> Answer {
        let fault = self.faults.take();
        let spoil = match fault {
            Some(Fault::NoAnswer) => Some(Misbehaviour::NoAnswer),
            Some(Fault::Garbage) => Some(Misbehaviour::Garbage),
            Some(Fault::HalfFrame) => Some(Misbehaviour::HalfFrame),
            Some(Fault::BadLrc) => Some(Misbehaviour::BadLrc),
            Some(Fault::Http500) => Some(Misbehaviour::Http500),
            _ => None,
        };
        // A spoiled answer never reaches the till intact, so nothing is registered.
        let unit_fault = if spoil.is_some() { None } else { fault };
        let answer = self.answer_as_unit(protocol, request, unit_fault, spoil.is_none());
        match spoil {
            Some(m) => Answer::Spoiled(m, Box::new(answer)),
            None => answer,
        }
    }

    fn answer_as_unit(
        &self,
        protocol: Protocol,
        request: Result<Request, Refusal>,
        fault: Option<Fault>,
        record_it: bool,
    ) -> Answer {
        let request = match request {
            Ok(r) => r,
            Err(refusal) => return Answer::Refused(refusal),
        };
        let (main, storage) = match fault {
            Some(Fault::Busy) => (MAIN_BUSY, STORAGE_OK),
            Some(Fault::NotOperational) => (MAIN_FATAL, STORAGE_OK),
            Some(Fault::StorageFull) => (MAIN_OK, STORAGE_FULL),
            _ => (MAIN_OK, STORAGE_OK),
        };
        match request {
            Request::Identity => Answer::Identity(self.identity.clone()),
            Request::Status => Answer::Status { main, storage },
            Request::Register {
                serial_no,
                is_new_session,
                record,
            } => {
                let refusal = match fault {
                    Some(Fault::NotOperational) => Some(Refusal::NotOperational),
                    Some(Fault::StorageFull) => Some(Refusal::StorageFull),
                    Some(Fault::InvalidPosId) => Some(Refusal::InvalidPosId),
                    Some(Fault::LicenceExceeded) => Some(Refusal::LicenceExceeded),
                    _ => None,
                };
                if let Some(refusal) = refusal {
                    return Answer::Refused(refusal);
                }
                if main == MAIN_BUSY {
                    return Answer::Registered {
                        code: String::new(),
                        main,
                        storage,
                    };
                }
                let code = control_code(&self.secret, &record);
                if record_it {
                    self.registered().push(Registration {
                        protocol,
                        serial_no,
                        is_new_session,
                        record: *record,
                        control_code: code.clone(),
                    });
                }
                Answer::Registered {
                    code,
                    main,
                    storage,
                }
            }
        }
    }
}
