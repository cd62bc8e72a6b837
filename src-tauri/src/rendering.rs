//! How the window renders on Linux, and what that costs in memory. The till's screens are
//! forms, lists and a QR code, which WebKitGTK draws in software at full speed, while its
//! GL paths load Mesa (with its `libLLVM`) into the processes that touch GL. On tills
//! without a GPU (thin clients, Xvfb) that GL is Mesa's software rasteriser anyway.
//! `scripts/bench-app.sh` prints the memory per process and per library; what each switch
//! saved is in `src-tauri/README.md`.
//!
//! At start-up ([`use_software_rendering`], environment for this process and the WebKit
//! processes it starts):
//! - no accelerated compositing and no DMA-BUF renderer (WebKit's documented switches): the
//!   web process paints into shared memory instead of GL buffers;
//! - `GDK_GL=disable`: GTK does not open GLX to pick "GL-friendly" visuals for a window that
//!   never draws with GL (that loaded Mesa into `kassa` itself);
//! - `WEBKIT_WEB_RENDER_DEVICE_FILE` names the GPU's render node, so the UI process does not
//!   open an EGL display (Mesa again) only to ask which render node the GPU has. It is the
//!   node WebKit finds itself on a one-GPU till; on a machine without one the name points
//!   nowhere, as WebKit's own empty answer would (the DMA-BUF renderer and WebGL, which
//!   open it, are off anyway);
//! - `JSC_useJIT=0`: JavaScriptCore interprets the page's script instead of compiling it.
//!   The till's script reacts to keys and clicks; the interpreter answers in milliseconds
//!   and the JIT's code and compiler data are a few MiB of the web process.
//!
//! On the main window's webview ([`tune_webview`]): no WebGL, no hardware acceleration,
//! no back/forward page cache, and the document-viewer cache model (one local page: nothing
//! worth keeping decoded in memory).
//!
//! glibc's allocator returns freed memory to the system (a fixed trim threshold) in every
//! process, and `kassa` keeps to two malloc arenas.
//!
//! `KASSA_WEBKIT_GPU=1` keeps all of WebKit's defaults (for a till whose GPU should draw);
//! a variable already set by the user wins over the till's choice.

/// The switch that keeps WebKit's own defaults.
pub const GPU_OPT_IN: &str = "KASSA_WEBKIT_GPU";

/// Where Linux lists DRM devices, and the name of the first render node when there is none.
const DRI_DIR: &str = "/dev/dri";
const FIRST_RENDER_NODE: &str = "/dev/dri/renderD128";

/// The variables the till sets, with their values; the render node is filled in at start.
fn software_env(render_node: String) -> [(&'static str, String); 5] {
    [
        ("WEBKIT_DISABLE_COMPOSITING_MODE", "1".into()),
        ("WEBKIT_DISABLE_DMABUF_RENDERER", "1".into()),
        ("GDK_GL", "disable".into()),
        ("WEBKIT_WEB_RENDER_DEVICE_FILE", render_node),
        ("JSC_useJIT", "0".into()),
    ]
}

/// The variables to set, given whether the user opted into the GPU, which variables are
/// already set, and the render node.
fn to_set(
    gpu_opt_in: bool,
    is_set: impl Fn(&str) -> bool,
    render_node: impl FnOnce() -> String,
) -> Vec<(&'static str, String)> {
    if gpu_opt_in {
        return Vec::new();
    }
    software_env(render_node())
        .into_iter()
        .filter(|(name, _)| !is_set(name))
        .collect()
}

/// The first render node (`renderD128`, `renderD129`, ...) among `names`, as a path; the
/// conventional first name if there is none.
fn first_render_node(names: impl IntoIterator<Item = String>) -> String {
    names
        .into_iter()
        .filter(|name| name.starts_with("renderD"))
        .min_by_key(|name| (name.len(), name.clone()))
        .map_or_else(
            || FIRST_RENDER_NODE.to_string(),
            |name| format!("{DRI_DIR}/{name}"),
        )
}

fn render_node() -> String {
    let names = std::fs::read_dir(DRI_DIR)
        .into_iter()
        .flatten()
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok());
    first_render_node(names)
}

fn gpu_opt_in() -> bool {
    std::env::var_os(GPU_OPT_IN).is_some_and(|v| v == "1")
}

/// glibc's trim threshold (its documented default, 128 KiB), fixed: by default glibc raises
/// it up to 64 MiB as large blocks come and go, and then keeps freed memory at the top of
/// the heap (3 MiB in the web process after start-up) instead of returning it.
const TRIM_THRESHOLD: i32 = 128 * 1024;

/// Sets the variables for this process and the WebKit processes it starts (they inherit
/// the environment), and tunes glibc's allocator here and (through its documented
/// `MALLOC_TRIM_THRESHOLD_`) in the WebKit processes: freed memory goes back to the system,
/// and this process keeps to two arenas (its threads mostly wait; every arena is memory
/// that stays). The allocator tuning is not WebKit's, so it stays with `KASSA_WEBKIT_GPU=1`.
///
/// # Safety
/// Call before any other thread exists (first thing in `main`): changing the environment
/// is only sound while nothing reads it concurrently.
pub unsafe fn use_software_rendering() {
    if !cfg!(target_os = "linux") {
        return;
    }
    let is_set = |name: &str| std::env::var_os(name).is_some();
    let mut set = to_set(gpu_opt_in(), is_set, render_node);
    if !is_set("MALLOC_TRIM_THRESHOLD_") {
        set.push(("MALLOC_TRIM_THRESHOLD_", TRIM_THRESHOLD.to_string()));
    }
    // glibc read its own variables before `main`: this process is tuned directly.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes the allocator's tuning; no other thread runs yet.
    unsafe {
        if !is_set("MALLOC_ARENA_MAX") {
            libc::mallopt(libc::M_ARENA_MAX, 2);
        }
        if !is_set("MALLOC_TRIM_THRESHOLD_") {
            libc::mallopt(libc::M_TRIM_THRESHOLD, TRIM_THRESHOLD);
        }
    }
    for (name, value) in set {
        // SAFETY: the caller guarantees no other thread is running yet.
        unsafe { std::env::set_var(name, value) };
    }
}

/// What [`tune_webview`] sets on a webview.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WebviewTuning {
    pub webgl: bool,
    pub hardware_acceleration: bool,
    pub page_cache: bool,
    pub document_viewer_cache: bool,
}

/// The settings for a webview, given whether the user opted into the GPU (then WebKit's
/// defaults stay).
pub fn webview_tuning(gpu_opt_in: bool) -> Option<WebviewTuning> {
    (!gpu_opt_in).then_some(WebviewTuning {
        webgl: false,
        hardware_acceleration: false,
        page_cache: false,
        document_viewer_cache: true,
    })
}

/// Applies [`webview_tuning`] to the window's webview (Linux; elsewhere nothing). Called from
/// the app's setup for the main window; a failure only costs memory, so it is logged.
pub fn tune_webview<R: tauri::Runtime>(window: &tauri::WebviewWindow<R>) {
    let Some(tuning) = webview_tuning(gpu_opt_in()) else {
        return;
    };
    #[cfg(target_os = "linux")]
    let result = window.with_webview(move |webview| apply(&webview.inner(), tuning));
    #[cfg(not(target_os = "linux"))]
    let result: tauri::Result<()> = {
        let _ = (window, tuning);
        Ok(())
    };
    if let Err(error) = result {
        tracing::warn!(%error, "could not tune the webview; WebKit's defaults stay");
    }
}

#[cfg(target_os = "linux")]
fn apply(webview: &webkit2gtk::WebView, tuning: WebviewTuning) {
    use webkit2gtk::{
        CacheModel, HardwareAccelerationPolicy, SettingsExt, WebContextExt, WebViewExt,
    };
    if let Some(settings) = WebViewExt::settings(webview) {
        settings.set_enable_webgl(tuning.webgl);
        settings.set_enable_page_cache(tuning.page_cache);
        settings.set_hardware_acceleration_policy(if tuning.hardware_acceleration {
            HardwareAccelerationPolicy::Always
        } else {
            HardwareAccelerationPolicy::Never
        });
    }
    if let Some(context) = webview.context() {
        context.set_cache_model(if tuning.document_viewer_cache {
            CacheModel::DocumentViewer
        } else {
            CacheModel::WebBrowser
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(set: &[(&'static str, String)]) -> Vec<&'static str> {
        set.iter().map(|(n, _)| *n).collect()
    }

    #[test]
    fn gl_paths_and_the_jit_are_switched_off_by_default() {
        let set = to_set(false, |_| false, || "/dev/dri/renderD128".into());
        assert_eq!(
            names(&set),
            [
                "WEBKIT_DISABLE_COMPOSITING_MODE",
                "WEBKIT_DISABLE_DMABUF_RENDERER",
                "GDK_GL",
                "WEBKIT_WEB_RENDER_DEVICE_FILE",
                "JSC_useJIT"
            ]
        );
        assert!(set.contains(&("GDK_GL", "disable".to_string())));
        assert!(set.contains(&("JSC_useJIT", "0".to_string())));
    }

    #[test]
    fn the_users_own_setting_wins() {
        let set = to_set(
            false,
            |name| name == "WEBKIT_DISABLE_COMPOSITING_MODE" || name == "GDK_GL",
            || "/dev/dri/renderD128".into(),
        );
        assert_eq!(
            names(&set),
            [
                "WEBKIT_DISABLE_DMABUF_RENDERER",
                "WEBKIT_WEB_RENDER_DEVICE_FILE",
                "JSC_useJIT"
            ]
        );
    }

    #[test]
    fn the_gpu_opt_in_keeps_webkits_defaults() {
        let set = to_set(
            true,
            |_| false,
            || unreachable!("no render node is looked up"),
        );
        assert!(set.is_empty());
        assert_eq!(webview_tuning(true), None);
    }

    #[test]
    fn the_render_node_is_the_gpus_first_one() {
        let found = |names: &[&str]| first_render_node(names.iter().map(|n| n.to_string()));
        assert_eq!(
            found(&["card0", "renderD129", "renderD128", "by-path"]),
            "/dev/dri/renderD128"
        );
        // Numeric order, not text order.
        assert_eq!(found(&["renderD1000", "renderD999"]), "/dev/dri/renderD999");
        // No GPU: the conventional name, which does not exist, as WebKit would find none.
        assert_eq!(found(&["card0"]), "/dev/dri/renderD128");
        assert_eq!(found(&[]), "/dev/dri/renderD128");
    }

    #[test]
    fn the_webview_gets_no_gl_and_no_caches_by_default() {
        let tuning = webview_tuning(false).unwrap();
        assert!(!tuning.webgl && !tuning.hardware_acceleration && !tuning.page_cache);
        assert!(tuning.document_viewer_cache);
    }
}
