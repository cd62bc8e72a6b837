//! Reading a request document with quick-xml's `NsReader`: the namespace comes from the
//! document (any prefix, or none with a default namespace), whitespace between elements and
//! elements the unit does not know are ignored.

use quick_xml::NsReader;
use quick_xml::events::Event;
use quick_xml::name::{Namespace, ResolveResult};

use super::NAMESPACE;
use crate::record::{Record, Vat};
use crate::unit::{Refusal, Request};

/// What one request document held, before it is checked.
#[derive(Debug, Default)]
struct Parsed {
    root_ok: bool,
    kind: Option<String>,
    fields: Vec<(String, String)>,
    vats: Vec<Vec<(String, String)>>,
    /// A field or `type` given twice: bad data.
    malformed: bool,
}

/// Reads a request document. `Err(InvalidData)` for anything that is not a well-formed XCCSP
/// request, `Err(UnknownRequest)` for a `type` the unit does not know.
pub(crate) fn read_request(body: &[u8]) -> Result<Request, Refusal> {
    let text = std::str::from_utf8(body).map_err(|_| Refusal::InvalidData)?;
    let parsed = parse(text).ok_or(Refusal::InvalidData)?;
    if !parsed.root_ok || parsed.malformed {
        return Err(Refusal::InvalidData);
    }
    match parsed.kind.as_deref() {
        Some("RequestIdentity") => Ok(Request::Identity),
        Some("RequestStatus") => Ok(Request::Status),
        Some("RegisterReceipt") => register(&parsed),
        _ => Err(Refusal::UnknownRequest),
    }
}

/// Walks the document keeping the path of XCCSP element names; elements of other
/// namespaces hide their whole subtree (pushed as `None`).
fn parse(text: &str) -> Option<Parsed> {
    let mut reader = NsReader::from_str(text);
    reader.config_mut().trim_text(true);
    let ns = Namespace(NAMESPACE);
    let mut path: Vec<Option<String>> = Vec::new();
    let mut out = Parsed::default();
    let mut seen_root = false;
    loop {
        let (resolved, event) = reader.read_resolved_event().ok()?;
        let ours = matches!(resolved, ResolveResult::Bound(n) if n == ns);
        match event {
            // A second root element: not a document.
            Event::Start(_) | Event::Empty(_) if path.is_empty() && seen_root => return None,
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_owned();
                if path.is_empty() {
                    seen_root = true;
                    out.root_ok = ours && name == "request";
                }
                open(&mut out, &path, ours, &name);
                path.push(ours.then_some(name));
            }
            Event::Empty(e) => {
                let name = e.local_name().as_ref().to_owned();
                if path.is_empty() {
                    seen_root = true;
                    out.root_ok = false;
                }
                open(&mut out, &path, ours, &name);
            }
            Event::End(_) => {
                path.pop();
            }
            Event::Text(t) => text_at(&mut out, &path, &t.xml10_content()),
            Event::CData(c) => {
                text_at(&mut out, &path, &c.into_inner());
            }
            // No field of a record holds an entity reference: one makes the field invalid
            // (and is harmless inside an element the unit ignores).
            Event::GeneralRef(_) => text_at(&mut out, &path, "&"),
            // An element left open: a cut-off document.
            Event::Eof if !path.is_empty() => return None,
            Event::Eof => break,
            _ => {}
        }
    }
    seen_root.then_some(out)
}

fn names(path: &[Option<String>]) -> Option<Vec<&str>> {
    path.iter().map(|p| p.as_deref()).collect()
}

fn open(out: &mut Parsed, path: &[Option<String>], ours: bool, name: &str) {
    if !ours {
        return;
    }
    match names(path).as_deref() {
        Some(["request", "data", "Receipt", "VatList"]) if name == "Vat" => {
            out.vats.push(Vec::new())
        }
        // A field given twice is bad data (its text is collected on the first).
        Some(["request", "data", "Receipt"]) => {
            out.malformed |= out.fields.iter().any(|(f, _)| f == name);
        }
        Some(["request", "data", "Receipt", "VatList", "Vat"]) => {
            if let Some(vat) = out.vats.last() {
                out.malformed |= vat.iter().any(|(f, _)| f == name);
            }
        }
        Some(["request"]) if name == "type" => out.malformed |= out.kind.is_some(),
        _ => {}
    }
}

fn text_at(out: &mut Parsed, path: &[Option<String>], text: &str) {
    let Some(names) = names(path) else {
        return; // inside a foreign element
    };
    match names.as_slice() {
        ["request", "type"] => out.kind.get_or_insert_with(String::new).push_str(text),
        ["request", "data", "Receipt", field] => append(&mut out.fields, field, text),
        ["request", "data", "Receipt", "VatList", "Vat", field] => {
            if let Some(vat) = out.vats.last_mut() {
                append(vat, field, text);
            }
        }
        // Text in a known container, or in an element the unit does not know: ignored.
        _ => {}
    }
}

/// Text split by a comment or a CDATA section is one value.
fn append(list: &mut Vec<(String, String)>, field: &str, text: &str) {
    match list.iter_mut().find(|(f, _)| f == field) {
        Some(entry) => entry.1.push_str(text),
        None => list.push((field.to_owned(), text.to_owned())),
    }
}

fn field<'a>(list: &'a [(String, String)], name: &str) -> Result<&'a str, Refusal> {
    list.iter()
        .find(|(f, _)| f == name)
        .map(|(_, v)| v.as_str())
        .ok_or(Refusal::InvalidData)
}

fn register(p: &Parsed) -> Result<Request, Refusal> {
    let f = &p.fields;
    let is_new_session = match field(f, "IsNewSession")? {
        "0" => false,
        "1" => true,
        _ => return Err(Refusal::InvalidData),
    };
    let serial_no = field(f, "SerialNo")?;
    if serial_no.is_empty()
        || serial_no.len() > 20
        || !serial_no.bytes().all(|b| b.is_ascii_digit())
        || serial_no.starts_with('0')
    {
        return Err(Refusal::InvalidData);
    }
    let mut vat = Vec::new();
    for (i, v) in p.vats.iter().enumerate() {
        // Class numbers the rates 1..4 in the order written.
        if field(v, "Class")? != (i + 1).to_string() {
            return Err(Refusal::InvalidData);
        }
        vat.push(Vat {
            rate: field(v, "Percentage")?.to_owned(),
            amount: field(v, "Amount")?.to_owned(),
        });
    }
    let record = Record {
        date: field(f, "Date")?.to_owned(),
        org_no: field(f, "OrgNo")?.to_owned(),
        pos_id: field(f, "PosId")?.to_owned(),
        receipt_id: field(f, "ReceiptId")?.to_owned(),
        receipt_type: field(f, "ReceiptType")?.to_owned(),
        negative_total: field(f, "NegativeTotal")?.to_owned(),
        receipt_total: field(f, "ReceiptTotal")?.to_owned(),
        vat,
    };
    record.validate().map_err(|_| Refusal::InvalidData)?;
    Ok(Request::Register {
        serial_no: serial_no.to_owned(),
        is_new_session: Some(is_new_session),
        record: Box::new(record),
    })
}
