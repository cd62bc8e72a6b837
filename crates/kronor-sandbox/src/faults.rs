//! Fault injection: make the next N operations fail the ways a real network and a real Kronor
//! fail, and drop or refuse WebSockets on demand.

use std::sync::atomic::{AtomicU32, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::watch;

/// One way to fail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Answer `{"errors": [{"extensions": {"type": "TEMPORARY_FAILURE", …}}]}` without executing.
    TemporaryFailure,
    /// Answer with this HTTP status (500, 503, …) without executing.
    HttpStatus(u16),
    /// Wait this long, then execute normally.
    Delay(Duration),
    /// Execute and commit, then close the connection without sending a response.
    CommitThenDrop,
}

struct Armed {
    operation: String,
    fault: Fault,
    left: u32,
}

#[derive(Default)]
struct Inner {
    armed: Mutex<Vec<Armed>>,
    /// How many entries `armed` has, read without the lock on the hot path.
    armed_count: AtomicUsize,
    injected: AtomicU64,
    refuse_websockets: AtomicU32,
    /// Bumped to close every open WebSocket.
    close_websockets: Option<watch::Sender<u64>>,
}

/// Cheap clone handle on the sandbox's fault switches.
#[derive(Clone)]
pub struct Faults(Arc<Inner>);

impl Faults {
    pub(crate) fn new() -> Faults {
        Faults(Arc::new(Inner {
            close_websockets: Some(watch::channel(0).0),
            ..Inner::default()
        }))
    }

    /// The next `times` GraphQL operations whose root field is `operation` (`"*"` = any) get
    /// `fault`. Faults armed for the same operation fire in the order they were armed.
    pub fn inject(&self, operation: &str, fault: Fault, times: u32) {
        if times == 0 {
            return;
        }
        if let Ok(mut armed) = self.0.armed.lock() {
            armed.push(Armed {
                operation: operation.to_owned(),
                fault,
                left: times,
            });
            self.0.armed_count.store(armed.len(), Ordering::Release);
        }
    }

    /// Closes every open WebSocket now.
    pub fn close_websockets(&self) {
        if let Some(tx) = &self.0.close_websockets {
            tx.send_modify(|v| *v = v.wrapping_add(1));
        }
    }

    /// The next `times` WebSocket upgrade attempts get HTTP 503.
    pub fn refuse_websockets(&self, times: u32) {
        self.0.refuse_websockets.fetch_add(times, Ordering::AcqRel);
    }

    /// How many faults have fired so far.
    pub fn injected(&self) -> u64 {
        self.0.injected.load(Ordering::Acquire)
    }

    /// Disarms every pending fault and WebSocket refusal.
    pub fn clear(&self) {
        if let Ok(mut armed) = self.0.armed.lock() {
            armed.clear();
            self.0.armed_count.store(0, Ordering::Release);
        }
        self.0.refuse_websockets.store(0, Ordering::Release);
    }

    /// Takes the fault for an operation with this root field, if one is armed.
    pub(crate) fn take(&self, root_field: &str) -> Option<Fault> {
        if self.0.armed_count.load(Ordering::Acquire) == 0 {
            return None;
        }
        let mut armed = self.0.armed.lock().ok()?;
        let i = armed
            .iter()
            .position(|a| a.operation == root_field || a.operation == "*")?;
        let fault = armed[i].fault.clone();
        armed[i].left -= 1;
        if armed[i].left == 0 {
            armed.remove(i);
        }
        self.0.armed_count.store(armed.len(), Ordering::Release);
        self.0.injected.fetch_add(1, Ordering::AcqRel);
        Some(fault)
    }

    /// True if this WebSocket upgrade must be refused (and counts it).
    pub(crate) fn take_websocket_refusal(&self) -> bool {
        let took = self
            .0
            .refuse_websockets
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| n.checked_sub(1))
            .is_ok();
        if took {
            self.0.injected.fetch_add(1, Ordering::AcqRel);
        }
        took
    }

    pub(crate) fn websocket_closer(&self) -> watch::Receiver<u64> {
        match &self.0.close_websockets {
            Some(tx) => tx.subscribe(),
            None => watch::channel(0).1,
        }
    }
}

impl std::fmt::Debug for Faults {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Faults")
            .field("injected", &self.injected())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_fire_the_armed_number_of_times_for_the_named_operation() {
        let f = Faults::new();
        f.inject("purchaseOrders", Fault::HttpStatus(503), 2);
        assert_eq!(f.take("newPurchaseOrderWithInvoice"), None);
        assert_eq!(f.take("purchaseOrders"), Some(Fault::HttpStatus(503)));
        assert_eq!(f.take("purchaseOrders"), Some(Fault::HttpStatus(503)));
        assert_eq!(f.take("purchaseOrders"), None);
        f.inject("*", Fault::TemporaryFailure, 1);
        assert_eq!(f.take("version"), Some(Fault::TemporaryFailure));
        assert_eq!(f.injected(), 3);
        f.refuse_websockets(1);
        assert!(f.take_websocket_refusal());
        assert!(!f.take_websocket_refusal());
        f.inject("*", Fault::TemporaryFailure, 5);
        f.clear();
        assert_eq!(f.take("version"), None);
    }
}
