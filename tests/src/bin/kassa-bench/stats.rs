//! Summaries of a bench's samples.

/// The sample at rank `ceil(q * n)` of the sorted samples (nearest-rank percentile), so the
/// figure is one that was really measured: p95 of 20 samples is the 19th smallest.
pub fn percentile(samples: &[f64], q: f64) -> Option<f64> {
    if samples.is_empty() || !(0.0..=1.0).contains(&q) {
        return None;
    }
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = (q * sorted.len() as f64).ceil().max(1.0) as usize;
    sorted.get(rank - 1).copied()
}

pub fn median(samples: &[f64]) -> Option<f64> {
    percentile(samples, 0.5)
}

pub fn max(samples: &[f64]) -> Option<f64> {
    samples.iter().copied().max_by(f64::total_cmp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p95_of_twenty_is_the_nineteenth_smallest() {
        let samples: Vec<f64> = (1..=20).rev().map(f64::from).collect();
        assert_eq!(percentile(&samples, 0.95), Some(19.0));
        assert_eq!(median(&samples), Some(10.0));
        assert_eq!(max(&samples), Some(20.0));
    }

    #[test]
    fn one_slow_sample_in_twenty_does_not_hide_in_the_p95_of_fewer() {
        let mut samples = vec![10.0; 10];
        samples.push(500.0);
        assert_eq!(percentile(&samples, 0.95), Some(500.0));
    }

    #[test]
    fn no_samples_no_figure() {
        assert_eq!(percentile(&[], 0.95), None);
        assert_eq!(percentile(&[1.0], 1.5), None);
        assert_eq!(max(&[]), None);
    }
}
