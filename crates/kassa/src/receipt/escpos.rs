//! ESC/POS for 58 mm and 80 mm thermal printers.
//!
//! Text is sent in code page 858 (PC858: Latin-1 letters incl. å ä ö Å Ä Ö é ü, plus €),
//! selected with `ESC t 19`, the number Epson and most clones use for PC858. Characters outside
//! it print as `?`, and so does any byte of text that would be a command (below 0x20, or
//! 0x7F): commands only come from [`EscPos`]'s own methods, whatever text reaches it. Markings are double width and height (`GS ! 0x11`), twice the amounts'
//! size; the QR code is drawn by the printer itself (`GS ( k`).

mod decode;

pub use decode::{Decoded, PrintedLine, decode};

use super::layout::{Block, Layout};

/// Paper width, which fixes the characters per line of font A.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Paper {
    /// 58 mm rolls: 32 columns.
    Mm58,
    /// 80 mm rolls: 48 columns.
    Mm80,
}

impl Paper {
    pub fn columns(self) -> usize {
        match self {
            Paper::Mm58 => 32,
            Paper::Mm80 => 48,
        }
    }
}

pub(crate) const ESC: u8 = 0x1b;
pub(crate) const GS: u8 = 0x1d;
pub(crate) const LF: u8 = 0x0a;
/// Epson's number for PC858 in `ESC t`.
pub const CODE_PAGE_PC858: u8 = 19;

/// Builds an ESC/POS byte stream command by command.
#[derive(Debug, Clone, Default)]
pub struct EscPos {
    bytes: Vec<u8>,
}

/// Horizontal alignment (`ESC a`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left = 0,
    Center = 1,
    Right = 2,
}

impl EscPos {
    /// A stream that starts by resetting the printer and selecting PC858.
    pub fn new() -> EscPos {
        let mut p = EscPos {
            bytes: Vec::with_capacity(2048),
        };
        p.bytes
            .extend_from_slice(&[ESC, b'@', ESC, b't', CODE_PAGE_PC858]);
        p
    }

    pub fn align(&mut self, a: Align) -> &mut Self {
        self.bytes.extend_from_slice(&[ESC, b'a', a as u8]);
        self
    }

    pub fn bold(&mut self, on: bool) -> &mut Self {
        self.bytes.extend_from_slice(&[ESC, b'E', u8::from(on)]);
        self
    }

    /// Double width and height on or off.
    pub fn double(&mut self, on: bool) -> &mut Self {
        self.bytes
            .extend_from_slice(&[GS, b'!', if on { 0x11 } else { 0x00 }]);
        self
    }

    /// Text in PC858, then a line feed. A control byte in the text is printed as `?`: one
    /// character stays one column, and ESC, GS or a newline never reach the printer as such.
    pub fn line(&mut self, text: &str) -> &mut Self {
        let encoded = oem_cp::encode_string_lossy(text, &oem_cp::code_table::ENCODING_TABLE_CP858);
        self.bytes.extend(
            encoded
                .into_iter()
                .map(|b| if b < 0x20 || b == 0x7f { b'?' } else { b }),
        );
        self.bytes.push(LF);
        self
    }

    /// A QR code of `data` (model 2, module size 6, error correction M). Data longer than a
    /// QR code carries is left out rather than sent broken.
    pub fn qr(&mut self, data: &str) -> &mut Self {
        let data = data.as_bytes();
        let Ok(len) = u16::try_from(data.len() + 3) else {
            return self;
        };
        let [pl, ph] = len.to_le_bytes();
        self.bytes
            .extend_from_slice(&[GS, b'(', b'k', 4, 0, 49, 65, 50, 0]);
        self.bytes
            .extend_from_slice(&[GS, b'(', b'k', 3, 0, 49, 67, 6]);
        self.bytes
            .extend_from_slice(&[GS, b'(', b'k', 3, 0, 49, 69, 49]);
        self.bytes
            .extend_from_slice(&[GS, b'(', b'k', pl, ph, 49, 80, 48]);
        self.bytes.extend_from_slice(data);
        self.bytes
            .extend_from_slice(&[GS, b'(', b'k', 3, 0, 49, 81, 48]);
        self.bytes.push(LF);
        self
    }

    /// Feeds the paper past the cutter and cuts (`GS V 65 n`).
    pub fn cut(&mut self) -> &mut Self {
        self.bytes.extend_from_slice(&[GS, b'V', 65, 3]);
        self
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

/// The document as an ESC/POS stream for `paper`, ending with a cut.
pub fn render(layout: &Layout, paper: Paper) -> Vec<u8> {
    let cols = paper.columns();
    let mut p = EscPos::new();
    for block in &layout.blocks {
        match block {
            Block::Heading(t) => {
                p.align(Align::Center).bold(true);
                for l in wrap(t, cols) {
                    p.line(&l);
                }
                p.bold(false).align(Align::Left);
            }
            Block::Centered(t) => {
                p.align(Align::Center);
                for l in wrap(t, cols) {
                    p.line(&l);
                }
                p.align(Align::Left);
            }
            Block::Marking(t) => {
                p.align(Align::Center).double(true).bold(true);
                // Double width halves the columns.
                for l in wrap(t, cols / 2) {
                    p.line(&l);
                }
                p.double(false).bold(false).align(Align::Left);
            }
            Block::Row {
                left,
                right,
                strong,
            } => {
                if *strong {
                    p.bold(true);
                }
                for l in row(left, right, cols) {
                    p.line(&l);
                }
                if *strong {
                    p.bold(false);
                }
            }
            Block::Text(t) => {
                for l in wrap(t, cols) {
                    p.line(&l);
                }
            }
            Block::Rule => {
                p.line(&"-".repeat(cols));
            }
            Block::Qr(data) => {
                p.align(Align::Center).qr(data).align(Align::Left);
            }
        }
    }
    p.line("").line("").cut();
    p.into_bytes()
}

/// A label and an amount on one line, the amount flush right; a label too long for that goes
/// on lines of its own with the amount under it.
pub(crate) fn row(left: &str, right: &str, cols: usize) -> Vec<String> {
    let (lw, rw) = (left.chars().count(), right.chars().count());
    if lw + 1 + rw <= cols {
        return vec![format!("{left}{}{right}", " ".repeat(cols - lw - rw))];
    }
    let mut out = wrap(left, cols);
    out.push(format!("{right:>cols$}"));
    out
}

/// Splits text into lines of at most `cols` characters, at spaces where it can.
pub(crate) fn wrap(text: &str, cols: usize) -> Vec<String> {
    // A leading indent is kept on every line.
    let body = text.trim_start_matches(' ');
    let indent = &text[..text.len() - body.len()];
    if !indent.is_empty() && indent.len() < cols {
        return wrap(body, cols - indent.len())
            .into_iter()
            .map(|l| format!("{indent}{l}"))
            .collect();
    }
    let cols = cols.max(1);
    let mut out = Vec::new();
    let mut current = String::new();
    for word in body.split(' ').filter(|w| !w.is_empty()) {
        let mut word: Vec<char> = word.chars().collect();
        loop {
            let used = current.chars().count();
            let gap = usize::from(used > 0);
            if used + gap + word.len() <= cols {
                if gap == 1 {
                    current.push(' ');
                }
                current.extend(word.iter());
                break;
            }
            if used > 0 {
                out.push(std::mem::take(&mut current));
                continue;
            }
            // A word longer than a line is cut.
            let rest = word.split_off(cols);
            out.push(word.iter().collect());
            word = rest;
        }
    }
    if !current.is_empty() || out.is_empty() {
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_put_the_amount_flush_right() {
        assert_eq!(row("Totalt", "12,00 kr", 20), vec!["Totalt      12,00 kr"]);
        let long = row("En mycket lång produkt med namn", "1,00 kr", 16);
        assert_eq!(long.last().map(String::as_str), Some("         1,00 kr"));
        assert!(long.iter().all(|l| l.chars().count() <= 16));
    }

    #[test]
    fn swedish_letters_go_out_in_pc858_and_others_as_question_marks() {
        let mut p = EscPos::new();
        p.line("Åre smörgås ☕");
        let bytes = p.into_bytes();
        // Å = 0x8F, ö = 0x94, å = 0x86 in PC858.
        assert!(bytes.windows(3).any(|w| w == [0x8f, b'r', b'e']));
        assert!(bytes.contains(&0x94) && bytes.contains(&0x86));
        let printed = decode(&bytes).unwrap();
        assert_eq!(printed.texts(), vec!["Åre smörgås ?"]);
        assert!(
            decode(&[ESC, b'X']).is_err(),
            "unknown commands are refused"
        );
    }

    #[test]
    fn text_never_carries_a_command_byte() {
        let mut p = EscPos::new();
        p.line("Kaffe\x1bp\x00\x19\u{fa}\nB\x7f\u{9b}");
        let printed = decode(&p.into_bytes()).unwrap();
        assert_eq!(printed.texts(), vec!["Kaffe?p??ú?B??"]);
    }

    #[test]
    fn wrap_cuts_words_longer_than_a_line() {
        assert_eq!(wrap("abcdefgh ij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 4), vec![""]);
        assert_eq!(wrap("  ab cd", 5), vec!["  ab", "  cd"]);
    }
}
