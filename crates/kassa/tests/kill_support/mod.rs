//! Shared by the SIGKILL suites: the test binary runs itself as a child till process, reads
//! the child's stdout line by line, and kills it with SIGKILL once it printed where it is.
//! The child pauses by blocking for ever, so a kill lands at that point without sleeping.
#![allow(dead_code)]

use std::fmt::Display;
use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;

use kronor::{Client, ClientConfig, Environment, MerchantToken};
use kronor_sandbox::Sandbox;
use tokio::io::{AsyncBufReadExt, BufReader, Lines};
use tokio::process::{Child, ChildStdout, Command};

use crate::checkout_support::InstantSleeper;

/// Set in a child: which till process to be.
pub const CHILD: &str = "KASSA_KILL_CHILD";
/// Set in a child: the point to print `PAUSED <point>` at and block.
pub const PAUSE_AT: &str = "KASSA_KILL_PAUSE_AT";

/// A hang is turned into a failure after this long.
const PATIENCE: Duration = Duration::from_secs(60);

/// The runtime of both sides: two workers, like the till.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime")
}

/// An environment variable of the child, empty when unset.
pub fn var(name: &str) -> String {
    std::env::var(name).unwrap_or_default()
}

/// An error as the line a child prints before exiting.
pub fn text(error: impl Display) -> String {
    error.to_string()
}

/// In a child: prints `PAUSED <point>` and blocks for ever if the parent asked to stop here.
pub async fn pause(point: &str) {
    if var(PAUSE_AT) == point {
        println!("PAUSED {point}");
        std::future::pending::<()>().await;
    }
}

/// In a child: prints `HOLD <point>` and waits for a line on stdin if the parent asked to
/// hold here, so the parent can get ready (see `kill_at_commit`) before the child goes on.
pub fn hold(point: &str) -> std::io::Result<()> {
    if var(PAUSE_AT) == point {
        println!("HOLD {point}");
        std::io::stdin().read_line(&mut String::new())?;
    }
    Ok(())
}

/// This binary again, as the child till process `role`.
pub fn own_command(role: &str) -> Command {
    let mut command = Command::new(std::env::current_exe().expect("own path"));
    command
        .env(CHILD, role)
        .env_remove(PAUSE_AT)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .kill_on_drop(true);
    command
}

/// Points a child's Kronor client at `sandbox`; the child builds it with [`child_client`].
pub fn with_sandbox(command: &mut Command, sandbox: &Sandbox) {
    command
        .env("KASSA_CHILD_GRAPHQL", sandbox.graphql_url().as_str())
        .env("KASSA_CHILD_SCA", sandbox.sca_url().as_str())
        .env("KASSA_CHILD_TOKEN", sandbox.merchant_token());
}

/// In a child: the Kronor client [`with_sandbox`] described, with instant backoffs.
pub fn child_client() -> Result<Client, String> {
    let graphql_url = var("KASSA_CHILD_GRAPHQL").parse().map_err(text)?;
    let sca_url = var("KASSA_CHILD_SCA").parse().map_err(text)?;
    let mut config = ClientConfig::new(
        Environment::Custom {
            graphql_url,
            sca_url,
            swish_page: None,
        },
        MerchantToken::new(var("KASSA_CHILD_TOKEN")),
    );
    config.sleeper = Arc::new(InstantSleeper::default());
    Client::new(config).map_err(text)
}

/// A running child and its stdout.
pub struct Spawned {
    pub child: Child,
    lines: Lines<BufReader<ChildStdout>>,
}

impl Spawned {
    pub fn start(mut command: Command) -> Spawned {
        let mut child = command.spawn().expect("child starts");
        let stdout = child.stdout.take().expect("stdout");
        Spawned {
            child,
            lines: BufReader::new(stdout).lines(),
        }
    }

    /// The child's next line starting with `prefix`; an `ERROR` line before it fails.
    pub async fn expect_line(&mut self, prefix: &str) -> String {
        let read = async {
            while let Ok(Some(line)) = self.lines.next_line().await {
                if line.starts_with(prefix) {
                    return line;
                }
                assert!(!line.starts_with("ERROR"), "child: {line}");
            }
            panic!("child ended before printing {prefix}");
        };
        tokio::time::timeout(PATIENCE, read)
            .await
            .expect("child answers")
    }

    /// SIGKILL, then reaps the child.
    pub async fn kill(mut self) {
        self.child.start_kill().expect("SIGKILL");
        let status = self.child.wait().await.expect("reaped");
        assert!(!status.success(), "killed, not exited");
    }

    /// Waits for the child to exit on its own, successfully.
    pub async fn exits_ok(mut self) {
        let status = tokio::time::timeout(PATIENCE, self.child.wait())
            .await
            .expect("child exits")
            .expect("reaped");
        assert!(status.success(), "child failed: {status}");
    }
}

/// The one-line result of a scenario.
pub fn report(scenario: &str, runs: usize, kills: usize, found: &str, goal: &str) {
    println!(
        "{scenario} SIGKILL suite | {runs} runs, {kills} kills | found: {found} | goal: {goal}"
    );
}
