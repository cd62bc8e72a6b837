//! How the window renders on Linux: WebKitGTK without accelerated compositing and without
//! its DMA-BUF renderer. The till's screens are forms, lists and a QR code, which software
//! rendering draws at full speed, while the GL path made the app's idle memory about 90 MiB
//! larger (Mesa and compositor buffers in WebKitWebProcess; `scripts/bench-app.sh` prints
//! the breakdown per process). On tills without a GPU (thin clients, Xvfb) that GL path is
//! Mesa's software rasteriser anyway.
//!
//! `KASSA_WEBKIT_GPU=1` keeps WebKit's defaults; a variable already set by the user wins.

/// The switch that keeps WebKit's own rendering defaults.
pub const GPU_OPT_IN: &str = "KASSA_WEBKIT_GPU";

/// WebKitGTK's documented environment switches, as the till sets them.
const SOFTWARE: [(&str, &str); 2] = [
    ("WEBKIT_DISABLE_COMPOSITING_MODE", "1"),
    ("WEBKIT_DISABLE_DMABUF_RENDERER", "1"),
];

/// The variables to set, given whether the user opted into the GPU and which variables are
/// already set.
fn to_set(gpu_opt_in: bool, is_set: impl Fn(&str) -> bool) -> Vec<(&'static str, &'static str)> {
    if gpu_opt_in {
        return Vec::new();
    }
    SOFTWARE
        .into_iter()
        .filter(|(name, _)| !is_set(name))
        .collect()
}

/// Sets the variables for this process and the WebKit processes it starts (they inherit
/// the environment).
///
/// # Safety
/// Call before any other thread exists (first thing in `main`): changing the environment
/// is only sound while nothing reads it concurrently.
pub unsafe fn use_software_rendering() {
    if !cfg!(target_os = "linux") {
        return;
    }
    let gpu_opt_in = std::env::var_os(GPU_OPT_IN).is_some_and(|v| v == "1");
    for (name, value) in to_set(gpu_opt_in, |name| std::env::var_os(name).is_some()) {
        // SAFETY: the caller guarantees no other thread is running yet.
        unsafe { std::env::set_var(name, value) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compositing_and_dmabuf_are_switched_off_by_default() {
        let names: Vec<_> = to_set(false, |_| false)
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(
            names,
            [
                "WEBKIT_DISABLE_COMPOSITING_MODE",
                "WEBKIT_DISABLE_DMABUF_RENDERER"
            ]
        );
    }

    #[test]
    fn the_users_own_setting_wins() {
        let set = to_set(false, |name| name == "WEBKIT_DISABLE_COMPOSITING_MODE");
        assert_eq!(set, [("WEBKIT_DISABLE_DMABUF_RENDERER", "1")]);
    }

    #[test]
    fn the_gpu_opt_in_keeps_webkits_defaults() {
        assert!(to_set(true, |_| false).is_empty());
    }
}
