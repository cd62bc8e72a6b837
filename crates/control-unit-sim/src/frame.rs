//! CCSP framing: `#!#LLL#<message>#<LRC>` + CR, with LLL = 11 + the message's length in hex
//! and LRC = XOR of every byte before it, both upper-case hex.

/// XOR of every byte.
pub fn lrc(bytes: &[u8]) -> u8 {
    bytes.iter().fold(0, |acc, b| acc ^ b)
}

/// The frame carrying `message`.
pub fn encode(message: &str) -> Vec<u8> {
    let mut frame = format!("#!#{:03X}#{message}#", 11 + message.len()).into_bytes();
    let check = lrc(&frame);
    frame.extend_from_slice(format!("{check:02X}\r").as_bytes());
    frame
}

/// Why a line is not a frame the unit accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameError {
    /// The LRC does not match (`NAK#001`).
    BadLrc,
    /// Framed, but the length field or the shape is wrong (`NAK#003`).
    Malformed,
}

/// Decodes one frame (with or without its CR) into its message.
pub fn decode(frame: &[u8]) -> Result<&str, FrameError> {
    let frame = frame.strip_suffix(b"\r").unwrap_or(frame);
    // "#!#" + LLL + "#" + message + "#" + LRC, the shortest message being empty.
    if frame.len() < 10 || !frame.starts_with(b"#!#") || frame[6] != b'#' {
        return Err(FrameError::Malformed);
    }
    let (body, check) = frame.split_at(frame.len() - 2);
    let check = std::str::from_utf8(check)
        .ok()
        .filter(|c| c.bytes().all(|b| b.is_ascii_hexdigit()))
        .and_then(|c| u8::from_str_radix(c, 16).ok())
        .ok_or(FrameError::Malformed)?;
    if check != lrc(body) {
        return Err(FrameError::BadLrc);
    }
    let Some(inner) = body.strip_suffix(b"#") else {
        return Err(FrameError::Malformed);
    };
    let message = &inner[7..];
    let length = std::str::from_utf8(&frame[3..6])
        .ok()
        .and_then(|l| usize::from_str_radix(l, 16).ok())
        .ok_or(FrameError::Malformed)?;
    if length != 11 + message.len() {
        return Err(FrameError::Malformed);
    }
    std::str::from_utf8(message).map_err(|_| FrameError::Malformed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pages_worked_example() {
        let frame = encode("SIQ");
        assert!(frame.starts_with(b"#!#00E#SIQ#"));
        assert_eq!(frame.len(), 14);
        assert_eq!(*frame.last().unwrap_or(&0), b'\r');
        assert_eq!(decode(&frame), Ok("SIQ"));
    }

    #[test]
    fn bad_frames_are_told_apart() {
        let mut frame = encode("IQ");
        let n = frame.len();
        frame[n - 2] = if frame[n - 2] == b'0' { b'1' } else { b'0' };
        assert_eq!(decode(&frame), Err(FrameError::BadLrc));
        // A consistent LRC over a wrong length field.
        let mut wrong = b"#!#00F#IQ#".to_vec();
        let check = lrc(&wrong);
        wrong.extend_from_slice(format!("{check:02X}\r").as_bytes());
        assert_eq!(decode(&wrong), Err(FrameError::Malformed));
        assert_eq!(decode(b"hello\r"), Err(FrameError::Malformed));
        assert_eq!(decode(b"#!#"), Err(FrameError::Malformed));
    }
}
