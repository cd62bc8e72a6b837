//! `control-unit-sim`: runs a local control unit until Ctrl-C / SIGTERM. See the README.

use std::io::Write;
use std::net::SocketAddr;
use std::process::ExitCode;

use clap::Parser;
use control_unit_sim::{SimConfig, Simulator};

/// A local CleanCash control unit: XCCSP over HTTP, CCSP over a pty.
#[derive(Debug, Parser)]
#[command(name = "control-unit-sim", version)]
struct Args {
    /// Address to listen on (XCCSP and /control/*); port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:0")]
    listen: SocketAddr,
    /// Also serve CCSP on a pseudo-terminal.
    #[arg(long)]
    serial: bool,
    /// The unit's manufacturing number.
    #[arg(long, default_value = "CCSIM000000000001")]
    unit_id: String,
    /// XCCSP Basic auth user.
    #[arg(long, default_value = "kassa")]
    user: String,
    /// XCCSP Basic auth password.
    #[arg(long, default_value = "kassa")]
    password: String,
    /// The control code's HMAC key.
    #[arg(long, default_value = "kassa-simulator")]
    secret: String,
}

/// Resolves on the first SIGINT or SIGTERM. Built (the handlers installed) before the
/// endpoint lines are printed, so a signal sent as soon as they are read is not fatal.
fn stop_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate())?;
    let mut int = signal(SignalKind::interrupt())?;
    Ok(async move {
        tokio::select! {
            _ = int.recv() => {}
            _ = term.recv() => {}
        }
    })
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        .init();
    let args = Args::parse();
    let stopped = match stop_signal() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("control-unit-sim: cannot watch for signals: {e}");
            return ExitCode::FAILURE;
        }
    };
    let config = SimConfig {
        listen: args.listen,
        serial: args.serial,
        unit_id: args.unit_id,
        user: args.user,
        password: args.password,
        secret: args.secret,
        ..SimConfig::default()
    };
    let sim = match Simulator::start(config).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("control-unit-sim: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut out = std::io::stdout().lock();
    let mut printed = writeln!(out, "xccsp {}", sim.xccsp_url());
    if let Some(port) = sim.serial_port() {
        printed = printed.and_then(|_| writeln!(out, "serial {}", port.path.display()));
    }
    let printed = printed
        .and_then(|_| writeln!(out, "control {}/control", sim.control_url()))
        .and_then(|_| out.flush());
    drop(out);
    if printed.is_err() {
        eprintln!("control-unit-sim: could not write to stdout");
    }
    stopped.await;
    sim.shutdown().await;
    ExitCode::SUCCESS
}
