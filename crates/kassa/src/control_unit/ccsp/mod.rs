//! The CleanCash CCSP client: frames over a serial line (9600 8N1 unless configured). One
//! request at a time (the port sits behind a mutex); the blocking port IO runs in
//! `spawn_blocking`. The port opens at the first request and again after a line error, so a
//! unit plugged in late is found without restarting the till.

pub mod frame;

use std::io::{Read, Write};
use std::os::unix::fs::FileTypeExt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures::future::BoxFuture;
use serialport::SerialPort;

use super::record::{amount_field, date_field, vat_slot_field};
use super::{
    ControlUnit, FaultCode, Identity, MainStatus, Record, Registration, StorageStatus, UnitError,
    UnitErrorKind, UnitStatus,
};

type Port = Box<dyn SerialPort>;

/// A CCSP control unit on a serial device.
pub struct CcspClient {
    path: String,
    baud: u32,
    timeout: Duration,
    port: Arc<Mutex<Option<Port>>>,
    /// The number of `RR` messages sent so far; the next one's serial number is this + 1.
    serial: AtomicU64,
}

impl std::fmt::Debug for CcspClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CcspClient")
            .field("path", &self.path)
            .field("baud", &self.baud)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

/// The fields of the `RR` message for a record: 13, unused VAT slots empty.
pub fn register_fields(record: &Record, serial_no: u64) -> Vec<String> {
    let mut fields = vec![
        "RR".to_owned(),
        serial_no.to_string(),
        date_field(record.time()),
        record.receipt_number().to_string(),
        record.register_designation().to_owned(),
        record.organisation_number().to_owned(),
        amount_field(record.sale_amount()),
        amount_field(record.return_amount()),
        record.receipt_type().wire_name().to_owned(),
    ];
    for i in 0..super::record::MAX_VAT_SLOTS {
        fields.push(record.vat().get(i).map(vat_slot_field).unwrap_or_default());
    }
    fields
}

fn garbled(why: impl std::fmt::Display) -> UnitError {
    UnitError::new(
        UnitErrorKind::Garbled,
        format!("the unit's answer is not CCSP: {why}"),
    )
}

fn line_error(path: &str, e: impl std::fmt::Display) -> UnitError {
    UnitError::new(
        UnitErrorKind::Unreachable,
        format!("the serial line {path} failed: {e}"),
    )
}

fn open_port(path: &str, baud: u32, timeout: Duration) -> Result<Port, UnitError> {
    match std::fs::metadata(path) {
        Err(e) => {
            return Err(UnitError::new(
                UnitErrorKind::Unreachable,
                format!("no serial device at {path}: {e}"),
            ));
        }
        Ok(m) if !m.file_type().is_char_device() => {
            return Err(UnitError::new(
                UnitErrorKind::Port,
                format!("{path} is not a serial device"),
            ));
        }
        Ok(_) => {}
    }
    serialport::new(path, baud)
        .data_bits(serialport::DataBits::Eight)
        .parity(serialport::Parity::None)
        .stop_bits(serialport::StopBits::One)
        .flow_control(serialport::FlowControl::None)
        .timeout(timeout)
        .open()
        .map_err(|e| {
            UnitError::new(
                UnitErrorKind::Port,
                format!("cannot open {path} as a serial port: {e}"),
            )
        })
}

/// Sends one frame and reads the answer up to its CR, within `timeout` from the write.
fn exchange(
    port: &mut Port,
    path: &str,
    request: &[u8],
    timeout: Duration,
) -> Result<Vec<u8>, Exchange> {
    // Bytes left from an earlier, timed-out answer must not be read as this one's.
    port.clear(serialport::ClearBuffer::Input)
        .map_err(|e| Exchange::Line(line_error(path, e)))?;
    port.write_all(request)
        .and_then(|()| port.flush())
        .map_err(|e| Exchange::Line(line_error(path, e)))?;
    let deadline = Instant::now() + timeout;
    let mut answer = Vec::new();
    let mut chunk = [0u8; 256];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Exchange::Timeout(answer.len()));
        }
        port.set_timeout(left)
            .map_err(|e| Exchange::Line(line_error(path, e)))?;
        match port.read(&mut chunk) {
            Ok(0) => return Err(Exchange::Line(line_error(path, "the line closed"))),
            Ok(n) => {
                answer.extend_from_slice(&chunk[..n]);
                if let Some(end) = answer.iter().position(|b| *b == b'\r') {
                    answer.truncate(end + 1);
                    return Ok(answer);
                }
                if answer.len() > frame::MAX_FRAME {
                    return Err(Exchange::Unit(garbled("no CR within the longest frame")));
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::TimedOut => {
                return Err(Exchange::Timeout(answer.len()));
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(Exchange::Line(line_error(path, e))),
        }
    }
}

enum Exchange {
    Timeout(usize),
    /// The port failed: it is reopened on the next request.
    Line(UnitError),
    Unit(UnitError),
}

impl CcspClient {
    /// A client for the serial device at `path`. Nothing is opened until the first request.
    pub fn new(path: impl Into<String>, baud: u32, timeout: Duration) -> CcspClient {
        CcspClient {
            path: path.into(),
            baud,
            timeout,
            port: Arc::new(Mutex::new(None)),
            serial: AtomicU64::new(0),
        }
    }

    /// Sends one message and returns the answer's fields; a `NAK` is the unit's fault.
    async fn request(&self, fields: Vec<String>) -> Result<Vec<String>, UnitError> {
        let request = frame::encode(&fields).map_err(|e| {
            UnitError::new(
                UnitErrorKind::Garbled,
                format!("cannot frame the request: {e}"),
            )
        })?;
        let port = Arc::clone(&self.port);
        let (path, baud, timeout) = (self.path.clone(), self.baud, self.timeout);
        let answer = tokio::task::spawn_blocking(move || {
            // A panic of another request while holding the port leaves it usable.
            let mut guard = port.lock().unwrap_or_else(|p| p.into_inner());
            if guard.is_none() {
                *guard = Some(open_port(&path, baud, timeout)?);
            }
            let Some(open) = guard.as_mut() else {
                return Err(line_error(&path, "the port is not open"));
            };
            match exchange(open, &path, &request, timeout) {
                Ok(answer) => Ok(answer),
                Err(Exchange::Timeout(0)) => Err(UnitError::new(
                    UnitErrorKind::Timeout,
                    format!("no answer within {} ms", timeout.as_millis()),
                )),
                Err(Exchange::Timeout(n)) => Err(UnitError::new(
                    UnitErrorKind::Timeout,
                    format!(
                        "half a frame ({n} bytes) and then nothing within {} ms",
                        timeout.as_millis()
                    ),
                )),
                Err(Exchange::Line(e)) => {
                    *guard = None;
                    Err(e)
                }
                Err(Exchange::Unit(e)) => Err(e),
            }
        })
        .await
        .map_err(|e| line_error(&self.path, e))??;
        let fields = frame::decode(&answer).map_err(garbled)?;
        if fields.first().map(String::as_str) == Some("NAK") {
            let code = fields
                .get(1)
                .filter(|c| c.len() == 3)
                .and_then(|c| c.parse::<u16>().ok())
                .ok_or_else(|| garbled("a NAK without a three-digit code"))?;
            return Err(UnitError::new(
                UnitErrorKind::Fault(FaultCode::Ccsp(code)),
                format!("the unit answered NAK {code:03}"),
            ));
        }
        Ok(fields)
    }
}

/// The answer's fields after its type, checked to be `kind` with at least `count` of them.
fn expect<'f>(fields: &'f [String], kind: &str, count: usize) -> Result<&'f [String], UnitError> {
    match fields.split_first() {
        Some((first, rest)) if first == kind && rest.len() >= count => Ok(rest),
        Some((first, _)) if first == kind => Err(garbled(format!("{kind} with too few fields"))),
        Some((first, _)) => Err(garbled(format!("expected {kind}, got {first}"))),
        None => Err(garbled("an empty message")),
    }
}

fn number(field: &str, what: &str) -> Result<u32, UnitError> {
    field
        .parse()
        .map_err(|_| garbled(format!("the {what} {field:?} is not a number")))
}

fn text(field: &str, what: &str) -> Result<String, UnitError> {
    if field.is_empty() {
        Err(garbled(format!("an empty {what}")))
    } else {
        Ok(field.to_owned())
    }
}

impl ControlUnit for CcspClient {
    fn identity(&self) -> BoxFuture<'_, Result<Identity, UnitError>> {
        Box::pin(async move {
            let fields = self.request(vec!["IQ".into()]).await?;
            let f = expect(&fields, "IR", 3)?;
            Ok(Identity {
                unit_id: text(&f[0], "unit id")?,
                unit_type: None,
                firmware: f[2].clone(),
                protocol_version: Some(f[1].clone()),
            })
        })
    }

    fn status(&self) -> BoxFuture<'_, Result<UnitStatus, UnitError>> {
        Box::pin(async move {
            let fields = self.request(vec!["SIQ".into()]).await?;
            let f = expect(&fields, "SIR", 2)?;
            Ok(UnitStatus {
                main: MainStatus::from_code(number(&f[0], "main status")?),
                storage: StorageStatus::from_code(number(&f[1], "storage status")?),
            })
        })
    }

    fn register<'a>(
        &'a self,
        record: &'a Record,
    ) -> BoxFuture<'a, Result<Registration, UnitError>> {
        Box::pin(async move {
            let serial_no = self.serial.fetch_add(1, Ordering::Relaxed) + 1;
            let fields = self.request(register_fields(record, serial_no)).await?;
            let f = expect(&fields, "RR", 4)?;
            Ok(Registration {
                control_code: text(&f[0], "control code")?,
                unit_id: text(&f[1], "unit id")?,
                status: UnitStatus {
                    main: MainStatus::from_code(number(&f[2], "main status")?),
                    storage: StorageStatus::from_code(number(&f[3], "storage status")?),
                },
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rr_has_thirteen_fields_with_empty_unused_slots() {
        let fields = register_fields(&crate::control_unit::record::example(), 1);
        assert_eq!(
            fields.join("#"),
            "RR#1#202612071130#42#KASSA1#5566778899#149,00#0,00#normal#25,00;29,80###"
        );
        assert_eq!(fields.len(), 13);
    }
}
