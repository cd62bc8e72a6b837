//! The till killed with SIGKILL during receipt output, a return, a Z report and a CSV
//! import, then restarted on the same database file: each must resume with nothing lost or
//! doubled. Like `checkout_sigkill`, this binary is both the parent (the test) and the child
//! till processes it kills; each module is one operation with its own `parent` and `child`.
//!
//! Exact kill points (the child prints `PAUSED <point>` there and blocks): receipt output and
//! the return. Not exact (the child prints `STARTING` right before the operation and the kill
//! lands wherever it has got to): the Z report and the CSV import, each one SQLite
//! transaction with no seam inside, so the assertions hold wherever the kill lands.
//!
//! `cargo test -p kassa --test sigkill -- receipt z_report` runs only the named scenarios.

#[path = "../checkout_support/mod.rs"]
mod checkout_support;
mod csv_import;
#[path = "../kill_support/mod.rs"]
mod kill_support;
mod receipt;
mod returns;
#[path = "../support/mod.rs"]
mod support;
mod wal_watch;
mod z_report;

use kill_support::CHILD;

const SCENARIOS: [&str; 4] = ["receipt", "returns", "z_report", "csv_import"];

fn main() {
    let runtime = kill_support::runtime();
    if let Ok(role) = std::env::var(CHILD) {
        let outcome = runtime.block_on(child(&role));
        if let Err(error) = &outcome {
            println!("ERROR {error}");
        }
        std::process::exit(i32::from(outcome.is_err()) * 2);
    }
    let asked: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    for scenario in SCENARIOS {
        if asked.is_empty() || asked.iter().any(|a| scenario.contains(a.as_str())) {
            runtime.block_on(parent(scenario));
            println!("test sigkill::{scenario} ... ok");
        }
    }
}

async fn parent(scenario: &str) {
    match scenario {
        "receipt" => receipt::parent().await,
        "returns" => returns::parent().await,
        "z_report" => z_report::parent().await,
        _ => csv_import::parent().await,
    }
}

async fn child(role: &str) -> Result<(), String> {
    match role {
        "receipt" => receipt::child().await,
        "returns" => returns::child().await,
        "z_report" => z_report::child().await,
        "csv_import" => csv_import::child().await,
        other => Err(format!("no child role {other}")),
    }
}
