//! The `control-unit-sim` binary: its printed lines, one request per protocol, SIGTERM.

use std::path::PathBuf;
use std::process::Stdio;

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binary_prints_its_endpoints_serves_both_protocols_and_exits_0_on_sigterm() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_control-unit-sim"))
        .args([
            "--listen",
            "127.0.0.1:0",
            "--serial",
            "--unit-id",
            "CCBIN0000042",
        ])
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("binary runs");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let mut next = async || {
        tokio::time::timeout(PATIENCE, lines.next_line())
            .await
            .expect("a line in time")
            .expect("read")
            .expect("a line")
    };
    let xccsp = next().await;
    let serial = next().await;
    let control = next().await;
    let url = xccsp.strip_prefix("xccsp ").expect("xccsp line").to_owned();
    assert!(
        url.starts_with("http://kassa:kassa@127.0.0.1:") && url.ends_with("/xccsp"),
        "{url}"
    );
    let path = PathBuf::from(serial.strip_prefix("serial ").expect("serial line"));
    assert!(path.starts_with("/dev/pts/"), "{serial}");
    assert!(
        control.starts_with("control http://127.0.0.1:"),
        "{control}"
    );

    let (status, body) = post_xml_to(&url, &golden("xccsp/identity-request.xml")).await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        golden("xccsp/identity-response.xml").replace("CCSIM000000000001", "CCBIN0000042")
    );
    let sir = tokio::task::spawn_blocking(move || Port::open(&path).ask("SIQ"))
        .await
        .expect("serial client");
    assert_eq!(unframe(&sir), "SIR#0#0");

    let pid = Pid::from_raw(child.id().expect("running") as i32);
    kill(pid, Signal::SIGTERM).expect("signal");
    let status = tokio::time::timeout(PATIENCE, child.wait())
        .await
        .expect("exits in time")
        .expect("waited");
    assert_eq!(status.code(), Some(0), "{status:?}");
}

#[tokio::test]
async fn binary_refuses_bad_flags() {
    let out = Command::new(env!("CARGO_BIN_EXE_control-unit-sim"))
        .args(["--listen", "not-an-address"])
        .output()
        .await
        .expect("runs");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--listen"));
}

#[tokio::test]
async fn a_sigint_sent_as_soon_as_the_first_line_is_read_exits_0() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_control-unit-sim"))
        .args(["--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("binary runs");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let first = tokio::time::timeout(PATIENCE, lines.next_line())
        .await
        .expect("a line in time")
        .expect("read")
        .expect("a line");
    assert!(first.starts_with("xccsp http://"), "{first}");
    let pid = Pid::from_raw(child.id().expect("running") as i32);
    kill(pid, Signal::SIGINT).expect("signal");
    let status = tokio::time::timeout(PATIENCE, child.wait())
        .await
        .expect("exits in time")
        .expect("waited");
    assert_eq!(status.code(), Some(0), "{status:?}");
}
