//! The control unit (kontrollenhet, SKVFS 2014:9): every receipt's [`Record`] is registered
//! with a certified unit and the control code it answers is printed on the receipt.
//!
//! The seam is [`ControlUnit`]; [`connect`] picks the protocol from the unit's address:
//!
//! - `http://user:pass@host:port/path` or `https://…`: CleanCash XCCSP, XML over HTTP
//!   ([`xccsp::XccspClient`]);
//! - `serial:///dev/ttyUSB0?baud=9600`: CleanCash CCSP, frames over a serial line
//!   ([`ccsp::CcspClient`]; baud 9600 unless given).
//!
//! [`Record::of_entry`] makes the record of a receipt in the journal (a sale, a return, a
//! copy, a training receipt), or says it is not sent.
//!
//! Every failure is a [`UnitError`] whose [`UnitError::action`] says what the till does
//! (retry the same record, stop selling, or fix the data), per `docs/control-unit-wire.md`.
//!
//! ```text
//! let unit = control_unit::connect("http://user:pass@10.0.0.5:8081/xccsp")?;
//! let record = Record::new(NewRecord { .. })?;
//! match unit.register(&record).await {
//!     Ok(r) => print(r.control_code, r.unit_id),
//!     Err(e) => match e.action() { Action::Retry => .., Action::StopSelling => .., Action::FixData => .. },
//! }
//! ```

pub mod ccsp;
pub mod error;
pub mod receipt;
pub mod record;
pub mod store;
pub mod xccsp;

use std::time::Duration;

use futures::future::BoxFuture;

pub use error::{Action, FaultCode, INTERNAL_ERROR_RETRIES, UnitError, UnitErrorKind};
pub use receipt::Print;
pub use record::{NewRecord, ReceiptType, Record, RecordError, VatSlot};
pub use store::{ControlStamp, StoredRegistration};

/// A control unit, whatever the protocol. Dyn-compatible: the engine holds an
/// `Arc<dyn ControlUnit>`.
pub trait ControlUnit: Send + Sync {
    /// The unit's manufacturing number (unit id), type and firmware.
    fn identity(&self) -> BoxFuture<'_, Result<Identity, UnitError>>;
    /// The unit's health: main status and storage status.
    fn status(&self) -> BoxFuture<'_, Result<UnitStatus, UnitError>>;
    /// Registers one record; the answer carries the control code to print. On a failure with
    /// [`Action::Retry`], send the same record again.
    fn register<'a>(&'a self, record: &'a Record)
    -> BoxFuture<'a, Result<Registration, UnitError>>;
}

/// Who the unit is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The manufacturing number, printed on every receipt.
    pub unit_id: String,
    /// The unit's type (XCCSP `Type`); CCSP does not say, so `None` there.
    pub unit_type: Option<String>,
    pub firmware: String,
    /// CCSP's protocol version (`2`); `None` over XCCSP.
    pub protocol_version: Option<String>,
}

/// The unit's main status. Numbers the page does not know are kept in `Unknown`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MainStatus {
    Ok,
    Warning,
    ProtocolError,
    NonFatalError,
    FatalError,
    Busy,
    CommunicationError,
    Unknown(u32),
}

impl MainStatus {
    pub fn from_code(code: u32) -> MainStatus {
        match code {
            0 => MainStatus::Ok,
            1 => MainStatus::Warning,
            2 => MainStatus::ProtocolError,
            3 => MainStatus::NonFatalError,
            4 => MainStatus::FatalError,
            5 => MainStatus::Busy,
            99 => MainStatus::CommunicationError,
            other => MainStatus::Unknown(other),
        }
    }

    pub fn code(self) -> u32 {
        match self {
            MainStatus::Ok => 0,
            MainStatus::Warning => 1,
            MainStatus::ProtocolError => 2,
            MainStatus::NonFatalError => 3,
            MainStatus::FatalError => 4,
            MainStatus::Busy => 5,
            MainStatus::CommunicationError => 99,
            MainStatus::Unknown(c) => c,
        }
    }
}

/// The unit's storage status. Numbers the page does not know are kept in `Unknown`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StorageStatus {
    Ok,
    NearlyFull,
    Full,
    Unknown(u32),
}

impl StorageStatus {
    pub fn from_code(code: u32) -> StorageStatus {
        match code {
            0 => StorageStatus::Ok,
            1 => StorageStatus::NearlyFull,
            2 => StorageStatus::Full,
            other => StorageStatus::Unknown(other),
        }
    }

    pub fn code(self) -> u32 {
        match self {
            StorageStatus::Ok => 0,
            StorageStatus::NearlyFull => 1,
            StorageStatus::Full => 2,
            StorageStatus::Unknown(c) => c,
        }
    }
}

/// The unit's health.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UnitStatus {
    pub main: MainStatus,
    pub storage: StorageStatus,
}

impl UnitStatus {
    /// Whether the till may sell: the main status is OK, a warning, a protocol error (of the
    /// last request, not the unit) or a non-fatal error, and the storage is not full. Busy,
    /// fatal, communication error and unknown numbers are not operational.
    pub fn is_operational(&self) -> bool {
        matches!(
            self.main,
            MainStatus::Ok
                | MainStatus::Warning
                | MainStatus::ProtocolError
                | MainStatus::NonFatalError
        ) && matches!(self.storage, StorageStatus::Ok | StorageStatus::NearlyFull)
    }

    /// `Ok` when operational, else the error whose [`UnitError::action`] says what to do
    /// (busy → retry, fatal or storage full → stop selling).
    pub fn check(&self) -> Result<(), UnitError> {
        if self.is_operational() {
            Ok(())
        } else {
            Err(UnitError::new(
                UnitErrorKind::Status {
                    main: self.main,
                    storage: self.storage,
                },
                format!(
                    "the unit reports main status {} and storage status {}",
                    self.main.code(),
                    self.storage.code()
                ),
            ))
        }
    }
}

/// A registered record: what the receipt prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    /// The control code (kontrollkod) to print.
    pub control_code: String,
    /// The unit's manufacturing number to print.
    pub unit_id: String,
    /// The status the unit answered with; the code is valid either way, but a status that is
    /// not operational ([`UnitStatus::check`]) should stop the next sale.
    pub status: UnitStatus,
}

/// How long an XCCSP request may take before it counts as no answer.
pub const XCCSP_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a CCSP answer may take.
pub const CCSP_TIMEOUT: Duration = Duration::from_secs(2);
/// The serial line's speed unless the address says otherwise.
pub const CCSP_DEFAULT_BAUD: u32 = 9600;

/// Where the unit is, parsed from its address.
#[derive(Clone, PartialEq, Eq)]
pub enum UnitAddress {
    /// An XCCSP URL; user and password are taken from it by the client.
    Xccsp(url::Url),
    /// A CCSP serial device.
    Ccsp { path: String, baud: u32 },
}

impl std::fmt::Debug for UnitAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UnitAddress::Xccsp(url) => write!(f, "Xccsp({})", xccsp::redacted(url)),
            UnitAddress::Ccsp { path, baud } => write!(f, "Ccsp({path}, {baud} baud)"),
        }
    }
}

impl UnitAddress {
    /// Parses `http(s)://user:pass@host:port/path` or `serial:///dev/ttyX?baud=N`.
    pub fn parse(address: &str) -> Result<UnitAddress, UnitError> {
        let bad = |why: &str| {
            // The address may hold a password: the error never repeats it.
            UnitError::new(
                UnitErrorKind::Address,
                format!("the control unit's address is not usable: {why}"),
            )
        };
        let url = url::Url::parse(address).map_err(|e| bad(&e.to_string()))?;
        match url.scheme() {
            "http" | "https" => {
                if url.host_str().is_none_or(str::is_empty) {
                    return Err(bad("no host"));
                }
                Ok(UnitAddress::Xccsp(url))
            }
            "serial" => {
                if url.host_str().is_some_and(|h| !h.is_empty()) {
                    return Err(bad("a serial address is serial:///path, with no host"));
                }
                let path = url.path().to_owned();
                if path.is_empty() || path == "/" {
                    return Err(bad("no device path"));
                }
                let mut baud = CCSP_DEFAULT_BAUD;
                for (key, value) in url.query_pairs() {
                    match key.as_ref() {
                        "baud" => {
                            baud = value
                                .parse()
                                .ok()
                                .filter(|b| *b > 0)
                                .ok_or_else(|| bad("baud must be a positive number"))?;
                        }
                        other => return Err(bad(&format!("unknown option {other:?}"))),
                    }
                }
                Ok(UnitAddress::Ccsp { path, baud })
            }
            other => Err(bad(&format!(
                "unknown scheme {other:?} (use http, https or serial)"
            ))),
        }
    }
}

/// An XCCSP unit's password, kept apart from its address (the shell keeps it in the OS
/// keyring). Cannot be printed or serialized.
pub struct UnitPassword(String);

impl UnitPassword {
    pub fn new(password: impl Into<String>) -> UnitPassword {
        UnitPassword(password.into())
    }

    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

/// Connects to the unit at `address` with the default timeouts. Nothing is sent yet: a unit
/// that is off shows as a [`Action::Retry`] error of the first request.
pub fn connect(address: &str) -> Result<Box<dyn ControlUnit>, UnitError> {
    connect_with(address, None)
}

/// [`connect`], with an XCCSP password kept apart from the address (it replaces one in the
/// address; a serial unit has none).
pub fn connect_with(
    address: &str,
    password: Option<&UnitPassword>,
) -> Result<Box<dyn ControlUnit>, UnitError> {
    let mut address = UnitAddress::parse(address)?;
    if let (UnitAddress::Xccsp(url), Some(password)) = (&mut address, password) {
        url.set_password(Some(password.expose_secret()))
            .map_err(|()| {
                UnitError::new(UnitErrorKind::Address, "the address takes no password")
            })?;
    }
    match address {
        UnitAddress::Xccsp(url) => Ok(Box::new(xccsp::XccspClient::new(url, XCCSP_TIMEOUT)?)),
        UnitAddress::Ccsp { path, baud } => {
            Ok(Box::new(ccsp::CcspClient::new(path, baud, CCSP_TIMEOUT)))
        }
    }
}

/// What a test button or a start-up check wants to know: who the unit is, if it answers and
/// can sell; else the error that says what to do.
pub async fn check(unit: &dyn ControlUnit) -> Result<Identity, UnitError> {
    let identity = unit.identity().await?;
    unit.status().await?.check()?;
    Ok(identity)
}

#[cfg(test)]
mod tests {
    use super::*;

    static_assertions::assert_not_impl_any!(
        UnitPassword: std::fmt::Debug,
        std::fmt::Display,
        serde::Serialize
    );

    #[test]
    fn addresses_choose_the_protocol() {
        match UnitAddress::parse("http://u:p@127.0.0.1:8081/xccsp").unwrap() {
            UnitAddress::Xccsp(url) => assert_eq!(url.port(), Some(8081)),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            UnitAddress::parse("https://u:p@unit.example/xccsp").unwrap(),
            UnitAddress::Xccsp(_)
        ));
        assert_eq!(
            UnitAddress::parse("serial:///dev/ttyUSB0").unwrap(),
            UnitAddress::Ccsp {
                path: "/dev/ttyUSB0".into(),
                baud: 9600
            }
        );
        assert_eq!(
            UnitAddress::parse("serial:///dev/ttyS1?baud=19200").unwrap(),
            UnitAddress::Ccsp {
                path: "/dev/ttyS1".into(),
                baud: 19200
            }
        );
    }

    #[test]
    fn bad_addresses_are_fix_data_errors_without_the_password() {
        for bad in [
            "",
            "ftp://u:secretpw@host/x",
            "serial:///dev/ttyS0?baud=fast",
            "serial:///dev/ttyS0?baud=0",
            "serial:///dev/ttyS0?parity=odd",
            "serial://host/dev/ttyS0",
            "serial:///",
            "http://",
            "not a url secretpw",
        ] {
            let e = match connect(bad) {
                Err(e) => e,
                Ok(_) => panic!("{bad:?} was accepted"),
            };
            assert_eq!(e.action(), Action::FixData, "{bad:?}");
            assert_eq!(e.kind(), &UnitErrorKind::Address);
            assert!(!format!("{e} {e:?}").contains("secretpw"), "{e:?}");
        }
    }

    #[test]
    fn statuses_keep_unknown_numbers_and_say_whether_to_sell() {
        assert_eq!(MainStatus::from_code(7), MainStatus::Unknown(7));
        assert_eq!(MainStatus::from_code(99).code(), 99);
        assert_eq!(StorageStatus::from_code(3), StorageStatus::Unknown(3));
        for code in [0, 1, 2, 3, 4, 5, 99, 7] {
            assert_eq!(MainStatus::from_code(code).code(), code);
        }
        let s = |m, st| UnitStatus {
            main: MainStatus::from_code(m),
            storage: StorageStatus::from_code(st),
        };
        assert!(s(0, 0).is_operational());
        assert!(s(1, 1).is_operational());
        assert!(!s(4, 0).is_operational());
        assert!(!s(5, 0).is_operational());
        assert!(!s(0, 2).is_operational());
        assert!(!s(42, 0).is_operational());
        assert_eq!(s(5, 0).check().unwrap_err().action(), Action::Retry);
        assert_eq!(s(4, 0).check().unwrap_err().action(), Action::StopSelling);
        assert_eq!(s(0, 2).check().unwrap_err().action(), Action::StopSelling);
    }
}
