//! Reads an ESC/POS stream back into the lines a printer would print, for the test printer
//! and for checking what was sent. Knows the commands [`super::EscPos`] writes and refuses
//! anything else, so a stray byte shows up as an error instead of garbage on paper.

use super::{Align, ESC, GS, LF};

/// One printed line and how it looked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintedLine {
    pub text: String,
    /// Double width and height.
    pub double: bool,
    pub bold: bool,
    pub align: Align,
}

/// Everything a stream prints.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Decoded {
    pub lines: Vec<PrintedLine>,
    /// Data of each QR code printed.
    pub qr_codes: Vec<String>,
    pub cuts: usize,
    /// The code page selected with `ESC t`.
    pub code_page: Option<u8>,
}

impl Decoded {
    /// Just the texts, right-trimmed.
    pub fn texts(&self) -> Vec<String> {
        self.lines
            .iter()
            .map(|l| l.text.trim_end().to_owned())
            .collect()
    }
}

/// Decodes `bytes`; an unknown or cut-off command is an error naming its offset.
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    let mut out = Decoded::default();
    let (mut double, mut bold, mut align) = (false, false, Align::Left);
    let mut text: Vec<u8> = Vec::new();
    let mut qr_data: Option<String> = None;
    let mut i = 0;
    let arg = |at: usize| {
        bytes
            .get(at)
            .copied()
            .ok_or_else(|| format!("command at byte {at} is cut off"))
    };
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            LF => {
                out.lines.push(PrintedLine {
                    text: oem_cp::decode_string_complete_table(
                        &text,
                        &oem_cp::code_table::DECODING_TABLE_CP858,
                    ),
                    double,
                    bold,
                    align,
                });
                text.clear();
                i += 1;
            }
            ESC => {
                let cmd = arg(i + 1)?;
                match cmd {
                    b'@' => {
                        (double, bold, align) = (false, false, Align::Left);
                        i += 2;
                    }
                    b't' => {
                        out.code_page = Some(arg(i + 2)?);
                        i += 3;
                    }
                    b'a' => {
                        align = match arg(i + 2)? {
                            0 | 48 => Align::Left,
                            1 | 49 => Align::Center,
                            _ => Align::Right,
                        };
                        i += 3;
                    }
                    b'E' => {
                        bold = arg(i + 2)? & 1 == 1;
                        i += 3;
                    }
                    other => return Err(format!("unknown command ESC {other:#04x} at byte {i}")),
                }
            }
            GS => {
                let cmd = arg(i + 1)?;
                match cmd {
                    b'!' => {
                        double = arg(i + 2)? == 0x11;
                        i += 3;
                    }
                    b'V' => {
                        let m = arg(i + 2)?;
                        i += if m == 65 || m == 66 { 4 } else { 3 };
                        out.cuts += 1;
                    }
                    b'(' => {
                        if arg(i + 2)? != b'k' {
                            return Err(format!("unknown command GS ( at byte {i}"));
                        }
                        let len = usize::from(u16::from_le_bytes([arg(i + 3)?, arg(i + 4)?]));
                        let end = i + 5 + len;
                        let body = bytes
                            .get(i + 5..end)
                            .ok_or_else(|| format!("QR command at byte {i} is cut off"))?;
                        match body {
                            [49, 80, 48, data @ ..] => {
                                qr_data = Some(String::from_utf8_lossy(data).into_owned());
                            }
                            [49, 81, 48] => out.qr_codes.extend(qr_data.take()),
                            _ => {}
                        }
                        i = end;
                    }
                    other => return Err(format!("unknown command GS {other:#04x} at byte {i}")),
                }
            }
            0x00..=0x1f | 0x7f => return Err(format!("unexpected control byte {b:#04x} at {i}")),
            _ => {
                text.push(b);
                i += 1;
            }
        }
    }
    if !text.is_empty() {
        return Err("the stream ends in the middle of a line".into());
    }
    Ok(out)
}
