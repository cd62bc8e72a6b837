//! Faults on demand: the ways a real unit, its server and its line fail. One sticky fault
//! (until cleared) plus a queue of one-shot faults that fire first.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};

use serde::{Deserialize, Serialize};

/// One way to fail. The names are the control endpoint's (`{"fault": "not_operational"}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fault {
    /// Never answer: HTTP keeps the connection open without a response; serial reads and
    /// says nothing.
    NoAnswer,
    /// Main status 5: a status answer says 5; a registration is answered with main status 5
    /// and an empty control code (retry, per the page's table).
    Busy,
    /// Fault 6 / `NAK#006`; status answers main status 4.
    NotOperational,
    /// Fault 10 / `NAK#010`; status answers storage status 2.
    StorageFull,
    /// Fault 7 / `NAK#007`.
    InvalidPosId,
    /// Fault 9 / `NAK#009`.
    LicenceExceeded,
    /// Bytes that are neither XML nor a frame.
    Garbage,
    /// Serial: the first half of the answer's frame, then silence. HTTP: the first half of
    /// the answer's document.
    HalfFrame,
    /// Serial: the right answer with a wrong LRC. HTTP (no LRC there): a corrupted document,
    /// as `garbage`.
    BadLrc,
    /// HTTP 500 with an empty body. Serial (no status line there): as `garbage`.
    #[serde(rename = "http_500")]
    Http500,
}

impl Fault {
    pub const ALL: [Fault; 10] = [
        Fault::NoAnswer,
        Fault::Busy,
        Fault::NotOperational,
        Fault::StorageFull,
        Fault::InvalidPosId,
        Fault::LicenceExceeded,
        Fault::Garbage,
        Fault::HalfFrame,
        Fault::BadLrc,
        Fault::Http500,
    ];

    /// The control endpoint's name (`not_operational`).
    pub fn name(self) -> &'static str {
        match self {
            Fault::NoAnswer => "no_answer",
            Fault::Busy => "busy",
            Fault::NotOperational => "not_operational",
            Fault::StorageFull => "storage_full",
            Fault::InvalidPosId => "invalid_pos_id",
            Fault::LicenceExceeded => "licence_exceeded",
            Fault::Garbage => "garbage",
            Fault::HalfFrame => "half_frame",
            Fault::BadLrc => "bad_lrc",
            Fault::Http500 => "http_500",
        }
    }

    pub fn from_name(name: &str) -> Option<Fault> {
        Fault::ALL.into_iter().find(|f| f.name() == name)
    }
}

#[derive(Debug, Default)]
struct State {
    sticky: Option<Fault>,
    next: VecDeque<Fault>,
}

/// Cheap clone handle on the unit's fault switches.
#[derive(Debug, Clone, Default)]
pub struct Faults(Arc<Mutex<State>>);

impl Faults {
    fn state(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere while holding the lock leaves plain data behind: keep using it.
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Every request gets `fault` until it is set to `None`.
    pub fn set(&self, fault: Option<Fault>) {
        self.state().sticky = fault;
    }

    /// The next `n` requests (of either protocol) get `fault`, before any sticky fault.
    pub fn fail_next(&self, n: usize, fault: Fault) {
        self.state().next.extend(std::iter::repeat_n(fault, n));
    }

    /// Clears the sticky fault and the one-shot queue.
    pub fn clear(&self) {
        let mut s = self.state();
        s.sticky = None;
        s.next.clear();
    }

    /// How many one-shot faults are still armed.
    pub fn pending(&self) -> usize {
        self.state().next.len()
    }

    pub fn sticky(&self) -> Option<Fault> {
        self.state().sticky
    }

    /// The fault for the request now in hand, if any (takes one from the queue).
    pub(crate) fn take(&self) -> Option<Fault> {
        let mut s = self.state();
        s.next.pop_front().or(s.sticky)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_one_shots_fire_before_the_sticky_fault() {
        for f in Fault::ALL {
            assert_eq!(Fault::from_name(f.name()), Some(f));
            let json = serde_json::to_string(&f).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", f.name()));
        }
        let faults = Faults::default();
        faults.set(Some(Fault::Busy));
        faults.fail_next(2, Fault::Garbage);
        assert_eq!(faults.take(), Some(Fault::Garbage));
        assert_eq!(faults.take(), Some(Fault::Garbage));
        assert_eq!(faults.take(), Some(Fault::Busy));
        faults.set(None);
        assert_eq!(faults.take(), None);
    }
}
