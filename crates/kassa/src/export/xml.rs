//! The export's XML, element by element in Skatteverket's types: text of 1 to 72 characters,
//! amounts with a point and two decimals, times `yyyy-MM-ddTHH:mm:ss` in Swedish time without a
//! zone. Written straight to the file as it goes; nothing is kept but the open elements.

use std::io::{self, Write};

use jiff::Timestamp;

use crate::money::Ore;
use crate::vat::{VatRate, swedish_time};

/// The root's namespace (instans).
pub const INSTANS: &str =
    "http://xmls.skatteverket.se/se/skatteverket/td/instans/utredningsstod/1.0";
/// Every other element's namespace (komponent).
pub const KOMPONENT: &str =
    "http://xmls.skatteverket.se/se/skatteverket/td/komponent/utredningsstod/1.0";
/// The root element.
pub const ROOT: &str = "ExportAvDataFranJournalminneEnligtSKVFS2021-16";
/// The longest text Skatteverket's schema takes.
pub const TEXT_MAX: usize = 72;

/// A text as the schema takes it: characters XML cannot carry dropped, spaces trimmed, cut to
/// 72 characters.
pub fn text_value(text: &str) -> std::borrow::Cow<'_, str> {
    let plain = text.len() <= TEXT_MAX
        && !text.starts_with(char::is_whitespace)
        && !text.ends_with(char::is_whitespace)
        && !text.chars().any(char::is_control);
    if plain {
        return std::borrow::Cow::Borrowed(text);
    }
    let clean: String = text
        .chars()
        .filter(|c| !c.is_control() || *c == '\t')
        .collect();
    std::borrow::Cow::Owned(
        clean
            .trim()
            .chars()
            .take(TEXT_MAX)
            .collect::<String>()
            .trim_end()
            .to_owned(),
    )
}

/// `123.45`, `-0.50`.
pub fn amount_value(amount: Ore) -> String {
    let ore = amount.get();
    let sign = if ore < 0 { "-" } else { "" };
    let abs = ore.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// 25 % is `25.00`.
pub fn rate_value(rate: VatRate) -> String {
    let basis = rate.basis();
    format!("{}.{:02}", basis / 100, basis % 100)
}

/// `2026-12-07T14:05:09`, Swedish time, no fraction, no zone.
pub fn time_value(at: Timestamp) -> String {
    swedish_time(at).strftime("%Y-%m-%dT%H:%M:%S").to_string()
}

/// The export being written. Tags are written as they are (the names are Skatteverket's,
/// plain ASCII); text goes through quick-xml's escaping.
pub struct Xml<W: Write> {
    out: W,
    /// The last time written and its text: a receipt's lines share their receipt's time.
    last_time: Option<(Timestamp, String)>,
}

impl<W: Write> Xml<W> {
    /// Writes the declaration and opens the root with both namespaces.
    pub fn begin(mut out: W) -> io::Result<Xml<W>> {
        write!(
            out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<utrein:{ROOT} xmlns:utrein=\"{INSTANS}\" xmlns:utreko=\"{KOMPONENT}\">\n"
        )?;
        Ok(Xml {
            out,
            last_time: None,
        })
    }

    /// Closes the root and hands the output back.
    pub fn finish(mut self) -> io::Result<W> {
        writeln!(self.out, "</utrein:{ROOT}>")?;
        Ok(self.out)
    }

    pub fn open(&mut self, name: &str) -> io::Result<()> {
        self.out.write_all(b"<utreko:")?;
        self.out.write_all(name.as_bytes())?;
        self.out.write_all(b">")
    }

    pub fn close(&mut self, name: &str) -> io::Result<()> {
        self.out.write_all(b"</utreko:")?;
        self.out.write_all(name.as_bytes())?;
        self.out.write_all(b">\n")
    }

    /// A list the schema lets be empty only by leaving it out: written as `<name/>` when a
    /// period has nothing in it, which the cashier is told.
    pub fn empty(&mut self, name: &str) -> io::Result<()> {
        writeln!(self.out, "<utreko:{name}/>")
    }

    /// A value written as it is (numbers, times, codes), escaped.
    pub fn leaf(&mut self, name: &str, value: &str) -> io::Result<()> {
        self.open(name)?;
        self.out
            .write_all(quick_xml::escape::escape(value).as_bytes())?;
        self.close(name)
    }

    /// A text element; a text with nothing left after cleaning is written as `-` (the
    /// element is required where this is used).
    pub fn text(&mut self, name: &str, value: &str) -> io::Result<()> {
        let v = text_value(value);
        self.leaf(name, if v.is_empty() { "-" } else { &v })
    }

    /// A text element left out when there is no text.
    pub fn optional_text(&mut self, name: &str, value: &str) -> io::Result<()> {
        let v = text_value(value);
        if v.is_empty() {
            return Ok(());
        }
        self.leaf(name, &v)
    }

    pub fn amount(&mut self, name: &str, amount: Ore) -> io::Result<()> {
        let ore = amount.get();
        let sign = if ore < 0 { "-" } else { "" };
        let abs = ore.unsigned_abs();
        self.open(name)?;
        write!(self.out, "{sign}{}.{:02}", abs / 100, abs % 100)?;
        self.close(name)
    }

    pub fn count(&mut self, name: &str, n: i64) -> io::Result<()> {
        self.open(name)?;
        write!(self.out, "{n}")?;
        self.close(name)
    }

    pub fn time(&mut self, name: &str, at: Timestamp) -> io::Result<()> {
        let text = match self.last_time.take() {
            Some((t, text)) if t == at => text,
            _ => time_value(at),
        };
        self.open(name)?;
        self.out.write_all(text.as_bytes())?;
        self.last_time = Some((at, text));
        self.close(name)
    }

    pub fn rate(&mut self, name: &str, rate: VatRate) -> io::Result<()> {
        self.leaf(name, &rate_value(rate))
    }

    /// An XML comment, for what the schema has no element for (a failed integrity check).
    pub fn comment(&mut self, text: &str) -> io::Result<()> {
        // "--" may not appear inside a comment.
        let safe = text.replace("--", "- -");
        writeln!(self.out, "<!-- {safe} -->")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_in_skatteverkets_types() {
        assert_eq!(amount_value(Ore::new(12_345)), "123.45");
        assert_eq!(amount_value(Ore::new(-50)), "-0.50");
        assert_eq!(amount_value(Ore::ZERO), "0.00");
        assert_eq!(rate_value(VatRate::percent(25)), "25.00");
        assert_eq!(rate_value(VatRate::from_basis(650)), "6.50");
        let at: Timestamp = "2026-07-01T10:05:09.123Z".parse().unwrap();
        assert_eq!(
            time_value(at),
            "2026-07-01T12:05:09",
            "summer time, no fraction"
        );
        let winter: Timestamp = "2026-12-07T23:30:00Z".parse().unwrap();
        assert_eq!(time_value(winter), "2026-12-08T00:30:00", "the Swedish day");
        let long = "Å".repeat(80);
        assert_eq!(text_value(&long).chars().count(), 72);
        assert_eq!(text_value(" a\u{7}b "), "ab");
    }
}
