//! What the bench binaries share: one line per figure, beside its goal.

use std::time::Duration;

/// Prints p50 and p99 of `samples` beside `goal`.
pub fn report(what: &str, mut samples: Vec<Duration>, goal: &str) {
    samples.sort();
    let pick = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    println!(
        "{what:<44} p50 {:>10.2?}  p99 {:>10.2?}  goal {goal}  ({} runs)",
        pick(0.5),
        pick(0.99),
        samples.len()
    );
}
