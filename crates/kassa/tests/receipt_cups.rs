//! A real CUPS queue: the test starts its own cupsd (private config, spool and socket in a
//! temporary folder), adds a queue whose device is the test receipt printer on 127.0.0.1
//! (CUPS's own `socket://` backend, as for a JetDirect printer), prints a receipt with
//! `lp -o raw` and decodes what reached the printer. cupsd and lp come from `scripts/setup.sh
//! test` (packages cups and cups-client).

mod support;

use std::io::{BufRead, BufReader, Read};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use kassa::print::Printer;
use kassa::receipt::ReceiptOptions;
use kassa::receipt::escpos::{self, Paper};
use support::{cafe_sale, noon, temp_db};

/// A private cupsd, stopped when dropped.
struct Cupsd {
    child: Child,
    socket: String,
}

impl Cupsd {
    fn start(root: &Path) -> Cupsd {
        for dir in ["spool", "cache", "state", "run"] {
            std::fs::create_dir_all(root.join(dir)).unwrap();
        }
        let r = root.display();
        let socket = format!("{r}/run/cups.sock");
        std::fs::write(
            root.join("cupsd.conf"),
            format!(
                "Listen {socket}\nLogLevel info\nWebInterface No\nBrowsing No\n\
                 <Location />\n  Order allow,deny\n  Allow all\n</Location>\n\
                 <Location /admin>\n  Order allow,deny\n  Allow all\n</Location>\n"
            ),
        )
        .unwrap();
        std::fs::write(
            root.join("cups-files.conf"),
            format!(
                "ServerRoot {r}\nRequestRoot {r}/spool\nCacheDir {r}/cache\nStateDir {r}/state\n\
                 Printcap {r}/printcap\nErrorLog stderr\nAccessLog stderr\nPageLog stderr\n"
            ),
        )
        .unwrap();
        let mut child = Command::new("/usr/sbin/cupsd")
            .arg("-f")
            .arg("-c")
            .arg(root.join("cupsd.conf"))
            .arg("-s")
            .arg(root.join("cups-files.conf"))
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("cupsd (package cups) is installed by scripts/setup.sh test");
        // Ready once it logs that it listens on the socket; the log is read until then and
        // drained afterwards so cupsd never blocks on a full pipe.
        let (ready_tx, ready) = mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        thread::spawn(move || {
            let mut lines = BufReader::new(stderr).lines();
            for line in lines.by_ref().map_while(Result::ok) {
                if line.contains("Listening to") {
                    let _ = ready_tx.send(());
                    break;
                }
            }
            for _ in lines {}
        });
        ready
            .recv_timeout(Duration::from_secs(20))
            .expect("cupsd started");
        Cupsd { child, socket }
    }

    fn add_queue(&self, name: &str, device: &str) {
        let status = Command::new("lpadmin")
            .args(["-h", &self.socket, "-p", name, "-E", "-v", device])
            .status()
            .expect("lpadmin");
        assert!(status.success(), "lpadmin failed");
    }
}

impl Drop for Cupsd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn a_receipt_printed_through_a_real_cups_queue_reaches_the_printer() {
    let (dir, db) = temp_db();
    let sale = cafe_sale(&db);
    let receipt = db
        .receipt_original(sale.id, ReceiptOptions::default(), noon())
        .unwrap();
    let bytes = escpos::render(&receipt.layout(), Paper::Mm58);

    let printer = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = printer.local_addr().unwrap().port();
    let (job_tx, job) = mpsc::channel();
    thread::spawn(move || {
        if let Ok((mut conn, _)) = printer.accept() {
            let mut got = Vec::new();
            if conn.read_to_end(&mut got).is_ok() {
                let _ = job_tx.send(got);
            }
        }
    });

    let cups = Cupsd::start(&dir.path().join("cups"));
    cups.add_queue("kassa-kvitto", &format!("socket://127.0.0.1:{port}"));
    Printer::Cups {
        queue: "kassa-kvitto".into(),
        server: Some(cups.socket.clone()),
    }
    .send_escpos(&bytes)
    .unwrap();

    let got = job
        .recv_timeout(Duration::from_secs(30))
        .expect("CUPS delivered the job");
    assert_eq!(
        got, bytes,
        "the raw queue passed the ESC/POS bytes untouched"
    );
    let texts = escpos::decode(&got).unwrap().texts();
    assert!(texts.contains(&"Kafé Ängen".to_owned()));
    assert!(texts.contains(&"Totalt                 309,00 kr".to_owned()));

    // An unknown queue is refused with CUPS's own words.
    let err = Printer::Cups {
        queue: "finns-inte".into(),
        server: Some(cups.socket.clone()),
    }
    .send_escpos(&bytes)
    .unwrap_err();
    assert!(err.to_string().contains("finns-inte"), "{err}");
}
