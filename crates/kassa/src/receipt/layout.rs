//! The printed page as a list of blocks, shared by every renderer, so that HTML, PDF and
//! ESC/POS always show the same content in the same order.

/// One block of a receipt or report, top to bottom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// Shop name or report title: bold and centred.
    Heading(String),
    /// Centred plain text (address, organisation number, electronic-receipt wording).
    Centered(String),
    /// KOPIA, ÖVNING or RETUR: at least twice the size of the amounts, as the rules require.
    Marking(String),
    /// A label on the left and an amount on the right; `strong` for the total.
    Row {
        left: String,
        right: String,
        strong: bool,
    },
    /// Plain left-aligned text, wrapped by the renderer.
    Text(String),
    /// A horizontal separator.
    Rule,
    /// A QR code carrying this text (the Kronor purchase id).
    Qr(String),
}

/// A rendered-to-be document: a title (for the HTML `<title>` and PDF metadata) and its blocks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub title: String,
    /// `sv` or `en`, for the HTML `lang` attribute.
    pub lang: &'static str,
    pub blocks: Vec<Block>,
}

impl Layout {
    pub(crate) fn row(&mut self, left: impl Into<String>, right: impl Into<String>) {
        self.blocks.push(Block::Row {
            left: left.into(),
            right: right.into(),
            strong: false,
        });
    }

    pub(crate) fn push(&mut self, block: Block) {
        self.blocks.push(block);
    }

    /// Every text the document shows, in order, for tests and plain-text export.
    pub fn texts(&self) -> Vec<String> {
        self.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading(t) | Block::Centered(t) | Block::Marking(t) | Block::Text(t) => {
                    Some(t.clone())
                }
                Block::Row { left, right, .. } => Some(format!("{left} {right}")),
                Block::Rule | Block::Qr(_) => None,
            })
            .collect()
    }
}
