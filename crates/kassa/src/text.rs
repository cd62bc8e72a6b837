//! The one check on text a person types (product and category names, SKUs, the shop's
//! details, customer fields): no character that is invisible or steers how text is shown.
//!
//! Such characters never belong in a name, and each is a way in: C0 and C1 control bytes are
//! commands to a receipt printer (ESC p opens the drawer, GS V cuts), a newline splits a
//! receipt row, and bidi overrides and zero-width characters make a name read differently from
//! what it is (on screen, on paper and at Kronor).

/// True for a character refused in typed text: C0 and C1 controls (tab and newline too), DEL,
/// bidi embeddings, overrides and isolates, zero-width characters and marks, the byte order
/// mark, and the Unicode line and paragraph separators.
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
        )
}

/// The first refused character of `text`, if any.
pub fn hidden_char(text: &str) -> Option<char> {
    text.chars().find(|c| is_hidden(*c))
}

/// How a refused character is named in messages: `U+001B`, since it cannot be shown.
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}
