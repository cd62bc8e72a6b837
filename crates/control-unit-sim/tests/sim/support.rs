//! Shared helpers: a simulator on 127.0.0.1:0, an HTTP client, the golden files, the page's
//! formulas written again here (control code, LRC) so the tests do not trust the crate's own,
//! and a blocking serial client on the pty's slave. Waiting is on an answer, never a sleep.

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::os::fd::AsFd;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::time::Duration;

use control_unit_sim::{SimConfig, Simulator};
use hmac::{Hmac, KeyInit, Mac};
use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use sha2::Sha256;

/// Safety net so a broken simulator fails a test instead of hanging it.
pub const PATIENCE: Duration = Duration::from_secs(10);

pub const NS: &str = "http://www.retailinnovation.se/xccsp";

/// The page's example record, as the control code signs it.
pub const PAGE_RECORD: &str = "202612071130;5566778899;KASSA1;42;normal;0,00;149,00;25,00;29,80";

pub async fn start() -> Simulator {
    start_with(|_| {}).await
}

pub async fn start_with(f: impl FnOnce(&mut SimConfig)) -> Simulator {
    let mut config = SimConfig::default();
    f(&mut config);
    Simulator::start(config).await.expect("simulator starts")
}

/// A reqwest client that works however the workspace unified reqwest's features.
pub fn client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .timeout(PATIENCE)
        .build()
        .expect("client")
}

pub fn golden(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The page's control code: upper-case hex of HMAC-SHA256, its first 59 characters.
pub fn expected_code(secret: &str, signed: &str) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes()).expect("any key");
    mac.update(signed.as_bytes());
    let bytes = mac.finalize().into_bytes();
    let hex: String = bytes.iter().map(|b| format!("{b:02X}")).collect();
    hex[..59].to_owned()
}

/// POSTs a document to the simulator's XCCSP URL with its credentials.
pub async fn post_xml(sim: &Simulator, body: &str) -> (u16, String) {
    post_xml_to(&sim.xccsp_url(), body).await
}

pub async fn post_xml_to(url: &str, body: &str) -> (u16, String) {
    let resp = client()
        .post(url)
        .header("content-type", "text/xml; charset=utf-8")
        .body(body.to_owned())
        .send()
        .await
        .expect("answered");
    let status = resp.status().as_u16();
    (status, resp.text().await.expect("body"))
}

/// A register request for the page's example with some fields changed.
pub fn register_doc(fields: &[(&str, &str)], vats: &str) -> String {
    let mut record = vec![
        ("IsNewSession", "1"),
        ("SerialNo", "1"),
        ("Date", "202612071130"),
        ("ReceiptId", "42"),
        ("PosId", "KASSA1"),
        ("OrgNo", "5566778899"),
        ("ReceiptTotal", "149,00"),
        ("NegativeTotal", "0,00"),
        ("ReceiptType", "normal"),
    ];
    for (name, value) in fields {
        if let Some(slot) = record.iter_mut().find(|(n, _)| n == name) {
            slot.1 = value;
        }
    }
    let fields: String = record
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(n, v)| format!("<{n}>{v}</{n}>"))
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<request xmlns=\"{NS}\"><type>RegisterReceipt</type><data><Receipt>{fields}<VatList>{vats}</VatList></Receipt></data></request>"
    )
}

pub const PAGE_VAT: &str =
    "<Vat><Class>1</Class><Percentage>25,00</Percentage><Amount>29,80</Amount></Vat>";

/// The text of one element of an answer (no XML library: the answer is compared as bytes
/// elsewhere; this only picks a value out).
pub fn element<'a>(doc: &'a str, name: &str) -> Option<&'a str> {
    let open = format!("<{name}>");
    let close = format!("</{name}>");
    let start = doc.find(&open)? + open.len();
    let end = doc[start..].find(&close)? + start;
    Some(&doc[start..end])
}

/// The page's LRC, written again: XOR of every byte.
pub fn lrc(bytes: &[u8]) -> u8 {
    let mut x = 0u8;
    for b in bytes {
        x ^= b;
    }
    x
}

/// `#!#LLL#<message>#<LRC>\r`, built from the page's rule.
pub fn frame(message: &str) -> Vec<u8> {
    let head = format!("#!#{:03X}#{message}#", 11 + message.len());
    let mut out = head.clone().into_bytes();
    out.extend_from_slice(format!("{:02X}\r", lrc(head.as_bytes())).as_bytes());
    out
}

/// Checks LLL and LRC of an answer frame and returns its message.
pub fn unframe(frame: &[u8]) -> String {
    let text = std::str::from_utf8(frame).expect("a frame is text");
    assert!(text.starts_with("#!#") && text.ends_with('\r'), "{text:?}");
    let lll = usize::from_str_radix(&text[3..6], 16).expect("LLL is hex");
    assert_eq!(lll, frame.len(), "LLL counts the whole frame: {text:?}");
    let body = &frame[..frame.len() - 3];
    let lrc_text = &text[text.len() - 3..text.len() - 1];
    assert_eq!(lrc_text, format!("{:02X}", lrc(body)), "LRC of {text:?}");
    assert_eq!(text.as_bytes()[6], b'#');
    text[7..text.len() - 4].to_owned()
}

/// A till's end of the pty, opened as a plain file.
pub struct Port {
    file: File,
}

impl Port {
    pub fn open(path: &Path) -> Port {
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .custom_flags(nix::fcntl::OFlag::O_NOCTTY.bits())
            .open(path)
            .unwrap_or_else(|e| panic!("open {}: {e}", path.display()));
        Port { file }
    }

    pub fn send(&mut self, bytes: &[u8]) {
        self.file.write_all(bytes).expect("write to the pty");
    }

    /// Reads up to and with the next CR.
    pub fn read_line(&mut self) -> Vec<u8> {
        let mut line = Vec::new();
        while line.last() != Some(&b'\r') {
            line.push(self.read_byte());
        }
        line
    }

    /// Reads exactly `n` bytes.
    pub fn read_exact(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.read_byte()).collect()
    }

    fn read_byte(&mut self) -> u8 {
        let mut fds = [PollFd::new(self.file.as_fd(), PollFlags::POLLIN)];
        let timeout = PollTimeout::try_from(PATIENCE).expect("fits");
        let ready = poll(&mut fds, timeout).expect("poll");
        assert!(ready > 0, "no answer on the pty within {PATIENCE:?}");
        let mut b = [0u8; 1];
        let n = self.file.read(&mut b).expect("read the pty");
        assert_eq!(n, 1, "the pty hung up");
        b[0]
    }

    /// Sends one message framed and answers the answer's frame.
    pub fn ask(&mut self, message: &str) -> Vec<u8> {
        self.send(&frame(message));
        self.read_line()
    }
}

/// The page's RR for its example record, serial number 1.
pub const PAGE_RR: &str =
    "RR#1#202612071130#42#KASSA1#5566778899#149,00#0,00#normal#25,00;29,80###";
