//! Settings, the receipt after a sale and the day reports in the real window, training mode:
//! shop details with a bad organisation number (message at the field, then fixed and saved),
//! a test receipt printer on 127.0.0.1 started here, a sale approved through the SCA form, the
//! receipt's bytes at the printer (shop name, ÖVNING), then X shows the sale, Z closes the day,
//! is saved as a PDF that reads back, and a second Z is refused. Runs for real under `scripts/test.sh`; elsewhere it skips.

use std::io::Read;
use std::net::{SocketAddr, TcpListener};
use std::sync::mpsc;
use std::time::Duration;

use fantoccini::{Client, Locator};
use kassa_e2e::window::{
    PAYMENT_WAIT, click, keys::*, scan_and_pay, send_to_kronor, set_field, text_of, wait_for,
    wait_for_text, wait_for_within,
};
use kassa_e2e::{Screenshots, in_real_window};

/// Demo catalogue: Kaffekopp, keramik, 149,00 kr.
const KAFFEKOPP: &str = "7350000050011";
/// ASCII, so it is the same bytes in the printer's code page.
const SHOP: &str = "Kiosken Testvik";

/// A network receipt printer: accepts one job and hands over its bytes.
struct TestPrinter {
    addr: SocketAddr,
    jobs: mpsc::Receiver<Vec<u8>>,
}

impl TestPrinter {
    fn start() -> anyhow::Result<TestPrinter> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let (tx, jobs) = mpsc::channel();
        std::thread::spawn(move || {
            if let Ok((mut conn, _)) = listener.accept() {
                let mut job = Vec::new();
                if conn.read_to_end(&mut job).is_ok() {
                    let _ = tx.send(job);
                }
            }
        });
        Ok(TestPrinter { addr, jobs })
    }
}

/// `needle` as a PC858 thermal printer gets it (Ö is 0x99 there; the rest here is ASCII).
fn pc858(needle: &str) -> Vec<u8> {
    needle
        .chars()
        .map(|c| match c {
            'Ö' => 0x99,
            c => c as u8,
        })
        .collect()
}

/// The text of a PDF file as poppler's `pdftotext` reads it (installed by scripts/setup.sh).
fn pdf_text(file: &std::path::Path) -> anyhow::Result<String> {
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(file)
        .arg("-")
        .output()?;
    anyhow::ensure!(
        out.status.success(),
        "pdftotext {}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(String::from_utf8(out.stdout)?)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[tokio::test(flavor = "multi_thread")]
async fn settings_receipt_printer_and_day_reports_in_the_real_window() -> anyhow::Result<()> {
    in_real_window(scenario).await
}

async fn scenario(client: &Client) -> anyhow::Result<()> {
    let shots = Screenshots::new()?;
    let printer = TestPrinter::start()?;
    wait_for(
        client,
        Locator::Id("training-banner"),
        "the training banner",
    )
    .await?;

    // Settings: the shop with a bad organisation number.
    click(client, "nav-settings").await?;
    wait_for(client, Locator::Id("settings-form"), "the settings form").await?;
    set_field(client, "settings-shop-name", SHOP).await?;
    set_field(client, "settings-org-number", "556677-8898").await?;
    client
        .find(Locator::Id("settings-after-sale"))
        .await?
        .select_by_value("print")
        .await?;
    client
        .find(Locator::Id("settings-printer"))
        .await?
        .select_by_value("network")
        .await?;
    wait_for(
        client,
        Locator::Id("settings-printer-address"),
        "the printer address",
    )
    .await?;
    // Enter in a field saves the form: the keyboard is enough.
    set_field(
        client,
        "settings-printer-address",
        &format!("{}{ENTER}", printer.addr),
    )
    .await?;
    wait_for_text(client, "settings-org-number-problem", "organisationsnummer").await?;
    wait_for(
        client,
        Locator::Css("#settings-notice[data-saved='false']"),
        "nothing saved",
    )
    .await?;
    shots.save(client, "20-settings-bad-org-number").await?;

    // Fixed: saved, and the message is gone.
    set_field(client, "settings-org-number", &format!("5566778899{ENTER}")).await?;
    wait_for(
        client,
        Locator::Css("#settings-notice[data-saved='true']"),
        "the settings saved",
    )
    .await?;
    anyhow::ensure!(
        client
            .find_all(Locator::Id("settings-org-number-problem"))
            .await?
            .is_empty(),
        "the fixed field still has its message"
    );
    let org = client
        .find(Locator::Id("settings-org-number"))
        .await?
        .prop("value")
        .await?
        .unwrap_or_default();
    assert_eq!(org, "556677-8899", "normalised");
    // The register's identity in clear text, as Skatteverket is told it.
    wait_for_text(client, "register-manufacturing-number", "KS-").await?;
    wait_for_text(client, "register-model", "SE").await?;
    shots.save(client, "21-settings-saved").await?;

    // A training sale, approved on the SCA page.
    click(client, "nav-sell").await?;
    scan_and_pay(client, KAFFEKOPP, 14_900).await?;
    let sca_url = send_to_kronor(client).await?;
    kassa_e2e::window::phone_decides(&sca_url, "approve").await?;
    wait_for_within(
        client,
        Locator::Css("#receipt-output-done[data-output='print']"),
        "the receipt printed",
        PAYMENT_WAIT,
    )
    .await?;
    shots.save(client, "22-receipt-printed").await?;

    // The printer got the receipt: the shop's name and the training marking.
    let jobs = printer.jobs;
    let job = tokio::task::spawn_blocking(move || jobs.recv_timeout(Duration::from_secs(10)))
        .await?
        .map_err(|_| anyhow::anyhow!("the test printer got no job"))?;
    anyhow::ensure!(
        contains(&job, SHOP.as_bytes()),
        "no shop name in the receipt"
    );
    anyhow::ensure!(
        contains(&job, &pc858("ÖVNING")),
        "no ÖVNING marking in the receipt"
    );
    click(client, "pay-new-sale").await?;

    // X shows the (training) sale; Z closes the day after a confirm; a second Z is refused.
    wait_for(client, Locator::Id("cart-empty"), "an empty sale").await?;
    click(client, "nav-reports").await?;
    click(client, "reports-x").await?;
    wait_for_text(client, "reports-document", "X-dagrapport").await?;
    wait_for_text(client, "reports-document", "Övningskvitton: 1").await?;
    wait_for_text(client, "reports-document", SHOP).await?;
    shots.save(client, "23-x-report").await?;

    click(client, "reports-z").await?;
    wait_for(
        client,
        Locator::Id("reports-z-confirm"),
        "the Z confirm step",
    )
    .await?;
    click(client, "reports-z-yes").await?;
    wait_for(client, Locator::Id("reports-z-done"), "the day closed").await?;
    wait_for_text(client, "reports-document", "Z-dagrapport nr 1").await?;
    wait_for_text(client, "reports-document", "Tillverkningsnummer").await?;
    wait_for_text(client, "reports-document", "Sålda varor").await?;
    wait_for(client, Locator::Id("reports-z-1"), "Z 1 in the list").await?;
    shots.save(client, "24-z-report").await?;
    // The whole report in one picture (README): the page drawn at 60 %, then as it was.
    client
        .execute("document.body.style.zoom = '0.6';", vec![])
        .await?;
    shots.save(client, "24-z-report-whole").await?;
    client
        .execute("document.body.style.zoom = '';", vec![])
        .await?;

    // The Z report saved as PDF: the cashier is told where, and the file reads back whole.
    click(client, "reports-pdf").await?;
    wait_for_text(client, "reports-output-done", ".pdf").await?;
    let said = text_of(client, "#reports-output-done").await?;
    let path = said
        .split_once(": ")
        .map(|(_, path)| path.trim().to_owned())
        .ok_or_else(|| anyhow::anyhow!("no path in {said:?}"))?;
    let text = pdf_text(std::path::Path::new(&path))?;
    for must in ["Z-dagrapport nr 1", SHOP, "Övningskvitton: 1"] {
        anyhow::ensure!(text.contains(must), "the Z PDF lacks {must:?}:\n{text}");
    }

    click(client, "reports-z").await?;
    wait_for(
        client,
        Locator::Id("reports-z-confirm"),
        "the Z confirm step again",
    )
    .await?;
    // The confirm button has the focus: the keyboard closes the day too.
    client
        .find(Locator::Id("reports-z-yes"))
        .await?
        .send_keys(ENTER)
        .await?;
    wait_for(
        client,
        Locator::Css("#reports-error[data-code='day_already_closed']"),
        "the second Z refused",
    )
    .await?;
    wait_for_text(client, "reports-error", "redan stängd").await?;
    shots.save(client, "25-second-z-refused").await?;
    Ok(())
}
