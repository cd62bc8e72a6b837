//! Slowing down wrong PINs: the first few mistakes cost nothing (fingers slip), then each
//! one doubles the wait, up to five minutes. The till never locks for good: a shop must be
//! able to sell again once the wait is over.

use jiff::SignedDuration;

/// Wrong PINs in a row that cost no wait.
pub const FREE_TRIES: u32 = 3;
/// The longest wait between two tries.
pub const LONGEST: SignedDuration = SignedDuration::from_secs(300);

/// How long the till waits after `failures` wrong PINs in a row before it takes another.
pub fn wait_after(failures: u32) -> SignedDuration {
    if failures <= FREE_TRIES {
        return SignedDuration::ZERO;
    }
    let doublings = (failures - FREE_TRIES - 1).min(16);
    let secs = 2_i64.saturating_pow(doublings).saturating_mul(2);
    SignedDuration::from_secs(secs).min(LONGEST)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_after_three_free_tries_and_stops_at_five_minutes() {
        let secs: Vec<i64> = (0..=12).map(|n| wait_after(n).as_secs()).collect();
        assert_eq!(secs, [0, 0, 0, 0, 2, 4, 8, 16, 32, 64, 128, 256, 300]);
        assert_eq!(
            wait_after(u32::MAX),
            LONGEST,
            "never longer, never for good"
        );
    }
}
