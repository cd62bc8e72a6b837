// Declares the app's own commands so capabilities can grant them per window
// (`allow-app-info`, ...); a command not listed here cannot be invoked at all.
const COMMANDS: &[&str] = &[
    "app_info",
    "credentials_status",
    "save_token",
    "remove_token",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build script failed");
}
