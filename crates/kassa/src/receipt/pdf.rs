//! PDF to save or share, laid out like the paper receipt: an 80 mm wide page as long as the
//! document, in DejaVu Sans Mono (embedded, so å ä ö show everywhere; licence in
//! `assets/fonts/DejaVu-LICENSE.txt`). A monospaced font lets amounts line up flush right
//! exactly as on the thermal printer. That needs one cell per character, so a character the
//! font has no full-width glyph for (an emoji, a control character) is set as `?`.

use std::sync::OnceLock;

use printpdf::{
    LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions,
    Point, Polygon, PolygonRing, Pt, TextItem, WindingOrder,
};
use qrcode::{Color, QrCode};
use unicode_normalization::UnicodeNormalization;

use super::escpos::{row, wrap};
use super::layout::{Block, Layout};
use crate::error::{Error, Result};

const FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSansMono.ttf");
/// DejaVu Sans Mono advances every glyph 1233/2048 em.
const ADVANCE_UNITS: u16 = 1233;
const ADVANCE: f32 = ADVANCE_UNITS as f32 / 2048.0;
const PAGE_WIDTH_MM: f32 = 80.0;
const MARGIN_MM: f32 = 5.0;
const BODY_PT: f32 = 9.0;
const HEADING_PT: f32 = 11.0;
/// More than twice the amounts' size, as the rules ask for markings.
const MARKING_PT: f32 = 20.0;
/// A QR module: 0.75 mm, so a purchase id's code is about 16 mm wide, readable by any phone.
const QR_MODULE_MM: f32 = 0.75;
/// White space above and below a QR code, in modules.
const QR_QUIET: usize = 2;

/// The embedded font with its character map and advances, read once. printpdf parses them
/// without its layout engine too (which would pull in a whole HTML renderer).
fn font() -> Option<&'static ParsedFont> {
    static FONT_CACHE: OnceLock<Option<ParsedFont>> = OnceLock::new();
    FONT_CACHE.get_or_init(parse_font).as_ref()
}

fn parse_font() -> Option<ParsedFont> {
    let mut font = ParsedFont::from_bytes(FONT, 0, &mut Vec::new())?;
    // The PDF's font name; printpdf leaves it empty without its layout engine.
    font.font_name = Some("DejaVuSansMono".into());
    Some(font)
}

fn mm_to_pt(mm: f32) -> f32 {
    mm * 72.0 / 25.4
}

/// Columns of text at `size` across the printable width.
fn columns(size: f32) -> usize {
    let width = mm_to_pt(PAGE_WIDTH_MM - 2.0 * MARGIN_MM);
    (width / (size * ADVANCE)) as usize
}

/// One thing to set, top to bottom: a line of text (size, centred or not), or a QR code's
/// modules (`width` × `width`, dark ones true), centred.
enum Line {
    Text {
        text: String,
        size: f32,
        center: bool,
    },
    Qr {
        width: usize,
        dark: Vec<bool>,
    },
}

impl Line {
    /// The height it takes, in points.
    fn height(&self) -> f32 {
        match self {
            Line::Text { size, .. } => size * 1.3,
            Line::Qr { width, .. } => (width + 2 * QR_QUIET) as f32 * mm_to_pt(QR_MODULE_MM),
        }
    }
}

/// `text` as the font sets it one cell per character: composed (NFC), and `?` for whatever
/// has no glyph of the font's one advance (emoji, zero-width and control characters). Without
/// this a missing glyph is set wider than a cell and pushes the amount off the page.
fn printable(font: &ParsedFont, text: &str) -> String {
    text.nfc()
        .map(|c| {
            let advance = font
                .lookup_glyph_index(u32::from(c))
                .and_then(|gid| font.get_glyph_width(gid));
            if advance == Some(ADVANCE_UNITS) && !crate::text::is_hidden(c) {
                c
            } else {
                '?'
            }
        })
        .collect()
}

fn lines(layout: &Layout, font: &ParsedFont) -> Vec<Line> {
    let body = columns(BODY_PT);
    let mut out = Vec::new();
    let push = |out: &mut Vec<Line>, text: String, size: f32, center: bool| {
        out.push(Line::Text { text, size, center })
    };
    let fit = |text: &str| printable(font, text);
    for block in &layout.blocks {
        match block {
            Block::Heading(t) => {
                for l in wrap(&fit(t), columns(HEADING_PT)) {
                    push(&mut out, l, HEADING_PT, true);
                }
            }
            Block::Centered(t) => {
                for l in wrap(&fit(t), body) {
                    push(&mut out, l, BODY_PT, true);
                }
            }
            Block::Marking(t) => {
                for l in wrap(&fit(t), columns(MARKING_PT)) {
                    push(&mut out, l, MARKING_PT, true);
                }
            }
            Block::Row { left, right, .. } => {
                for l in row(&fit(left), &fit(right), body) {
                    push(&mut out, l, BODY_PT, false);
                }
            }
            Block::Text(t) => {
                for l in wrap(&fit(t), body) {
                    push(&mut out, l, BODY_PT, false);
                }
            }
            Block::Rule => push(&mut out, "-".repeat(body), BODY_PT, false),
            Block::Qr(data) => match QrCode::new(data.as_bytes()) {
                Ok(code) => {
                    let dark = code.to_colors().iter().map(|c| *c == Color::Dark).collect();
                    out.push(Line::Qr {
                        width: code.width(),
                        dark,
                    });
                }
                // Too long to encode (never for a purchase id): the text itself.
                Err(_) => push(&mut out, fit(data), BODY_PT, true),
            },
        }
    }
    out
}

/// The document as a one-page PDF.
pub fn render(layout: &Layout) -> Result<Vec<u8>> {
    let font = font().ok_or_else(|| {
        Error::InvalidJournalEntry("the receipt font built into Kassa cannot be read".into())
    })?;
    let mut doc = PdfDocument::new(&layout.title);
    let font_id = doc.add_font(font);
    let lines = lines(layout, font);
    let margin = mm_to_pt(MARGIN_MM);
    let height: f32 = 2.0 * margin + lines.iter().map(Line::height).sum::<f32>();
    let width = mm_to_pt(PAGE_WIDTH_MM);
    let mut ops = Vec::with_capacity(lines.len() * 4 + 2);
    let mut y = height - margin;
    for line in &lines {
        y -= line.height();
        let (text, size, center) = match line {
            Line::Text { text, size, center } => (text, *size, *center),
            Line::Qr { width: n, dark } => {
                draw_qr(&mut ops, *n, dark, (width, y));
                continue;
            }
        };
        let text_width = text.chars().count() as f32 * size * ADVANCE;
        let x = if center {
            ((width - text_width) / 2.0).max(margin)
        } else {
            margin
        };
        ops.push(Op::StartTextSection);
        ops.push(Op::SetFont {
            font: PdfFontHandle::External(font_id.clone()),
            size: Pt(size),
        });
        ops.push(Op::SetTextCursor {
            pos: Point { x: Pt(x), y: Pt(y) },
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(text.clone())],
        });
        ops.push(Op::EndTextSection);
    }
    let page = PdfPage::new(Mm(PAGE_WIDTH_MM), Mm(height * 25.4 / 72.0), ops);
    Ok(doc
        .with_pages(vec![page])
        .save(&PdfSaveOptions::default(), &mut Vec::new()))
}

/// Draws a QR code of `n` × `n` modules (`dark`, row by row from the top) centred across a
/// page `page_width` wide, in the band whose bottom edge is `bottom` (PDF points count up):
/// one filled path with a square per dark module.
fn draw_qr(ops: &mut Vec<Op>, n: usize, dark: &[bool], (page_width, bottom): (f32, f32)) {
    let module = mm_to_pt(QR_MODULE_MM);
    let left = (page_width - n as f32 * module) / 2.0;
    let top = bottom + (n + QR_QUIET) as f32 * module;
    let corner = |x: f32, y: f32| LinePoint {
        p: Point { x: Pt(x), y: Pt(y) },
        bezier: false,
    };
    let rings = dark
        .iter()
        .enumerate()
        .filter(|(_, d)| **d)
        .map(|(i, _)| {
            let x = left + (i % n) as f32 * module;
            let y = top - (i / n + 1) as f32 * module;
            PolygonRing {
                points: vec![
                    corner(x, y),
                    corner(x + module, y),
                    corner(x + module, y + module),
                    corner(x, y + module),
                ],
            }
        })
        .collect();
    ops.push(Op::DrawPolygon {
        polygon: Polygon {
            rings,
            mode: PaintMode::Fill,
            winding_order: WindingOrder::NonZero,
        },
    });
}
