//! Text that tries to get past the till as something else: printer commands, a row split in
//! two, text that reads backwards or hides characters. Shared by the core and receipt tests.
#![allow(dead_code)]

/// ESC p: opens the cash drawer (pin 0, 0x19 and 0xFA the pulse times).
pub const DRAWER_PULSE: &str = "Kaffe\x1bp\x00\x19\u{fa}";
/// GS V A 0: a second cut; ESC @: resets the printer mid-receipt.
pub const CUT_AND_RESET: &str = "Bulle\x1dV\x41\x00\x1b@";
/// A newline that would print a row of its own under the product.
pub const SPLIT_ROW: &str = "Te\nTotalt 0,00 kr";

/// One of each kind of refused character, inside ordinary text.
pub const HIDDEN: [&str; 12] = [
    DRAWER_PULSE,
    CUT_AND_RESET,
    SPLIT_ROW,
    "Nul\0l",
    "Tab\tbar",
    "Del\x7fete",
    "C1\u{9b}31m",
    "Kaka\u{202e}reverse",
    "Noll\u{200b}bredd",
    "Isolat\u{2066}x\u{2069}",
    "Bom\u{feff}b",
    "Rad\u{2028}slut",
];

/// Cells a spreadsheet would run as formulas.
pub const FORMULAS: [&str; 4] = [
    "=HYPERLINK(\"http://x.se\",\"klicka\")",
    "+1+1",
    "@SUM(A1)",
    "-2+3",
];
