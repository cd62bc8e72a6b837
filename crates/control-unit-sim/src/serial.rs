//! CCSP over a pseudo-terminal: the simulator holds the master and serves frames on it; a
//! till opens the slave (`/dev/pts/N`) as its serial port. The simulator also keeps a slave
//! descriptor open for its whole life, so a till closing the port never hangs the line up
//! (no EIO on the master) and the raw settings survive a reopen.

use std::os::fd::{AsFd, OwnedFd};
use std::path::PathBuf;
use std::sync::Arc;

use nix::fcntl::{FcntlArg, OFlag, fcntl};
use nix::pty::openpty;
use nix::sys::termios::{BaudRate, SetArg, cfmakeraw, cfsetspeed, tcgetattr, tcsetattr};
use tokio::io::Interest;
use tokio::io::unix::AsyncFd;
use tokio::sync::watch;

use crate::ccsp;
use crate::frame;
use crate::shutdown::stopped;
use crate::unit::{Answer, Misbehaviour, Protocol, Unit};

/// A line longer than this without a CR is noise: dropped, so a till cannot grow memory.
const MAX_LINE: usize = 1024;

/// The bytes answered under the `garbage` fault: no `#!#`, ends in CR so a reader returns.
pub(crate) const GARBAGE: &[u8] = b"\x15garbage \xff\xfe not a frame\r";

/// The till's side of the simulator's pty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SerialPort {
    /// `/dev/pts/N`.
    pub path: PathBuf,
}

impl SerialPort {
    /// `serial:///dev/pts/N?baud=9600`.
    pub fn url(&self) -> String {
        format!("serial://{}?baud=9600", self.path.display())
    }
}

/// Why the pty could not be set up.
#[derive(Debug, thiserror::Error)]
#[error("cannot open a pseudo-terminal: {0}")]
pub struct SerialError(#[from] pub std::io::Error);

fn io(e: nix::Error) -> std::io::Error {
    std::io::Error::from(e)
}

/// Opens the pty, sets it raw at 9600 baud, and serves CCSP on it until `stop`.
pub(crate) fn open(
    unit: Arc<Unit>,
    stop: watch::Receiver<bool>,
    runtime: &tokio::runtime::Handle,
) -> Result<SerialPort, SerialError> {
    let pty = openpty(None, None).map_err(io)?;
    let mut termios = tcgetattr(&pty.slave).map_err(io)?;
    cfmakeraw(&mut termios);
    cfsetspeed(&mut termios, BaudRate::B9600).map_err(io)?;
    tcsetattr(&pty.slave, SetArg::TCSANOW, &termios).map_err(io)?;
    let path = nix::unistd::ttyname(&pty.slave).map_err(io)?;
    let flags = fcntl(&pty.master, FcntlArg::F_GETFL).map_err(io)?;
    let flags = OFlag::from_bits_truncate(flags) | OFlag::O_NONBLOCK;
    fcntl(&pty.master, FcntlArg::F_SETFL(flags)).map_err(io)?;
    // AsyncFd registers with the runtime's reactor: enter it, the caller may be outside.
    let _entered = runtime.enter();
    // SAFETY: an OwnedFd is a valid open descriptor that stays open, and its as_raw_fd() is
    // the same number, for as long as the AsyncFd owns it.
    let master = unsafe {
        AsyncFd::register_with_interest(pty.master, Interest::READABLE | Interest::WRITABLE)
    }
    .map_err(|e| SerialError(std::io::Error::from(e)))?;
    runtime.spawn(serve(master, pty.slave, unit, stop));
    Ok(SerialPort { path })
}

async fn serve(
    master: AsyncFd<OwnedFd>,
    slave: OwnedFd,
    unit: Arc<Unit>,
    mut stop: watch::Receiver<bool>,
) {
    let mut line: Vec<u8> = Vec::new();
    let mut buf = [0u8; 256];
    loop {
        let n = tokio::select! {
            n = read(&master, &mut buf) => n,
            _ = stopped(&mut stop) => break,
        };
        // The pty itself failed (or, impossibly while we hold the slave, hung up).
        let Ok(n @ 1..) = n else {
            break;
        };
        for &b in &buf[..n] {
            if b != b'\r' {
                line.push(b);
                if line.len() > MAX_LINE {
                    line.clear();
                }
                continue;
            }
            let taken = std::mem::take(&mut line);
            let Some(frame) = frame_in(&taken) else {
                continue; // a line with no frame in it: noise, ignored
            };
            let answer = unit.answer(Protocol::Ccsp, ccsp::read_frame(frame));
            tracing::debug!(?answer, "ccsp");
            let bytes = answer_bytes(&answer, &unit);
            if !bytes.is_empty() {
                let written = tokio::select! {
                    w = write_all(&master, &bytes) => w,
                    _ = stopped(&mut stop) => break,
                };
                if written.is_err() {
                    break;
                }
            }
        }
    }
    drop(slave);
}

/// The frame in a line: from its last `#!#`, so noise before a frame (a till that gave up
/// halfway and started again) does not spoil it.
fn frame_in(line: &[u8]) -> Option<&[u8]> {
    let start = line.windows(3).rposition(|w| w == b"#!#")?;
    Some(&line[start..])
}

/// The bytes that go back on the line.
fn answer_bytes(answer: &Answer, unit: &Unit) -> Vec<u8> {
    let message = ccsp::answer_message(answer, &unit.identity);
    match answer {
        Answer::Spoiled(Misbehaviour::NoAnswer, _) => Vec::new(),
        Answer::Spoiled(Misbehaviour::Garbage | Misbehaviour::Http500, _) => GARBAGE.to_vec(),
        Answer::Spoiled(Misbehaviour::HalfFrame, _) => {
            let mut f = frame::encode(&message);
            f.truncate(f.len() / 2);
            f
        }
        Answer::Spoiled(Misbehaviour::BadLrc, _) => {
            let mut f = frame::encode(&message);
            let at = f.len() - 2; // the LRC's second digit
            f[at] = if f[at] == b'0' { b'1' } else { b'0' };
            f
        }
        _ => frame::encode(&message),
    }
}

async fn read(master: &AsyncFd<OwnedFd>, buf: &mut [u8]) -> std::io::Result<usize> {
    loop {
        let mut guard = master.readable().await?;
        match guard.try_io(|fd| nix::unistd::read(fd.get_ref().as_fd(), buf).map_err(io)) {
            Ok(Ok(n)) => return Ok(n),
            Ok(Err(e)) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Ok(Err(e)) => return Err(e),
            Err(_would_block) => continue,
        }
    }
}

async fn write_all(master: &AsyncFd<OwnedFd>, mut bytes: &[u8]) -> std::io::Result<()> {
    while !bytes.is_empty() {
        let mut guard = master.writable().await?;
        match guard.try_io(|fd| nix::unistd::write(fd.get_ref(), bytes).map_err(io)) {
            Ok(Ok(n)) => bytes = &bytes[n..],
            Ok(Err(e)) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Ok(Err(e)) => return Err(e),
            Err(_would_block) => continue,
        }
    }
    Ok(())
}
