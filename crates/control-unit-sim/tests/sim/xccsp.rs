//! XCCSP over real HTTP: the page's documents in, the page's documents out.

use control_unit_sim::Protocol;

use crate::support::*;

#[tokio::test]
async fn register_answers_the_pages_document_with_the_formulas_code() {
    let sim = start().await;
    let (status, body) = post_xml(&sim, &golden("xccsp/register-request.xml")).await;
    assert_eq!(status, 200);
    let code = expected_code("kassa-simulator", PAGE_RECORD);
    assert_eq!(code.len(), 59);
    assert_eq!(element(&body, "Code"), Some(code.as_str()));
    assert_eq!(body, golden("xccsp/register-response.xml"));
    let regs = sim.registrations();
    assert_eq!(regs.len(), 1);
    assert_eq!(regs[0].control_code, code);
    assert_eq!(regs[0].protocol, Protocol::Xccsp);
    assert_eq!(regs[0].serial_no, "1");
    assert_eq!(regs[0].is_new_session, Some(true));
    assert_eq!(regs[0].record.pos_id, "KASSA1");
    assert_eq!(sim.registration_count("42"), 1);
    assert_eq!(sim.registration_count("43"), 0);
}

#[tokio::test]
async fn identity_and_status_answer_the_pages_documents() {
    let sim = start().await;
    let (status, body) = post_xml(&sim, &golden("xccsp/identity-request.xml")).await;
    assert_eq!((status, body), (200, golden("xccsp/identity-response.xml")));
    let (status, body) = post_xml(&sim, &golden("xccsp/status-request.xml")).await;
    assert_eq!((status, body), (200, golden("xccsp/status-response.xml")));
    assert!(sim.registrations().is_empty());
}

#[tokio::test]
async fn the_root_path_serves_xccsp_too_and_the_answer_is_text_xml() {
    let sim = start().await;
    let url = sim.xccsp_url().trim_end_matches("xccsp").to_owned();
    let resp = client()
        .post(&url)
        .body(golden("xccsp/identity-request.xml"))
        .send()
        .await
        .expect("answered");
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(
        resp.headers().get("content-type").map(|v| v.as_bytes()),
        Some(&b"text/xml; charset=utf-8"[..])
    );
    assert_eq!(
        resp.text().await.expect("body"),
        golden("xccsp/identity-response.xml")
    );
}

#[tokio::test]
async fn configured_identity_and_secret_are_answered() {
    let sim = start_with(|c| {
        c.unit_id = "CCX12345".into();
        c.secret = "other".into();
        c.user = "u".into();
        c.password = "p".into();
    })
    .await;
    assert!(sim.xccsp_url().starts_with("http://u:p@127.0.0.1:"));
    let (_, body) = post_xml(&sim, &golden("xccsp/register-request.xml")).await;
    assert_eq!(
        element(&body, "Code"),
        Some(expected_code("other", PAGE_RECORD).as_str())
    );
    assert_eq!(element(&body, "UnitId"), Some("CCX12345"));
}

#[tokio::test]
async fn wrong_or_missing_credentials_are_401_and_nothing_is_registered() {
    let sim = start().await;
    let port = sim.addr().port();
    for url in [
        format!("http://127.0.0.1:{port}/xccsp"),
        format!("http://kassa:wrong@127.0.0.1:{port}/xccsp"),
        format!("http://other:kassa@127.0.0.1:{port}/"),
    ] {
        let (status, _) = post_xml_to(&url, &golden("xccsp/register-request.xml")).await;
        assert_eq!(status, 401, "{url}");
    }
    assert_eq!(sim.registration_count("42"), 0);
}

#[tokio::test]
async fn bad_data_is_fault_3_and_not_registered() {
    let sim = start().await;
    let two_vats = format!(
        "{PAGE_VAT}<Vat><Class>2</Class><Percentage>12,00</Percentage><Amount>1,00</Amount></Vat>"
    );
    let five_vats: String = (1..=5)
        .map(|i| {
            format!(
                "<Vat><Class>{i}</Class><Percentage>25,00</Percentage><Amount>1,00</Amount></Vat>"
            )
        })
        .collect();
    let cases = [
        register_doc(&[("Date", "20261207113")], PAGE_VAT),
        register_doc(&[("Date", "2026120711300")], PAGE_VAT),
        register_doc(&[("OrgNo", "556677-8899")], PAGE_VAT),
        register_doc(&[("OrgNo", "556677889")], PAGE_VAT),
        register_doc(&[("PosId", "KASSA-1")], PAGE_VAT),
        register_doc(&[("PosId", "ABCDEFGHIJKLMNOPQ")], PAGE_VAT),
        register_doc(&[("ReceiptId", "0042")], PAGE_VAT),
        register_doc(&[("ReceiptId", "1234567890123")], PAGE_VAT),
        register_doc(&[("ReceiptType", "retur")], PAGE_VAT),
        register_doc(&[("ReceiptTotal", "149.00")], PAGE_VAT),
        register_doc(&[("ReceiptTotal", "149,0")], PAGE_VAT),
        register_doc(&[("ReceiptTotal", "1234567890123,00")], PAGE_VAT),
        register_doc(&[("NegativeTotal", "-10,00")], PAGE_VAT),
        register_doc(&[("SerialNo", "")], PAGE_VAT),
        register_doc(&[("IsNewSession", "yes")], PAGE_VAT),
        register_doc(&[], ""),
        register_doc(&[], &five_vats),
        register_doc(
            &[],
            &two_vats.replace("<Class>2</Class>", "<Class>3</Class>"),
        ),
        register_doc(
            &[],
            "<Vat><Class>1</Class><Percentage>25</Percentage><Amount>29,80</Amount></Vat>",
        ),
        "not xml at all".to_owned(),
        "<request><type>RequestStatus</type></request>".to_owned(),
        golden("xccsp/register-request.xml").replace(NS, "http://example.com/other"),
        golden("xccsp/register-request.xml").replace("<OrgNo>", "<OrgNo>5566778899</OrgNo><OrgNo>"),
        golden("xccsp/register-request.xml").replace("</request>", ""),
    ];
    for doc in &cases {
        let (status, body) = post_xml(&sim, doc).await;
        assert_eq!(status, 200, "{doc}");
        assert_eq!(element(&body, "type"), Some("Fault"), "{doc}\n{body}");
        assert_eq!(element(&body, "Code"), Some("3"), "{doc}\n{body}");
    }
    assert_eq!(sim.registrations().len(), 0);
    // Two VAT rates in order are fine: the good case next to the bad ones.
    let (_, body) = post_xml(&sim, &register_doc(&[], &two_vats)).await;
    assert_eq!(
        element(&body, "Code"),
        Some(expected_code("kassa-simulator", &format!("{PAGE_RECORD};12,00;1,00")).as_str())
    );
}

#[tokio::test]
async fn an_unknown_type_is_fault_2() {
    let sim = start().await;
    for kind in ["RequestSomething", ""] {
        let doc = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<request xmlns=\"{NS}\"><type>{kind}</type></request>"
        );
        let (status, body) = post_xml(&sim, &doc).await;
        assert_eq!(status, 200);
        assert_eq!(element(&body, "type"), Some("Fault"));
        assert_eq!(element(&body, "Code"), Some("2"), "{kind:?}: {body}");
    }
}

#[tokio::test]
async fn the_namespace_comes_from_the_document_and_whitespace_and_unknown_elements_are_ignored() {
    let sim = start().await;
    let doc = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<cc:request xmlns:cc="{NS}" xmlns:x="urn:other">
  <cc:type>RegisterReceipt</cc:type>
  <x:note><cc:Date>199901010000</cc:Date></x:note>
  <cc:data>
    <cc:Receipt>
      <cc:IsNewSession>0</cc:IsNewSession>
      <cc:SerialNo>7</cc:SerialNo>
      <cc:Date>202612071130</cc:Date>
      <cc:ReceiptId>42</cc:ReceiptId>
      <cc:PosId>KASSA1</cc:PosId>
      <cc:OrgNo>5566778899</cc:OrgNo>
      <cc:Unknown>whatever</cc:Unknown>
      <cc:ReceiptTotal>149,00</cc:ReceiptTotal>
      <cc:NegativeTotal>0,00</cc:NegativeTotal>
      <cc:ReceiptType>normal</cc:ReceiptType>
      <cc:VatList>
        <cc:Vat><cc:Class>1</cc:Class><cc:Percentage>25,00</cc:Percentage><cc:Amount>29,80</cc:Amount></cc:Vat>
      </cc:VatList>
    </cc:Receipt>
  </cc:data>
</cc:request>"#
    );
    let (_, body) = post_xml(&sim, &doc).await;
    assert_eq!(
        element(&body, "Code"),
        Some(expected_code("kassa-simulator", PAGE_RECORD).as_str()),
        "{body}"
    );
    let regs = sim.registrations();
    assert_eq!(regs[0].serial_no, "7");
    assert_eq!(regs[0].is_new_session, Some(false));
}

#[tokio::test]
async fn a_retried_receipt_is_counted_each_time_it_is_registered() {
    let sim = start().await;
    let doc = golden("xccsp/register-request.xml");
    post_xml(&sim, &doc).await;
    post_xml(
        &sim,
        &doc.replace("<SerialNo>1</SerialNo>", "<SerialNo>2</SerialNo>"),
    )
    .await;
    post_xml(
        &sim,
        &doc.replace("<ReceiptId>42</ReceiptId>", "<ReceiptId>43</ReceiptId>"),
    )
    .await;
    assert_eq!(sim.registration_count("42"), 2);
    assert_eq!(sim.registration_count("43"), 1);
    assert_eq!(sim.registrations().len(), 3);
}

#[tokio::test]
async fn a_return_receipt_and_a_latin1_declaration_are_registered() {
    let sim = start().await;
    let doc = register_doc(
        &[
            ("ReceiptTotal", "-149,00"),
            ("NegativeTotal", "149,00"),
            ("ReceiptType", "kopia"),
        ],
        "<Vat><Class>1</Class><Percentage>25,00</Percentage><Amount>-29,80</Amount></Vat>",
    )
    .replace("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"");
    let (_, body) = post_xml(&sim, &doc).await;
    let signed = "202612071130;5566778899;KASSA1;42;kopia;149,00;-149,00;25,00;-29,80";
    assert_eq!(
        element(&body, "Code"),
        Some(expected_code("kassa-simulator", signed).as_str()),
        "{body}"
    );
}
