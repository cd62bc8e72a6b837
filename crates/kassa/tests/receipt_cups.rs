//! Real CUPS queues: each test starts its own cupsd (private config, spool and socket in a
//! temporary folder). A receipt-printer queue whose device is the test printer on 127.0.0.1
//! (CUPS's own `socket://` backend, as for a JetDirect printer) gets the ESC/POS bytes
//! untouched; an ordinary-printer queue on cups-pdf gets the receipt as PDF and writes the PDF
//! it printed, whose text is read back. cupsd, lp, cups-pdf and pdftotext come from
//! `scripts/setup.sh test` (packages cups, printer-driver-cups-pdf, poppler-utils).

mod support;

use std::io::{BufRead, BufReader, Read};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use kassa::print::{CupsFormat, Printer};
use kassa::receipt::ReceiptOptions;
use kassa::receipt::escpos::{self, Paper};
use support::{cafe_sale, noon, pdf_text, temp_db, total_line};

/// A private cupsd, stopped when dropped.
struct Cupsd {
    child: Child,
    socket: String,
    /// cupsd's log lines after it started listening.
    log: mpsc::Receiver<String>,
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
        // Ready once it logs that it listens on the socket; every later line is passed on
        // (and read, so cupsd never blocks on a full pipe).
        let (ready_tx, ready) = mpsc::channel();
        let (log_tx, log) = mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        thread::spawn(move || {
            let mut lines = BufReader::new(stderr).lines();
            for line in lines.by_ref().map_while(Result::ok) {
                if line.contains("Listening to") {
                    let _ = ready_tx.send(());
                    break;
                }
            }
            for line in lines.map_while(Result::ok) {
                let _ = log_tx.send(line);
            }
        });
        ready
            .recv_timeout(Duration::from_secs(20))
            .expect("cupsd started");
        Cupsd { child, socket, log }
    }

    /// Waits until cupsd logs a line containing `needle`; the lines on the way are returned
    /// when it never does.
    fn wait_for_log(&self, needle: &str) -> Result<(), Vec<String>> {
        let mut seen = Vec::new();
        while let Ok(line) = self.log.recv_timeout(Duration::from_secs(60)) {
            if line.contains(needle) {
                return Ok(());
            }
            seen.push(line);
        }
        Err(seen)
    }

    fn add_queue(&self, name: &str, device: &str, options: &[&str]) {
        let out = Command::new("lpadmin")
            .args(["-h", &self.socket, "-p", name, "-E", "-v", device])
            .args(options)
            .output()
            .expect("lpadmin");
        assert!(
            out.status.success(),
            "lpadmin failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
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
    cups.add_queue("kassa-kvitto", &format!("socket://127.0.0.1:{port}"), &[]);
    Printer::Cups {
        queue: "kassa-kvitto".into(),
        server: Some(cups.socket.clone()),
        format: CupsFormat::Raw,
    }
    .send_escpos(&bytes, "kvitto")
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
        format: CupsFormat::Raw,
    }
    .send_escpos(&bytes, "kvitto")
    .unwrap_err();
    assert!(err.to_string().contains("finns-inte"), "{err}");
}

/// cups-pdf's settings for one queue (`/etc/cups/cups-pdf-<queue>.conf`, the only place the
/// backend reads them from), removed when dropped.
struct CupsPdfQueueConfig(std::path::PathBuf);

impl Drop for CupsPdfQueueConfig {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

const CUPS_PDF_BACKEND: &str = "/usr/lib/cups/backend/cups-pdf";
const CUPS_PDF_PPD: &str = "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd";

#[test]
fn an_ordinary_printer_queue_gets_the_receipt_as_pdf_and_prints_it_whole() {
    // cups-pdf runs only as root (its backend is root's alone, as CUPS requires of a backend
    // that changes users) and reads its settings only under /etc/cups: a machine that allows
    // neither cannot run this, and says so. CI runs as root with the package installed.
    let root = std::fs::read_to_string("/proc/self/status")
        .map(|s| s.lines().any(|l| l.starts_with("Uid:\t0\t")))
        .unwrap_or(false);
    if !root || !Path::new(CUPS_PDF_BACKEND).exists() {
        eprintln!(
            "skipped: printing to PDF through cups-pdf needs root and the package \
             printer-driver-cups-pdf (scripts/setup.sh test installs it)"
        );
        return;
    }

    let (dir, db) = temp_db();
    let sale = cafe_sale(&db);
    let receipt = db
        .receipt_original(sale.id, ReceiptOptions::default(), noon())
        .unwrap();
    let layout = receipt.layout();

    let out = dir.path().join("pdf-out");
    std::fs::create_dir_all(&out).unwrap();
    let queue = format!("kassa-pdf-{}", std::process::id());
    let config = CupsPdfQueueConfig(format!("/etc/cups/cups-pdf-{queue}.conf").into());
    let settings = format!(
        "Out {o}\nAnonDirName {o}\nLabel 0\nUserUMask 0022\n",
        o = out.display()
    );
    if let Err(e) = std::fs::write(&config.0, settings) {
        eprintln!("skipped: cups-pdf's settings cannot be written here ({e})");
        return;
    }

    let cups = Cupsd::start(&dir.path().join("cups"));
    // Debian's advice for cups-pdf queues: pdftocairo turns the PDF into PostScript with its
    // text kept as text (ghostscript's default renderer leaves glyphs pdftotext cannot read).
    cups.add_queue(
        &queue,
        &format!("cups-pdf:/{queue}"),
        &[
            "-P",
            CUPS_PDF_PPD,
            "-o",
            "pdftops-renderer-default=pdftocairo",
        ],
    );
    let printer = Printer::Cups {
        queue: queue.clone(),
        server: Some(cups.socket.clone()),
        format: CupsFormat::Pdf,
    };
    printer.print(&layout, Paper::Mm80).unwrap();
    if let Err(log) = cups.wait_for_log("Job completed") {
        panic!("CUPS never finished the job:\n{}", log.join("\n"));
    }

    let printed: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    assert_eq!(printed.len(), 1, "one PDF printed: {printed:?}");
    let name = printed[0]
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    // cups-pdf names the file after the job, spaces made underscores.
    assert!(
        name.starts_with(&layout.title.replace(' ', "_")),
        "the job carries the receipt's title {:?}: {name}",
        layout.title
    );
    let text = pdf_text(&printed[0]);
    assert!(total_line(&text).ends_with("309,00 kr"), "{text}");
    for must in [
        "Kafé Ängen",
        "556677-8899",
        "Storgatan 1, 123 45 Småstad",
        "Kanelbulle",
        "Tygkasse Åre",
        "Kronor faktura",
    ] {
        assert!(
            text.contains(must),
            "the printed PDF lacks {must:?}:\n{text}"
        );
    }
}
