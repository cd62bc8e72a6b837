//! CCSP over the real pty: the test opens the slave as a plain file, writes the page's
//! frames byte for byte and reads answers up to CR.

use control_unit_sim::{Fault, Protocol, Simulator};

use crate::support::*;

async fn with_port() -> (Simulator, Port) {
    let sim = start().await;
    let port = sim.open_serial().expect("pty");
    assert!(
        port.path.starts_with("/dev/pts/"),
        "{}",
        port.path.display()
    );
    assert_eq!(
        sim.serial_url(),
        Some(format!("serial://{}?baud=9600", port.path.display()))
    );
    let till = Port::open(&port.path);
    (sim, till)
}

#[test]
fn the_tests_frames_are_the_golden_ones() {
    assert_eq!(frame("SIQ"), b"#!#00E#SIQ#2F\r");
    for (file, message) in [
        ("ccsp/siq-request.frame", "SIQ"),
        ("ccsp/iq-request.frame", "IQ"),
        ("ccsp/rr-request.frame", PAGE_RR),
        ("ccsp/nak-001.frame", "NAK#001"),
    ] {
        assert_eq!(frame(message), golden(file).into_bytes(), "{file}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_identity_and_register_answer_the_pages_frames() {
    let (sim, mut till) = with_port().await;
    let sir = till.ask("SIQ");
    assert_eq!(unframe(&sir), "SIR#0#0");
    assert_eq!(sir, golden("ccsp/sir-response.frame").into_bytes());
    let ir = till.ask("IQ");
    assert_eq!(unframe(&ir), "IR#CCSIM000000000001#2#2.1.0");
    assert_eq!(ir, golden("ccsp/ir-response.frame").into_bytes());
    till.send(golden("ccsp/rr-request.frame").as_bytes());
    let rr = till.read_line();
    let code = expected_code("kassa-simulator", PAGE_RECORD);
    assert_eq!(unframe(&rr), format!("RR#{code}#CCSIM000000000001#0#0"));
    assert_eq!(rr, golden("ccsp/rr-response.frame").into_bytes());
    let regs = sim.registrations();
    assert_eq!(regs.len(), 1);
    assert_eq!(regs[0].protocol, Protocol::Ccsp);
    assert_eq!(regs[0].serial_no, "1");
    assert_eq!(regs[0].is_new_session, None);
    assert_eq!(regs[0].control_code, code);
    assert_eq!(sim.registration_count("42"), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_lrc_unknown_and_bad_data_are_the_pages_naks() {
    let (sim, mut till) = with_port().await;
    let mut bad = frame("SIQ");
    let at = bad.len() - 2;
    bad[at] = if bad[at] == b'0' { b'1' } else { b'0' };
    till.send(&bad);
    let nak = till.read_line();
    assert_eq!(unframe(&nak), "NAK#001");
    assert_eq!(nak, golden("ccsp/nak-001.frame").into_bytes());

    assert_eq!(unframe(&till.ask("XQ")), "NAK#002");
    assert_eq!(
        till.ask("ZZ#1#2"),
        golden("ccsp/nak-002.frame").into_bytes()
    );

    let bad_data = [
        PAGE_RR.replace("5566778899", "556677-8899"),
        PAGE_RR.replace("#202612071130#", "#20261207113#"),
        PAGE_RR.replace("#KASSA1#", "#KASSA 1#"),
        PAGE_RR.replace("#42#", "#042#"),
        PAGE_RR.replace("#normal#", "#retur#"),
        PAGE_RR.replace("#149,00#", "#149.00#"),
        PAGE_RR.replace("#0,00#", "#-5,00#"),
        PAGE_RR.replace("25,00;29,80", "25,00"),
        PAGE_RR.replace("25,00;29,80", ""),
        PAGE_RR.replace("RR#1#", "RR##"),
        PAGE_RR.trim_end_matches('#').to_owned(),
        format!("{PAGE_RR}#"),
    ];
    for message in &bad_data {
        let nak = till.ask(message);
        assert_eq!(unframe(&nak), "NAK#003", "{message}");
    }
    assert_eq!(
        till.ask(&bad_data[0]),
        golden("ccsp/nak-003.frame").into_bytes()
    );
    // A frame whose length field lies (its LRC right) is bad data too.
    let mut lying = b"#!#00F#SIQ#".to_vec();
    let check = lrc(&lying);
    lying.extend_from_slice(format!("{check:02X}\r").as_bytes());
    till.send(&lying);
    assert_eq!(unframe(&till.read_line()), "NAK#003");
    assert_eq!(sim.registrations().len(), 0);
    // Still serving after all that.
    assert_eq!(unframe(&till.ask("SIQ")), "SIR#0#0");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unit_faults_are_the_pages_naks_and_statuses() {
    let (sim, mut till) = with_port().await;
    let cases = [
        (Fault::NotOperational, "NAK#006", "SIR#4#0"),
        (Fault::StorageFull, "NAK#010", "SIR#0#2"),
        (Fault::InvalidPosId, "NAK#007", "SIR#0#0"),
        (Fault::LicenceExceeded, "NAK#009", "SIR#0#0"),
    ];
    for (fault, nak, sir) in cases {
        sim.set_fault(Some(fault));
        assert_eq!(unframe(&till.ask(PAGE_RR)), nak, "{fault:?}");
        assert_eq!(unframe(&till.ask("SIQ")), sir, "{fault:?}");
        assert_eq!(
            unframe(&till.ask("IQ")),
            "IR#CCSIM000000000001#2#2.1.0",
            "{fault:?}"
        );
    }
    sim.set_fault(Some(Fault::NotOperational));
    assert_eq!(till.ask(PAGE_RR), golden("ccsp/nak-006.frame").into_bytes());
    sim.set_fault(Some(Fault::Busy));
    assert_eq!(unframe(&till.ask(PAGE_RR)), "RR##CCSIM000000000001#5#0");
    assert_eq!(unframe(&till.ask("SIQ")), "SIR#5#0");
    assert_eq!(sim.registration_count("42"), 0);
    sim.set_fault(None);
    assert_eq!(
        till.ask(PAGE_RR),
        golden("ccsp/rr-response.frame").into_bytes()
    );
    assert_eq!(sim.registration_count("42"), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn line_faults_garbage_bad_lrc_half_frame_and_no_answer() {
    let (sim, mut till) = with_port().await;

    for fault in [Fault::Garbage, Fault::Http500] {
        sim.set_fault(Some(fault));
        let line = till.ask(PAGE_RR);
        assert!(!line.windows(3).any(|w| w == b"#!#"), "{fault:?}: {line:?}");
    }

    sim.set_fault(Some(Fault::BadLrc));
    let spoiled = till.ask("SIQ");
    let good = frame("SIR#0#0");
    assert_eq!(spoiled.len(), good.len());
    assert_eq!(spoiled[..spoiled.len() - 3], good[..good.len() - 3]);
    assert_ne!(spoiled, good, "the LRC is wrong");

    // Half a frame, then silence: the next bytes on the line are the next answer's.
    sim.set_fault(Some(Fault::HalfFrame));
    till.send(&frame("SIQ"));
    let half = till.read_exact(good.len() / 2);
    assert_eq!(half, good[..good.len() / 2]);
    sim.set_fault(None);
    assert_eq!(till.ask("SIQ"), good, "nothing after the half frame");

    // No answer: a one-shot fault, taken when the unit reads the RR; the SIQ after it is
    // answered, and nothing came before that answer.
    sim.fail_next(1, Fault::NoAnswer);
    till.send(&frame(PAGE_RR));
    wait_until_taken(&sim);
    assert_eq!(till.ask("SIQ"), good);

    assert_eq!(sim.registration_count("42"), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_in_a_row_and_clients_one_after_the_other() {
    let (sim, mut till) = with_port().await;
    for _ in 0..5 {
        assert_eq!(unframe(&till.ask("SIQ")), "SIR#0#0");
    }
    // Two frames in one write are two answers.
    let mut both = frame("SIQ");
    both.extend_from_slice(&frame("IQ"));
    till.send(&both);
    assert_eq!(unframe(&till.read_line()), "SIR#0#0");
    assert_eq!(unframe(&till.read_line()), "IR#CCSIM000000000001#2#2.1.0");
    // Noise before a frame (a client that gave up halfway) does not spoil it.
    till.send(b"#!#01");
    assert_eq!(unframe(&till.ask("SIQ")), "SIR#0#0");
    drop(till);

    let path = sim.serial_port().expect("open").path;
    let mut second = Port::open(&path);
    assert_eq!(
        unframe(&second.ask(PAGE_RR)).len(),
        "RR##CCSIM000000000001#0#0".len() + 59
    );
    drop(second);
    let mut third = Port::open(&path);
    assert_eq!(unframe(&third.ask("IQ")), "IR#CCSIM000000000001#2#2.1.0");
    assert_eq!(sim.registration_count("42"), 1);
    // Opening again hands back the same port.
    assert_eq!(sim.open_serial().expect("same").path, path);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_protocols_share_one_unit() {
    let (sim, mut till) = with_port().await;
    assert_eq!(
        till.ask(PAGE_RR),
        golden("ccsp/rr-response.frame").into_bytes()
    );
    let (_, body) = post_xml(&sim, &golden("xccsp/register-request.xml")).await;
    assert_eq!(body, golden("xccsp/register-response.xml"));
    assert_eq!(sim.registration_count("42"), 2);
    sim.set_fault(Some(Fault::NotOperational));
    assert_eq!(unframe(&till.ask(PAGE_RR)), "NAK#006");
}

/// Blocks until the unit has taken every one-shot fault (it has read the request).
fn wait_until_taken(sim: &Simulator) {
    let deadline = std::time::Instant::now() + PATIENCE;
    while sim.faults().pending() > 0 {
        assert!(
            std::time::Instant::now() < deadline,
            "the unit never read the request"
        );
        std::thread::yield_now();
    }
}
