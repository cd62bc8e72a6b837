//! XCCSP documents: writing Kassa's requests byte for byte as the wire page shows them, and
//! reading the unit's answers namespace-aware, with any root name, unknown elements and
//! whitespace ignored.

use std::collections::HashMap;
use std::io;

use quick_xml::NsReader;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::name::{Namespace, ResolveResult};

use crate::control_unit::record::{amount_field, date_field, rate_field};
use crate::control_unit::{
    FaultCode, Identity, MainStatus, Record, Registration, StorageStatus, UnitError, UnitErrorKind,
    UnitStatus,
};

/// The namespace of every XCCSP element.
pub const NAMESPACE: &str = "http://www.retailinnovation.se/xccsp";

type Xml = Writer<Vec<u8>>;

fn document(kind: &str, data: impl FnOnce(&mut Xml) -> io::Result<()>) -> io::Result<Vec<u8>> {
    let mut w = Writer::new(Vec::new());
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    // The wire page puts the root on its own line after the declaration.
    w.get_mut().push(b'\n');
    w.write_event(Event::Start(
        BytesStart::new("request").with_attributes([("xmlns", NAMESPACE)]),
    ))?;
    leaf(&mut w, "type", kind)?;
    data(&mut w)?;
    w.write_event(Event::End(BytesEnd::new("request")))?;
    Ok(w.into_inner())
}

fn leaf(w: &mut Xml, name: &str, text: &str) -> io::Result<()> {
    w.write_event(Event::Start(BytesStart::new(name)))?;
    // BytesText::new escapes & < > (a designation or a code never has them; still correct).
    w.write_event(Event::Text(BytesText::new(text)))?;
    w.write_event(Event::End(BytesEnd::new(name)))
}

fn open(w: &mut Xml, name: &str) -> io::Result<()> {
    w.write_event(Event::Start(BytesStart::new(name)))
}

fn close(w: &mut Xml, name: &str) -> io::Result<()> {
    w.write_event(Event::End(BytesEnd::new(name)))
}

/// `RegisterReceipt` for one record.
pub fn register_request(record: &Record, serial_no: u64, new_session: bool) -> io::Result<Vec<u8>> {
    document("RegisterReceipt", |w| {
        open(w, "data")?;
        open(w, "Receipt")?;
        leaf(w, "IsNewSession", if new_session { "1" } else { "0" })?;
        leaf(w, "SerialNo", &serial_no.to_string())?;
        leaf(w, "Date", &date_field(record.time()))?;
        leaf(w, "ReceiptId", &record.receipt_number().to_string())?;
        leaf(w, "PosId", record.register_designation())?;
        leaf(w, "OrgNo", record.organisation_number())?;
        leaf(w, "ReceiptTotal", &amount_field(record.sale_amount()))?;
        leaf(w, "NegativeTotal", &amount_field(record.return_amount()))?;
        leaf(w, "ReceiptType", record.receipt_type().wire_name())?;
        open(w, "VatList")?;
        for (class, slot) in record.vat().iter().enumerate() {
            open(w, "Vat")?;
            leaf(w, "Class", &(class + 1).to_string())?;
            leaf(w, "Percentage", &rate_field(slot.rate))?;
            leaf(w, "Amount", &amount_field(slot.amount))?;
            close(w, "Vat")?;
        }
        close(w, "VatList")?;
        close(w, "Receipt")?;
        close(w, "data")
    })
}

/// `RequestIdentity` (no data).
pub fn identity_request() -> io::Result<Vec<u8>> {
    document("RequestIdentity", |_| Ok(()))
}

/// `RequestStatus` (no data).
pub fn status_request() -> io::Result<Vec<u8>> {
    document("RequestStatus", |_| Ok(()))
}

/// An answer read: the text of each XCCSP element by its path below the root
/// (`type`, `data/RegisterResult/Code`); the first of a repeated path wins.
#[derive(Debug, Default)]
pub struct Answer {
    fields: HashMap<String, String>,
}

fn garbled(why: impl std::fmt::Display) -> UnitError {
    UnitError::new(
        UnitErrorKind::Garbled,
        format!("the answer is not an XCCSP document: {why}"),
    )
}

impl Answer {
    /// Reads a document. Anything that is not well-formed XML with a root is garbled.
    pub fn read(body: &[u8]) -> Result<Answer, UnitError> {
        let text = std::str::from_utf8(body).map_err(|_| garbled("not UTF-8"))?;
        let mut reader = NsReader::from_str(text);
        let ns = Namespace(NAMESPACE);
        // The path of open elements; None marks an element outside the namespace, so nothing
        // below it is read as XCCSP.
        let mut path: Vec<Option<String>> = Vec::new();
        let mut texts: Vec<String> = Vec::new();
        let mut seen_root = false;
        let mut fields = HashMap::new();
        loop {
            let (resolved, event) = reader.read_resolved_event().map_err(garbled)?;
            let ours = matches!(resolved, ResolveResult::Bound(n) if n == ns);
            match event {
                Event::Start(e) => {
                    if path.is_empty() {
                        if seen_root {
                            return Err(garbled("two root elements"));
                        }
                        seen_root = true;
                    }
                    let name = e.local_name().as_ref().to_owned();
                    path.push(ours.then_some(name));
                    texts.push(String::new());
                }
                Event::Empty(e) => {
                    if path.is_empty() {
                        if seen_root {
                            return Err(garbled("two root elements"));
                        }
                        seen_root = true;
                    } else if ours {
                        let name = e.local_name().as_ref().to_owned();
                        if let Some(key) = key_of(&path, &name) {
                            fields.entry(key).or_insert_with(String::new);
                        }
                    }
                }
                Event::End(_) => {
                    let name = path
                        .pop()
                        .ok_or_else(|| garbled("an end without a start"))?;
                    let text = texts.pop().unwrap_or_default();
                    if let Some(name) = name
                        && let Some(key) = key_of(&path, &name)
                    {
                        fields.entry(key).or_insert_with(|| text.trim().to_owned());
                    }
                }
                Event::Text(t) => {
                    if let Some(current) = texts.last_mut() {
                        current.push_str(&t.xml10_content());
                    } else if !t.xml10_content().trim().is_empty() {
                        return Err(garbled("text outside the root"));
                    }
                }
                Event::CData(t) => {
                    let raw = t.into_inner();
                    match texts.last_mut() {
                        Some(current) => current.push_str(&raw),
                        None => return Err(garbled("text outside the root")),
                    }
                }
                Event::GeneralRef(r) => {
                    let resolved = match r.resolve_char_ref().map_err(garbled)? {
                        Some(c) => c.to_string(),
                        None => {
                            let name = r.xml10_content();
                            quick_xml::escape::resolve_predefined_entity(&name)
                                .ok_or_else(|| garbled(format!("unknown entity &{name};")))?
                                .to_owned()
                        }
                    };
                    match texts.last_mut() {
                        Some(current) => current.push_str(&resolved),
                        None => return Err(garbled("text outside the root")),
                    }
                }
                Event::Eof => break,
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
            }
        }
        if !path.is_empty() {
            return Err(garbled("the document ends inside an element"));
        }
        if !seen_root {
            return Err(garbled("no root element"));
        }
        Ok(Answer { fields })
    }

    fn get(&self, path: &str) -> Option<&str> {
        self.fields.get(path).map(String::as_str)
    }

    fn need(&self, path: &str) -> Result<&str, UnitError> {
        self.get(path)
            .ok_or_else(|| garbled(format!("no {path} in the answer")))
    }

    fn number(&self, path: &str) -> Result<u32, UnitError> {
        let raw = self.need(path)?;
        raw.parse()
            .map_err(|_| garbled(format!("{path} is not a number")))
    }

    /// The answer's `type`.
    pub fn kind(&self) -> Option<&str> {
        self.get("type")
    }

    /// The unit's fault, when the answer is a `Fault`.
    pub fn fault(&self) -> Option<UnitError> {
        if self.kind() != Some("Fault") {
            return None;
        }
        let code = match self.number("data/FaultInfo/Code") {
            Ok(code) => code,
            Err(e) => return Some(e),
        };
        let short = self.get("data/FaultInfo/ShortMessage").unwrap_or("");
        let long = self.get("data/FaultInfo/Message").unwrap_or("");
        Some(UnitError::new(
            UnitErrorKind::Fault(FaultCode::Xccsp(code)),
            format!("the unit answered fault {code}: {short}; {long}"),
        ))
    }

    fn expect(&self, kind: &str) -> Result<(), UnitError> {
        if let Some(fault) = self.fault() {
            return Err(fault);
        }
        match self.kind() {
            Some(k) if k == kind => Ok(()),
            Some(k) => Err(garbled(format!("expected {kind}, the unit answered {k}"))),
            None => Err(garbled("no type")),
        }
    }

    pub fn registration(&self) -> Result<Registration, UnitError> {
        self.expect("RegisterReceiptResponse")?;
        let p = "data/RegisterResult/";
        let control_code = self.need(&format!("{p}Code"))?.to_owned();
        let unit_id = self.need(&format!("{p}UnitId"))?.to_owned();
        if control_code.is_empty() || unit_id.is_empty() {
            return Err(garbled("an empty control code or unit id"));
        }
        Ok(Registration {
            control_code,
            unit_id,
            status: UnitStatus {
                main: MainStatus::from_code(self.number(&format!("{p}UnitMainStatus"))?),
                storage: StorageStatus::from_code(self.number(&format!("{p}UnitStorageStatus"))?),
            },
        })
    }

    pub fn identity(&self) -> Result<Identity, UnitError> {
        self.expect("IdentityResponse")?;
        let p = "data/Identity/";
        Ok(Identity {
            unit_id: self.need(&format!("{p}Id"))?.to_owned(),
            unit_type: self.get(&format!("{p}Type")).map(str::to_owned),
            firmware: self.get(&format!("{p}Firmware")).unwrap_or("").to_owned(),
            protocol_version: None,
        })
    }

    pub fn status(&self) -> Result<UnitStatus, UnitError> {
        self.expect("StatusResponse")?;
        let p = "data/Status/";
        Ok(UnitStatus {
            main: MainStatus::from_code(self.number(&format!("{p}MainStatus"))?),
            storage: StorageStatus::from_code(self.number(&format!("{p}StorageStatus"))?),
        })
    }
}

/// The path of an element below the root, or None when an ancestor is not XCCSP's.
fn key_of(parents: &[Option<String>], name: &str) -> Option<String> {
    // parents[0] is the root, whatever its name.
    let mut key = String::new();
    for p in parents.iter().skip(1) {
        key.push_str(p.as_deref()?);
        key.push('/');
    }
    parents.first()?.as_ref()?;
    key.push_str(name);
    Some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_name_prefixes_whitespace_and_unknown_elements_do_not_matter() {
        let doc = br#"<?xml version="1.0"?>
            <x:answer xmlns:x="http://www.retailinnovation.se/xccsp" xmlns:o="urn:other">
              <x:type>StatusResponse</x:type>
              <o:type>Fault</o:type>
              <x:data>
                <x:Extra><x:MainStatus>9</x:MainStatus></x:Extra>
                <x:Status>
                  <x:MainStatus> 1 </x:MainStatus>
                  <x:StorageStatus>2</x:StorageStatus>
                  <x:New/>
                </x:Status>
              </x:data>
            </x:answer>"#;
        let a = Answer::read(doc).unwrap();
        let s = a.status().unwrap();
        assert_eq!(s.main, MainStatus::Warning);
        assert_eq!(s.storage, StorageStatus::Full);
    }

    #[test]
    fn elements_outside_the_namespace_are_not_read() {
        let doc = br#"<response><type>Fault</type><data><FaultInfo><Code>6</Code></FaultInfo></data></response>"#;
        let a = Answer::read(doc).unwrap();
        assert!(a.fault().is_none());
        assert_eq!(a.status().unwrap_err().kind(), &UnitErrorKind::Garbled);
    }

    #[test]
    fn entities_are_resolved() {
        let doc = br#"<r xmlns="http://www.retailinnovation.se/xccsp"><type>IdentityResponse</type><data><Identity><Id>A&amp;B&#67;</Id></Identity></data></r>"#;
        assert_eq!(
            Answer::read(doc).unwrap().identity().unwrap().unit_id,
            "A&BC"
        );
    }

    #[test]
    fn garbage_is_garbled() {
        for body in [
            &b""[..],
            b"garbage",
            b"<r xmlns=\"http://www.retailinnovation.se/xccsp\"><type>x",
            b"<a></b>",
            b"<a/><b/>",
            b"\xff\xfe",
            b"{\"json\": true}",
        ] {
            let e = Answer::read(body).and_then(|a| a.status()).unwrap_err();
            assert_eq!(e.kind(), &UnitErrorKind::Garbled, "{body:?}");
        }
    }
}
