//! Whatever a client sends, the simulator answers the next good request.

use crate::support::*;

#[tokio::test]
async fn xccsp_survives_junk_bodies() {
    let sim = start().await;
    let junk: Vec<Vec<u8>> = vec![
        vec![0xff, 0xfe, 0x00, b'<'],
        b"<".to_vec(),
        b"<request xmlns=\"http://www.retailinnovation.se/xccsp\"><type>RegisterReceipt</type><data><Receipt><Date>&bogus;</Date>".to_vec(),
        "<a>".repeat(10_000).into_bytes(),
        Vec::new(),
        b"<?xml version=\"1.0\"?><request xmlns=\"http://www.retailinnovation.se/xccsp\"><type>RequestStatus</type></request><request/>".to_vec(),
    ];
    for body in junk {
        let resp = client()
            .post(sim.xccsp_url())
            .body(body)
            .send()
            .await
            .expect("answered");
        assert_eq!(resp.status().as_u16(), 200);
        let text = resp.text().await.expect("body");
        assert_eq!(element(&text, "Code"), Some("3"), "{text}");
    }
    let (_, body) = post_xml(&sim, &golden("xccsp/status-request.xml")).await;
    assert_eq!(body, golden("xccsp/status-response.xml"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ccsp_survives_junk_lines() {
    let sim = start().await;
    let path = sim.open_serial().expect("pty").path;
    let mut till = Port::open(&path);
    // A long line without CR is dropped; lines without a frame are ignored.
    till.send(&vec![b'x'; 5000]);
    till.send(b"\r\n\r\xff\xfe\x00 noise\r");
    // A frame's start with nothing of a frame after it: bad data.
    till.send(b"#!#zzz#\r");
    assert_eq!(unframe(&till.read_line()), "NAK#003");
    // Framed, LRC right, bytes not UTF-8: bad data.
    let mut odd = b"#!#00E#S\xffQ#".to_vec();
    let check = lrc(&odd);
    odd.extend_from_slice(format!("{check:02X}\r").as_bytes());
    till.send(&odd);
    assert_eq!(unframe(&till.read_line()), "NAK#003");
    assert_eq!(unframe(&till.ask("SIQ")), "SIR#0#0");
}
