// Declares the app's own commands so capabilities can grant them per window
// (`allow-app-info`, ...); a command not in the one list cannot be invoked at all.
include!("src/commands/list.rs");

macro_rules! command_names {
    ($($module:ident :: $name:ident),* $(,)?) => {
        [$(stringify!($name)),*]
    };
}

fn main() {
    println!("cargo:rerun-if-changed=src/commands/list.rs");
    let commands: &'static [&'static str] = &with_commands!(command_names);
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(commands)),
    )
    .expect("tauri build script failed");
}
