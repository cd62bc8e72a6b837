//! PDF to save or share, laid out like the paper receipt: an 80 mm wide page as long as the
//! document, in DejaVu Sans Mono (embedded, so å ä ö show everywhere; licence in
//! `assets/fonts/DejaVu-LICENSE.txt`). A monospaced font lets amounts line up flush right
//! exactly as on the thermal printer.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use printpdf::{
    FontMetrics, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point,
    Pt, TextItem,
};

use super::escpos::{row, wrap};
use super::layout::{Block, Layout};
use crate::error::{Error, Result};

const FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSansMono.ttf");
/// DejaVu Sans Mono advances every glyph 1233/2048 em.
const ADVANCE: f32 = 1233.0 / 2048.0;
const PAGE_WIDTH_MM: f32 = 80.0;
const MARGIN_MM: f32 = 5.0;
const BODY_PT: f32 = 9.0;
const HEADING_PT: f32 = 11.0;
/// More than twice the amounts' size, as the rules ask for markings.
const MARKING_PT: f32 = 20.0;

/// The embedded font with its character map and advances, read once. printpdf is used
/// without its layout engine (which would pull in a whole HTML renderer), so the glyph data
/// comes from ttf-parser.
fn font() -> Option<&'static ParsedFont> {
    static FONT_CACHE: OnceLock<Option<ParsedFont>> = OnceLock::new();
    FONT_CACHE.get_or_init(parse_font).as_ref()
}

fn parse_font() -> Option<ParsedFont> {
    let face = ttf_parser::Face::parse(FONT, 0).ok()?;
    let mut map = BTreeMap::new();
    let mut widths = BTreeMap::new();
    for table in face.tables().cmap?.subtables {
        if !table.is_unicode() {
            continue;
        }
        table.codepoints(|cp| {
            if let Some(gid) = table.glyph_index(cp) {
                map.insert(cp, gid.0);
                if let Some(w) = face.glyph_hor_advance(gid) {
                    widths.insert(gid.0, w);
                }
            }
        });
    }
    Some(ParsedFont::with_glyph_data(
        FONT.to_vec(),
        0,
        Some("DejaVuSansMono".into()),
        map,
        widths,
        face.units_per_em(),
        FontMetrics {
            ascent: face.ascender(),
            descent: face.descender(),
        },
    ))
}

fn mm_to_pt(mm: f32) -> f32 {
    mm * 72.0 / 25.4
}

/// Columns of text at `size` across the printable width.
fn columns(size: f32) -> usize {
    let width = mm_to_pt(PAGE_WIDTH_MM - 2.0 * MARGIN_MM);
    (width / (size * ADVANCE)) as usize
}

/// One line to set: text, size, and whether to centre it.
struct Line {
    text: String,
    size: f32,
    center: bool,
}

fn lines(layout: &Layout) -> Vec<Line> {
    let body = columns(BODY_PT);
    let mut out = Vec::new();
    let mut push = |text: String, size: f32, center: bool| out.push(Line { text, size, center });
    for block in &layout.blocks {
        match block {
            Block::Heading(t) => {
                for l in wrap(t, columns(HEADING_PT)) {
                    push(l, HEADING_PT, true);
                }
            }
            Block::Centered(t) => {
                for l in wrap(t, body) {
                    push(l, BODY_PT, true);
                }
            }
            Block::Marking(t) => {
                for l in wrap(t, columns(MARKING_PT)) {
                    push(l, MARKING_PT, true);
                }
            }
            Block::Row { left, right, .. } => {
                for l in row(left, right, body) {
                    push(l, BODY_PT, false);
                }
            }
            Block::Text(t) => {
                for l in wrap(t, body) {
                    push(l, BODY_PT, false);
                }
            }
            Block::Rule => push("-".repeat(body), BODY_PT, false),
            Block::Qr(data) => push(data.clone(), BODY_PT, true),
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
    let lines = lines(layout);
    let margin = mm_to_pt(MARGIN_MM);
    let height: f32 = 2.0 * margin + lines.iter().map(|l| l.size * 1.3).sum::<f32>();
    let width = mm_to_pt(PAGE_WIDTH_MM);
    let mut ops = Vec::with_capacity(lines.len() * 4 + 2);
    let mut y = height - margin;
    for line in &lines {
        y -= line.size * 1.3;
        let text_width = line.text.chars().count() as f32 * line.size * ADVANCE;
        let x = if line.center {
            ((width - text_width) / 2.0).max(margin)
        } else {
            margin
        };
        ops.push(Op::StartTextSection);
        ops.push(Op::SetFont {
            font: PdfFontHandle::External(font_id.clone()),
            size: Pt(line.size),
        });
        ops.push(Op::SetTextCursor {
            pos: Point { x: Pt(x), y: Pt(y) },
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(line.text.clone())],
        });
        ops.push(Op::EndTextSection);
    }
    let page = PdfPage::new(Mm(PAGE_WIDTH_MM), Mm(height * 25.4 / 72.0), ops);
    Ok(doc
        .with_pages(vec![page])
        .save(&PdfSaveOptions::default(), &mut Vec::new()))
}
