//! The CCSP client against the wire page on a real pseudo-terminal: the test's peer reads
//! frames from the master side and writes canned answers; the client opens the slave path.

mod control_unit_support;

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::OwnedFd;
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use control_unit_support::{example_record, golden};
use kassa::control_unit::ccsp::{CcspClient, frame};
use kassa::control_unit::{
    Action, ControlUnit, FaultCode, MainStatus, ReceiptType, Record, StorageStatus, UnitErrorKind,
};
use nix::sys::termios::{SetArg, cfmakeraw, tcgetattr, tcsetattr};

fn record() -> Record {
    example_record(42, ReceiptType::Normal)
}

/// A scripted unit on the master side of a pseudo-terminal.
struct Peer {
    path: String,
    done: mpsc::Sender<()>,
    thread: JoinHandle<Vec<Vec<u8>>>,
    // The slave stays open for the whole test, so the line never hangs up under the client.
    _slave: OwnedFd,
}

impl Peer {
    /// Answers each request frame with the next of `answers`, then waits until told to stop.
    fn start(answers: Vec<Vec<u8>>) -> Peer {
        let pty = nix::pty::openpty(None, None).unwrap();
        let mut mode = tcgetattr(&pty.slave).unwrap();
        cfmakeraw(&mut mode);
        tcsetattr(&pty.slave, SetArg::TCSANOW, &mode).unwrap();
        let path = nix::unistd::ttyname(&pty.slave)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let (done, stop) = mpsc::channel();
        let mut master = File::from(pty.master);
        let thread = std::thread::spawn(move || {
            let mut requests = Vec::new();
            for answer in answers {
                let mut request = Vec::new();
                let mut byte = [0u8; 1];
                while request.last() != Some(&b'\r') {
                    master.read_exact(&mut byte).unwrap();
                    request.push(byte[0]);
                }
                requests.push(request);
                master.write_all(&answer).unwrap();
                master.flush().unwrap();
            }
            // Keep the master open (no hang-up) until the test has its answers.
            let _ = stop.recv();
            requests
        });
        Peer {
            path,
            done,
            thread,
            _slave: pty.slave,
        }
    }

    fn finish(self) -> Vec<Vec<u8>> {
        self.done.send(()).unwrap();
        self.thread.join().unwrap()
    }
}

fn client(path: &str, timeout: Duration) -> CcspClient {
    CcspClient::new(path, 9600, timeout)
}

#[test]
fn golden_frames_decode_and_the_requests_encode_byte_for_byte() {
    assert_eq!(
        frame::encode(&["SIQ"]).unwrap(),
        golden("ccsp_siq_request.frame")
    );
    assert_eq!(
        frame::encode(&["IQ"]).unwrap(),
        golden("ccsp_iq_request.frame")
    );
    let rr = kassa::control_unit::ccsp::register_fields(&record(), 1);
    assert_eq!(frame::encode(&rr).unwrap(), golden("ccsp_rr_request.frame"));
    assert_eq!(
        frame::decode(&golden("ccsp_sir_answer.frame")).unwrap(),
        ["SIR", "0", "0"]
    );
    assert_eq!(
        frame::decode(&golden("ccsp_nak_006.frame")).unwrap(),
        ["NAK", "006"]
    );
}

#[tokio::test]
async fn status_identity_and_register_on_a_pseudo_terminal() {
    let peer = Peer::start(vec![
        golden("ccsp_sir_answer.frame"),
        golden("ccsp_ir_answer.frame"),
        golden("ccsp_rr_answer.frame"),
    ]);
    let unit: std::sync::Arc<dyn ControlUnit> =
        std::sync::Arc::new(client(&peer.path, Duration::from_secs(2)));
    let s = unit.status().await.unwrap();
    assert_eq!((s.main, s.storage), (MainStatus::Ok, StorageStatus::Ok));
    let i = unit.identity().await.unwrap();
    assert_eq!(i.unit_id, "CCSIM000000000001");
    assert_eq!(i.protocol_version.as_deref(), Some("2"));
    assert_eq!(i.firmware, "2.1.0");
    let r = unit.register(&record()).await.unwrap();
    assert_eq!(r.control_code, "3F9A0C1D2E4B5A69788796A5B4C3D2E1F0011223");
    assert_eq!(r.unit_id, "CCSIM000000000001");
    assert!(r.status.is_operational());
    let requests = peer.finish();
    assert_eq!(
        requests,
        [
            golden("ccsp_siq_request.frame"),
            golden("ccsp_iq_request.frame"),
            golden("ccsp_rr_request.frame"),
        ]
    );
}

#[tokio::test]
async fn every_nak_code_has_the_failure_tables_action() {
    let cases = [
        ("001", Action::Retry),
        ("002", Action::FixData),
        ("003", Action::FixData),
        ("004", Action::FixData),
        ("006", Action::StopSelling),
        ("007", Action::FixData),
        ("008", Action::Retry),
        ("009", Action::StopSelling),
        ("010", Action::StopSelling),
        ("011", Action::FixData),
    ];
    let peer = Peer::start(
        cases
            .iter()
            .map(|(c, _)| golden(&format!("ccsp_nak_{c}.frame")))
            .collect(),
    );
    let unit = client(&peer.path, Duration::from_secs(2));
    for (code, action) in cases {
        let e = unit.register(&record()).await.unwrap_err();
        let number: u16 = code.parse().unwrap();
        assert_eq!(e.fault_code(), Some(FaultCode::Ccsp(number)), "NAK {code}");
        assert_eq!(e.action(), action, "NAK {code}");
    }
    let requests = peer.finish();
    // Each RR carries the next serial number, the record unchanged.
    assert!(requests[0].starts_with(b"#!#053#RR#1#2026"));
    assert!(requests[9].starts_with(b"#!#054#RR#10#2026"));
}

#[tokio::test]
async fn a_wrong_lrc_garbage_and_half_a_frame_are_retry() {
    let mut wrong_lrc = golden("ccsp_sir_answer.frame");
    let n = wrong_lrc.len();
    wrong_lrc[n - 2] = if wrong_lrc[n - 2] == b'0' { b'1' } else { b'0' };
    let peer = Peer::start(vec![
        wrong_lrc,
        b"garbage\r".to_vec(),
        b"#!#012#SIR#0".to_vec(),
    ]);
    let unit = client(&peer.path, Duration::from_millis(300));
    for want in [
        UnitErrorKind::Garbled,
        UnitErrorKind::Garbled,
        UnitErrorKind::Timeout,
    ] {
        let e = unit.status().await.unwrap_err();
        assert_eq!((e.kind(), e.action()), (&want, Action::Retry), "{e}");
    }
    assert!(
        peer.finish()
            .iter()
            .all(|r| r == &golden("ccsp_siq_request.frame"))
    );
}

#[tokio::test]
async fn nothing_at_the_path_or_not_a_serial_device_is_a_clear_error() {
    let e = client("/nonexistent/ttyUSB9", Duration::from_millis(300))
        .status()
        .await
        .unwrap_err();
    assert_eq!(
        (e.kind(), e.action()),
        (&UnitErrorKind::Unreachable, Action::Retry)
    );
    let file = tempfile::NamedTempFile::new().unwrap();
    let e = client(&file.path().to_string_lossy(), Duration::from_millis(300))
        .status()
        .await
        .unwrap_err();
    assert_eq!(
        (e.kind(), e.action()),
        (&UnitErrorKind::Port, Action::FixData)
    );
    let e = client("/dev/null", Duration::from_millis(300))
        .status()
        .await
        .unwrap_err();
    assert_eq!(
        (e.kind(), e.action()),
        (&UnitErrorKind::Port, Action::FixData),
        "{e}"
    );
}

#[tokio::test]
async fn connect_opens_a_serial_address() {
    let peer = Peer::start(vec![golden("ccsp_sir_answer.frame")]);
    let unit = kassa::control_unit::connect(&format!("serial://{}?baud=9600", peer.path)).unwrap();
    assert!(unit.status().await.unwrap().is_operational());
    peer.finish();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_requests_take_turns_on_the_line() {
    let peer = Peer::start(vec![golden("ccsp_sir_answer.frame"); 8]);
    let unit = std::sync::Arc::new(client(&peer.path, Duration::from_secs(2)));
    let calls: Vec<_> = (0..8)
        .map(|_| {
            let unit = std::sync::Arc::clone(&unit);
            tokio::spawn(async move { unit.status().await })
        })
        .collect();
    for call in calls {
        assert!(call.await.unwrap().unwrap().is_operational());
    }
    // Eight whole frames, none interleaved with another.
    assert_eq!(peer.finish(), vec![golden("ccsp_siq_request.frame"); 8]);
}
