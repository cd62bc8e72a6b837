//! The CCSP frame: `#!#LLL#<message>#<LRC>` and CR. `LLL` is three upper-case hex digits, the
//! length of the whole frame with its CR (11 + the message); `LRC` two upper-case hex digits,
//! the XOR of every byte of `#!#LLL#<message>#`. Fields of the message are `#`-separated.

/// Bytes of a frame around its message: `#!#LLL#`, `#`, the LRC and CR.
pub const OVERHEAD: usize = 11;
/// The largest frame `LLL` can state.
pub const MAX_FRAME: usize = 0xFFF;

/// Why bytes are not a frame.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrameError {
    #[error("the frame does not end with CR")]
    MissingCr,
    #[error("the frame has a non-ASCII byte or a control character")]
    NotAscii,
    #[error("the frame is {0} bytes, shorter than any frame")]
    TooShort(usize),
    #[error("the frame does not start with #!#LLL#")]
    BadStart,
    #[error("the frame states {stated} bytes but has {actual}")]
    WrongLength { stated: usize, actual: usize },
    #[error("the frame's check value is {got}, its bytes give {expected:02X}")]
    BadLrc { expected: u8, got: String },
    #[error("the message is too long for a frame")]
    TooLong,
    #[error("the message has a field with CR, '#' or a non-ASCII character")]
    BadField,
}

/// The XOR of every byte.
pub fn lrc(bytes: &[u8]) -> u8 {
    bytes.iter().fold(0, |acc, b| acc ^ b)
}

fn is_frame_byte(b: u8) -> bool {
    b.is_ascii() && !b.is_ascii_control()
}

/// Frames a message given as its fields (`["SIQ"]`, `["RR", "1", …]`).
pub fn encode<S: AsRef<str>>(fields: &[S]) -> Result<Vec<u8>, FrameError> {
    let mut message = String::new();
    for (i, field) in fields.iter().enumerate() {
        let field = field.as_ref();
        if !field.bytes().all(is_frame_byte) || field.contains('#') {
            return Err(FrameError::BadField);
        }
        if i > 0 {
            message.push('#');
        }
        message.push_str(field);
    }
    let total = OVERHEAD + message.len();
    if total > MAX_FRAME {
        return Err(FrameError::TooLong);
    }
    let mut frame = format!("#!#{total:03X}#{message}#").into_bytes();
    let check = lrc(&frame);
    frame.extend_from_slice(format!("{check:02X}\r").as_bytes());
    Ok(frame)
}

/// Reads one whole frame (with its CR) back into its message's fields.
pub fn decode(frame: &[u8]) -> Result<Vec<String>, FrameError> {
    let Some((&last, body)) = frame.split_last() else {
        return Err(FrameError::MissingCr);
    };
    if last != b'\r' {
        return Err(FrameError::MissingCr);
    }
    if !body.iter().all(|b| is_frame_byte(*b)) {
        return Err(FrameError::NotAscii);
    }
    // `#!#LLL#` + `#` + LRC + CR: an empty message is the shortest frame.
    if frame.len() < OVERHEAD {
        return Err(FrameError::TooShort(frame.len()));
    }
    let stated = &body[3..6];
    if &body[..3] != b"#!#"
        || body[6] != b'#'
        || !stated
            .iter()
            .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(b))
    {
        return Err(FrameError::BadStart);
    }
    // ASCII checked above, so this is valid UTF-8 and valid hex.
    let stated = usize::from_str_radix(&String::from_utf8_lossy(stated), 16)
        .map_err(|_| FrameError::BadStart)?;
    if stated != frame.len() {
        return Err(FrameError::WrongLength {
            stated,
            actual: frame.len(),
        });
    }
    let (checked, got) = body.split_at(body.len() - 2);
    if checked.last() != Some(&b'#') {
        return Err(FrameError::BadStart);
    }
    let expected = lrc(checked);
    if got != format!("{expected:02X}").as_bytes() {
        return Err(FrameError::BadLrc {
            expected,
            got: String::from_utf8_lossy(got).into_owned(),
        });
    }
    let message = &checked[7..checked.len() - 1];
    Ok(String::from_utf8_lossy(message)
        .split('#')
        .map(str::to_owned)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    // SIQ by hand: 23^21=02, ^23=21, ^30=11, ^30=21, ^45('E')=64, ^23=47, ^53('S')=14,
    // ^49('I')=5D, ^51('Q')=0C, ^23=2F. The frame is 14 = 0x00E bytes with its CR.
    const SIQ: &[u8] = b"#!#00E#SIQ#2F\r";

    #[test]
    fn the_worked_example_matches_the_hand_computation() {
        assert_eq!(encode(&["SIQ"]).unwrap(), SIQ);
        assert_eq!(lrc(b"#!#00E#SIQ#"), 0x2F);
        assert_eq!(decode(SIQ).unwrap(), ["SIQ"]);
        assert_eq!(encode(&["IQ"]).unwrap(), b"#!#00D#IQ#7D\r");
    }

    #[test]
    fn fields_round_trip_with_empty_ones_kept() {
        let fields = ["RR", "1", "25,00;29,80", "", ""];
        let frame = encode(&fields).unwrap();
        assert_eq!(decode(&frame).unwrap(), fields);
        assert_eq!(frame.len(), OVERHEAD + "RR#1#25,00;29,80##".len());
    }

    #[test]
    fn bad_frames_are_refused_by_kind() {
        assert_eq!(decode(b"#!#00E#SIQ#2F"), Err(FrameError::MissingCr));
        assert_eq!(decode(b""), Err(FrameError::MissingCr));
        assert_eq!(
            decode(b"#!#00E#SIQ#2E\r"),
            Err(FrameError::BadLrc {
                expected: 0x2F,
                got: "2E".into()
            })
        );
        assert_eq!(
            decode(b"#!#00F#SIQ#2F\r"),
            Err(FrameError::WrongLength {
                stated: 15,
                actual: 14
            })
        );
        assert_eq!(decode(b"#!#00e#SIQ#2F\r"), Err(FrameError::BadStart));
        assert_eq!(decode(b"#?#00E#SIQ#2F\r"), Err(FrameError::BadStart));
        assert_eq!(decode(b"#!#00E#S\xc3Q#2F\r"), Err(FrameError::NotAscii));
        assert_eq!(decode(b"#!#00E#S\nQ#2F\r"), Err(FrameError::NotAscii));
        assert_eq!(decode(b"#!#00\r"), Err(FrameError::TooShort(6)));
        assert_eq!(decode(b"#!#00E#SIQ"), Err(FrameError::MissingCr));
        assert_eq!(encode(&["A#B"]), Err(FrameError::BadField));
        assert_eq!(encode(&["Å"]), Err(FrameError::BadField));
        assert_eq!(encode(&["x".repeat(MAX_FRAME)]), Err(FrameError::TooLong));
    }
}
