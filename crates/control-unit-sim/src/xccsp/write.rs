//! Writing the unit's answer documents: `response` in the XCCSP default namespace, no
//! whitespace between elements, as on the wire page.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::NAMESPACE;
use crate::unit::{Answer, Identity, Refusal};

fn fault_texts(r: Refusal) -> (&'static str, &'static str) {
    match r {
        Refusal::BadLrc => ("Invalid LRC", "Invalid LRC"),
        Refusal::UnknownRequest => ("Unknown request", "The request type is not known"),
        Refusal::InvalidData => ("Invalid data", "Invalid data or parameter"),
        Refusal::NotOperational => ("Not operational", "The unit is not operational"),
        Refusal::InvalidPosId => ("Invalid POS id", "The POS id is not valid for this unit"),
        Refusal::LicenceExceeded => ("Licence exceeded", "The unit's licences are exceeded"),
        Refusal::StorageFull => ("Storage full", "The unit's internal storage is full"),
    }
}

/// Element and text children, written with no whitespace between elements.
enum Node<'a> {
    Text(&'a str, String),
    Elem(&'a str, Vec<Node<'a>>),
}

fn write_node(w: &mut Writer<Vec<u8>>, node: &Node) -> std::io::Result<()> {
    match node {
        Node::Text(name, text) => {
            w.write_event(Event::Start(BytesStart::new(*name)))?;
            w.write_event(Event::Text(BytesText::new(text)))?;
            w.write_event(Event::End(BytesEnd::new(*name)))
        }
        Node::Elem(name, children) => {
            w.write_event(Event::Start(BytesStart::new(*name)))?;
            for c in children {
                write_node(w, c)?;
            }
            w.write_event(Event::End(BytesEnd::new(*name)))
        }
    }
}

fn document(kind: &str, data: Node) -> Vec<u8> {
    let mut w = Writer::new(Vec::new());
    let mut root = BytesStart::new("response");
    root.push_attribute(("xmlns", NAMESPACE));
    let write = || -> std::io::Result<()> {
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        w.get_mut().push(b'\n');
        w.write_event(Event::Start(root))?;
        write_node(&mut w, &Node::Text("type", kind.to_owned()))?;
        write_node(&mut w, &Node::Elem("data", vec![data]))?;
        w.write_event(Event::End(BytesEnd::new("response")))
    };
    // Writing into a Vec cannot fail.
    let _ = write();
    w.into_inner()
}

fn identity_nodes(id: &Identity) -> Vec<Node<'static>> {
    vec![
        Node::Text("Id", id.unit_id.clone()),
        Node::Text("Firmware", id.firmware.clone()),
        Node::Text("Type", id.unit_type.clone()),
    ]
}

/// The response document for an answer; a spoiled answer's own document (`http` decides
/// what of it is sent).
pub(crate) fn write_answer(answer: &Answer, id: &Identity) -> Vec<u8> {
    match answer {
        Answer::Identity(i) => document(
            "IdentityResponse",
            Node::Elem("Identity", identity_nodes(i)),
        ),
        Answer::Status { main, storage } => document(
            "StatusResponse",
            Node::Elem(
                "Status",
                vec![
                    Node::Text("Id", id.unit_id.clone()),
                    Node::Text("Firmware", id.firmware.clone()),
                    Node::Text("InstalledLicenses", id.installed_licences.to_string()),
                    Node::Text("MainStatus", main.to_string()),
                    Node::Text("StorageStatus", storage.to_string()),
                    Node::Text("Type", id.unit_type.clone()),
                ],
            ),
        ),
        Answer::Registered {
            code,
            main,
            storage,
        } => document(
            "RegisterReceiptResponse",
            Node::Elem(
                "RegisterResult",
                vec![
                    Node::Text("Code", code.clone()),
                    Node::Text("UnitId", id.unit_id.clone()),
                    Node::Text("UnitMainStatus", main.to_string()),
                    Node::Text("UnitStorageStatus", storage.to_string()),
                ],
            ),
        ),
        Answer::Refused(r) => {
            let (short, long) = fault_texts(*r);
            document(
                "Fault",
                Node::Elem(
                    "FaultInfo",
                    vec![
                        Node::Text("Code", r.code().to_string()),
                        Node::Text("ShortMessage", short.to_owned()),
                        Node::Text("Message", long.to_owned()),
                    ],
                ),
            )
        }
        Answer::Spoiled(_, inner) => write_answer(inner, id),
    }
}
