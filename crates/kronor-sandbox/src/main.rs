//! `kronor-sandbox`: runs a local Kronor until Ctrl-C / SIGTERM. See the crate README.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use kronor_sandbox::{Sandbox, SandboxConfig};

/// A local Kronor merchant API with a simulated BankID page.
#[derive(Debug, Parser)]
#[command(name = "kronor-sandbox", version)]
struct Args {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:8700")]
    listen: SocketAddr,
    /// Where the SCA page sends the customer afterwards.
    #[arg(long)]
    redirect_url: Option<url::Url>,
    /// Keep state in this SQLite file (survives a restart); default in memory.
    #[arg(long)]
    db: Option<PathBuf>,
    /// Seconds an order waits for SCA before it is cancelled.
    #[arg(long, default_value_t = 600)]
    sca_timeout: u64,
    /// Seconds a Swish payment waits for the customer before it ends as ERROR (TM01).
    #[arg(long, default_value_t = 180)]
    swish_timeout: u64,
    /// Append one JSON line per GraphQL operation to this file.
    #[arg(long)]
    log_requests: Option<PathBuf>,
    /// Seconds between `ka` messages on the legacy `graphql-ws` WebSocket protocol (0: only
    /// the one after `connection_ack`).
    #[arg(long, default_value_t = 5)]
    ws_keep_alive: u64,
}

/// Resolves on the first SIGINT or SIGTERM. The handlers are installed when this is called,
/// before the address lines are printed: a signal sent as soon as they are read must stop the
/// sandbox, not kill it.
fn stop_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let handlers = signal(SignalKind::terminate())
            .and_then(|term| Ok((term, signal(SignalKind::interrupt())?)));
        async move {
            match handlers {
                Ok((mut term, mut int)) => {
                    tokio::select! {
                        _ = term.recv() => {}
                        _ = int.recv() => {}
                    }
                }
                Err(_) => {
                    let _ = tokio::signal::ctrl_c().await;
                }
            }
        }
    }
    #[cfg(not(unix))]
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        .init();
    let args = Args::parse();
    let config = SandboxConfig {
        listen: args.listen,
        redirect_url: args.redirect_url,
        db: args.db,
        sca_timeout: Duration::from_secs(args.sca_timeout),
        swish_timeout: Duration::from_secs(args.swish_timeout),
        request_log: args.log_requests,
        ws_keep_alive: Duration::from_secs(args.ws_keep_alive),
        ..SandboxConfig::default()
    };
    let sandbox = match Sandbox::start(config).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("kronor-sandbox: {e}");
            return ExitCode::FAILURE;
        }
    };
    let stopped = stop_signal();
    let mut out = std::io::stdout().lock();
    let printed = writeln!(out, "graphql: {}", sandbox.graphql_url())
        .and_then(|_| writeln!(out, "sca: {}", sandbox.sca_url()))
        .and_then(|_| writeln!(out, "merchant-token: {}", sandbox.merchant_token()))
        .and_then(|_| out.flush());
    drop(out);
    if printed.is_err() {
        // Nobody is reading our address: still serve, scripts may read it from elsewhere.
        eprintln!("kronor-sandbox: could not write to stdout");
    }
    stopped.await;
    sandbox.shutdown().await;
    ExitCode::SUCCESS
}
