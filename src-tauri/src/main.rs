// Keeps a console window from opening next to the till on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    kassa_app::run();
}
