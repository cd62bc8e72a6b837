//! The sandbox's sense of time. Every timer (SCA timeout, token expiry, `enteredAt`) reads this
//! clock, so tests can use [`Clock::manual`] and [`Clock::advance`] instead of sleeping.

use std::sync::Arc;
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use tokio::sync::watch;

/// Wall clock or a hand-driven one; cheap to clone (all clones share one time).
#[derive(Clone)]
pub struct Clock(Arc<Inner>);

enum Inner {
    System,
    /// The watch both stores "now" and wakes everyone sleeping on it when it moves.
    Manual(watch::Sender<Timestamp>),
}

impl Clock {
    /// The machine's real time.
    pub fn system() -> Clock {
        Clock(Arc::new(Inner::System))
    }

    /// A clock that stands still at `start` until [`Clock::advance`] moves it.
    pub fn manual(start: Timestamp) -> Clock {
        Clock(Arc::new(Inner::Manual(watch::channel(start).0)))
    }

    /// The current time.
    pub fn now(&self) -> Timestamp {
        match &*self.0 {
            Inner::System => Timestamp::now(),
            Inner::Manual(now) => *now.borrow(),
        }
    }

    /// Moves a manual clock forward and wakes every timer that is now due. No effect on the
    /// system clock.
    pub fn advance(&self, by: Duration) {
        if let Inner::Manual(now) = &*self.0 {
            let by = SignedDuration::try_from(by).unwrap_or(SignedDuration::MAX);
            now.send_modify(|t| *t = t.saturating_add(by).unwrap_or(Timestamp::MAX));
        }
    }

    /// Waits until the clock reads `deadline` or later.
    pub async fn sleep_until(&self, deadline: Timestamp) {
        match &*self.0 {
            Inner::System => {
                let left = deadline.duration_since(Timestamp::now());
                if left.is_positive() {
                    tokio::time::sleep(left.unsigned_abs()).await;
                }
            }
            Inner::Manual(now) => {
                let mut rx = now.subscribe();
                // The sender lives as long as this clock, which `self` keeps alive.
                let _ = rx.wait_for(|now| *now >= deadline).await;
            }
        }
    }
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &*self.0 {
            Inner::System => f.write_str("Clock::system"),
            Inner::Manual(now) => write!(f, "Clock::manual({})", *now.borrow()),
        }
    }
}

/// Kronor's wire format for `timestamptz`: `2026-01-01T00:00:00.000000+00:00`.
pub(crate) fn wire_timestamp(ts: Timestamp) -> String {
    ts.strftime("%Y-%m-%dT%H:%M:%S%.6f+00:00").to_string()
}
