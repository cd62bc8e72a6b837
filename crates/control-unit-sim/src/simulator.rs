//! [`Simulator`]: a running control unit.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::app::App;
use crate::config::{SimConfig, StartError};
use crate::faults::{Fault, Faults};
use crate::serial::{self, SerialError, SerialPort};
use crate::server;
use crate::unit::{Identity, Registration, Unit};

/// A running simulator: XCCSP on its own port, CCSP on a pty once opened. Dropping it stops
/// it; [`Simulator::shutdown`] also waits for the HTTP server to finish.
pub struct Simulator {
    addr: SocketAddr,
    user: String,
    password: String,
    unit: Arc<Unit>,
    stop: watch::Sender<bool>,
    runtime: tokio::runtime::Handle,
    serial: Mutex<Option<SerialPort>>,
    server: Option<JoinHandle<()>>,
}

impl Simulator {
    /// Binds and serves on the current tokio runtime (and opens the pty if `config.serial`).
    pub async fn start(config: SimConfig) -> Result<Simulator, StartError> {
        let listen_error = |source| StartError::Listen {
            addr: config.listen,
            source,
        };
        let listener = TcpListener::bind(config.listen)
            .await
            .map_err(listen_error)?;
        let addr = listener.local_addr().map_err(listen_error)?;
        let unit = Unit::new(
            Identity {
                unit_id: config.unit_id,
                firmware: config.firmware,
                unit_type: config.unit_type,
                installed_licences: config.installed_licences,
            },
            config.secret,
        );
        let (stop, stop_rx) = watch::channel(false);
        let app = App {
            unit: unit.clone(),
            user: config.user.clone(),
            password: config.password.clone(),
            stop: stop_rx,
        };
        let server = tokio::spawn(server::serve(listener, app));
        let sim = Simulator {
            addr,
            user: config.user,
            password: config.password,
            unit,
            stop,
            runtime: tokio::runtime::Handle::current(),
            serial: Mutex::new(None),
            server: Some(server),
        };
        if config.serial {
            sim.open_serial()?;
        }
        Ok(sim)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://user:pass@127.0.0.1:PORT/xccsp`: what the till is configured with.
    pub fn xccsp_url(&self) -> String {
        format!("http://{}:{}@{}/xccsp", self.user, self.password, self.addr)
    }

    /// `http://127.0.0.1:PORT`: the base of `/control/*`.
    pub fn control_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Opens the pty and serves CCSP on it (once: later calls answer the same port).
    pub fn open_serial(&self) -> Result<SerialPort, SerialError> {
        let mut slot = self.serial.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(port) = slot.as_ref() {
            return Ok(port.clone());
        }
        let port = serial::open(self.unit.clone(), self.stop.subscribe(), &self.runtime)?;
        *slot = Some(port.clone());
        Ok(port)
    }

    /// The pty, if opened.
    pub fn serial_port(&self) -> Option<SerialPort> {
        self.serial
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// `serial:///dev/pts/N?baud=9600`, if the pty is open.
    pub fn serial_url(&self) -> Option<String> {
        self.serial_port().map(|p| p.url())
    }

    pub fn identity(&self) -> Identity {
        self.unit.identity.clone()
    }

    pub fn faults(&self) -> Faults {
        self.unit.faults.clone()
    }

    /// Every request gets `fault` until it is set to `None`.
    pub fn set_fault(&self, fault: Option<Fault>) {
        self.unit.faults.set(fault);
    }

    /// The next `n` requests get `fault`, then the sticky fault (if any) again.
    pub fn fail_next(&self, n: usize, fault: Fault) {
        self.unit.faults.fail_next(n, fault);
    }

    /// Every registration answered with a control code, in order.
    pub fn registrations(&self) -> Vec<Registration> {
        self.unit.registrations()
    }

    /// Forgets every registration so far.
    pub fn clear_registrations(&self) {
        self.unit.forget_registrations();
    }

    /// How many times this receipt number was registered (any type, either protocol).
    pub fn registration_count(&self, receipt_id: &str) -> usize {
        self.unit
            .registrations()
            .iter()
            .filter(|r| r.record.receipt_id == receipt_id)
            .count()
    }

    /// Stops serving both protocols and waits for the HTTP server to finish.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(server) = self.server.take() {
            let _ = server.await;
        }
    }
}

impl Drop for Simulator {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

impl std::fmt::Debug for Simulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Simulator")
            .field("addr", &self.addr)
            .field("serial", &self.serial_port())
            .finish_non_exhaustive()
    }
}
