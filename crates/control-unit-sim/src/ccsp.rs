//! CCSP messages: reading `SIQ`, `IQ` and `RR#…` and writing `SIR`, `IR`, `RR` and `NAK`,
//! as the wire page has them (v2).

use crate::frame::{self, FrameError};
use crate::record::{Record, Vat};
use crate::unit::{Answer, Identity, Refusal, Request};

/// CCSP's protocol version, answered in `IR`.
pub const PROTOCOL_VERSION: &str = "2";

/// Reads one line from the till: a frame with a wrong LRC is `NAK#001`, a broken frame
/// `NAK#003`.
pub(crate) fn read_frame(line: &[u8]) -> Result<Request, Refusal> {
    match frame::decode(line) {
        Ok(message) => read_message(message),
        Err(FrameError::BadLrc) => Err(Refusal::BadLrc),
        Err(FrameError::Malformed) => Err(Refusal::InvalidData),
    }
}

fn read_message(message: &str) -> Result<Request, Refusal> {
    let fields: Vec<&str> = message.split('#').collect();
    match fields.as_slice() {
        ["SIQ"] => Ok(Request::Status),
        ["IQ"] => Ok(Request::Identity),
        ["RR", rest @ ..] => register(rest),
        ["SIQ" | "IQ", ..] => Err(Refusal::InvalidData),
        _ => Err(Refusal::UnknownRequest),
    }
}

/// `RR#<serial no>#<date>#<receipt no>#<register>#<org no>#<sale>#<return>#<type>#<vat1..4>`.
fn register(fields: &[&str]) -> Result<Request, Refusal> {
    let [
        serial_no,
        date,
        receipt_id,
        pos_id,
        org_no,
        sale,
        ret,
        kind,
        vats @ ..,
    ] = fields
    else {
        return Err(Refusal::InvalidData);
    };
    if vats.len() != 4 {
        return Err(Refusal::InvalidData);
    }
    if serial_no.is_empty()
        || serial_no.len() > 20
        || !serial_no.bytes().all(|b| b.is_ascii_digit())
        || serial_no.starts_with('0')
    {
        return Err(Refusal::InvalidData);
    }
    let mut vat = Vec::new();
    for slot in vats.iter().filter(|s| !s.is_empty()) {
        let (rate, amount) = slot.split_once(';').ok_or(Refusal::InvalidData)?;
        vat.push(Vat {
            rate: rate.to_owned(),
            amount: amount.to_owned(),
        });
    }
    let record = Record {
        date: (*date).to_owned(),
        org_no: (*org_no).to_owned(),
        pos_id: (*pos_id).to_owned(),
        receipt_id: (*receipt_id).to_owned(),
        receipt_type: (*kind).to_owned(),
        negative_total: (*ret).to_owned(),
        receipt_total: (*sale).to_owned(),
        vat,
    };
    record.validate().map_err(|_| Refusal::InvalidData)?;
    Ok(Request::Register {
        serial_no: (*serial_no).to_owned(),
        is_new_session: None,
        record: Box::new(record),
    })
}

/// The message (unframed) answering `answer`; spoiling is the serial module's job.
pub(crate) fn answer_message(answer: &Answer, id: &Identity) -> String {
    match answer {
        Answer::Identity(i) => format!("IR#{}#{PROTOCOL_VERSION}#{}", i.unit_id, i.firmware),
        Answer::Status { main, storage } => format!("SIR#{main}#{storage}"),
        Answer::Registered {
            code,
            main,
            storage,
        } => format!("RR#{code}#{}#{main}#{storage}", id.unit_id),
        Answer::Refused(r) => format!("NAK#{:03}", r.code()),
        Answer::Spoiled(_, inner) => answer_message(inner, id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_read_per_the_page() {
        assert_eq!(read_message("SIQ"), Ok(Request::Status));
        assert_eq!(read_message("IQ"), Ok(Request::Identity));
        assert_eq!(read_message("XX"), Err(Refusal::UnknownRequest));
        assert_eq!(read_message(""), Err(Refusal::UnknownRequest));
        let rr = "RR#1#202612071130#42#KASSA1#5566778899#149,00#0,00#normal#25,00;29,80###";
        match read_message(rr) {
            Ok(Request::Register {
                serial_no, record, ..
            }) => {
                assert_eq!(serial_no, "1");
                assert_eq!(
                    record.signed_text(),
                    "202612071130;5566778899;KASSA1;42;normal;0,00;149,00;25,00;29,80"
                );
            }
            other => panic!("{other:?}"),
        }
        // 12 fields, not 13.
        let short = "RR#1#202612071130#42#KASSA1#5566778899#149,00#0,00#normal#25,00;29,80##";
        assert_eq!(read_message(short), Err(Refusal::InvalidData));
        let no_vat = "RR#1#202612071130#42#KASSA1#5566778899#149,00#0,00#normal####";
        assert_eq!(read_message(no_vat), Err(Refusal::InvalidData));
    }
}
