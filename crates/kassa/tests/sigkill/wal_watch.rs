//! Wakes at the first write to a database's write-ahead log (Linux inotify), so a kill lands
//! while SQLite is committing a transaction there.

use std::ffi::CString;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use tokio::io::AsyncWriteExt;
use tokio::io::unix::AsyncFd;

use crate::kill_support::Spawned;

/// Kills `child`, which holds at `HOLD commit` (`kill_support::hold`), at its first write
/// to the log of `db` after it was told to go on.
pub async fn kill_at_commit(mut child: Spawned, db: &Path) {
    child.expect_line("HOLD commit").await;
    let watch = WalWatch::new(db);
    let mut stdin = child.child.stdin.take().expect("stdin");
    stdin.write_all(b"go\n").await.expect("go on");
    let written = tokio::time::timeout(std::time::Duration::from_secs(60), watch.written());
    written.await.expect("the child commits");
    child.kill().await;
}

/// Size of `struct inotify_event` before its name.
const EVENT_HEAD: usize = 16;

pub struct WalWatch {
    fd: AsyncFd<OwnedFd>,
    wal_name: Vec<u8>,
}

impl WalWatch {
    /// Watches the folder of `db` for writes to `<db>-wal` from now on.
    pub fn new(db: &Path) -> WalWatch {
        let folder = db.parent().expect("a folder").as_os_str().as_bytes();
        let folder = CString::new(folder).expect("no NUL in the path");
        // SAFETY: a new descriptor, owned at once; the path is a valid C string.
        let fd = unsafe {
            let raw = libc::inotify_init1(libc::IN_NONBLOCK | libc::IN_CLOEXEC);
            assert!(raw >= 0, "inotify: {}", std::io::Error::last_os_error());
            OwnedFd::from_raw_fd(raw)
        };
        // SAFETY: `fd` is an open inotify descriptor.
        let watch =
            unsafe { libc::inotify_add_watch(fd.as_raw_fd(), folder.as_ptr(), libc::IN_MODIFY) };
        assert!(
            watch >= 0,
            "inotify watch: {}",
            std::io::Error::last_os_error()
        );
        let mut wal_name = db.file_name().expect("a file").as_bytes().to_vec();
        wal_name.extend_from_slice(b"-wal");
        // SAFETY: the watch owns `fd` and never replaces or closes it while registered.
        let fd = unsafe { AsyncFd::register(fd) }.expect("registered with tokio");
        WalWatch { fd, wal_name }
    }

    /// Returns once the log has been written to.
    pub async fn written(&self) {
        let mut buf = [0u8; 4096];
        loop {
            let mut ready = self.fd.readable().await.expect("inotify readable");
            let Ok(read) = ready.try_io(|fd| {
                // SAFETY: reads into `buf`, at most its length.
                let n = unsafe { libc::read(fd.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len()) };
                usize::try_from(n).map_err(|_| std::io::Error::last_os_error())
            }) else {
                continue;
            };
            let n = read.expect("inotify read");
            let mut at = 0;
            while at + EVENT_HEAD <= n {
                let len = u32::from_ne_bytes(buf[at + 12..at + 16].try_into().expect("4 bytes"));
                let name = &buf[at + EVENT_HEAD..at + EVENT_HEAD + len as usize];
                if name.split(|b| *b == 0).next() == Some(&self.wal_name[..]) {
                    return;
                }
                at += EVENT_HEAD + len as usize;
            }
        }
    }
}
