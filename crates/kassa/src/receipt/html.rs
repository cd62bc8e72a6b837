//! HTML for the on-screen receipt and the system print dialog: one self-contained page with
//! inline CSS, escaped by maud.

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::layout::{Block, Layout};

/// Receipt-width page; markings at 2.5× the size of the amounts, as the rules ask for ≥ 2×.
const CSS: &str = "body{font-family:'DejaVu Sans',Arial,sans-serif;font-size:14px;margin:0;\
background:#fff;color:#000}\
.receipt{max-width:22em;margin:1em auto;padding:0 1em}\
h1{font-size:1.3em;text-align:center;margin:.3em 0}\
.center{text-align:center;margin:.15em 0}\
.marking{font-size:2.5em;font-weight:bold;text-align:center;letter-spacing:.1em;margin:.2em 0}\
.row{display:flex;justify-content:space-between;gap:1em;margin:.1em 0}\
.row .amount{white-space:nowrap;text-align:right}\
.strong{font-weight:bold;font-size:1.1em}\
.text{margin:.1em 0;white-space:pre-wrap}\
.qr{text-align:center;font-family:monospace;margin:.4em 0}\
hr{border:0;border-top:1px dashed #000;margin:.4em 0}\
@media print{.receipt{margin:0;max-width:none}@page{margin:5mm}}";

/// The whole page.
pub fn render(layout: &Layout) -> String {
    let page = html! {
        (DOCTYPE)
        html lang=(layout.lang) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (layout.title) }
                style { (PreEscaped(CSS)) }
            }
            body {
                main class="receipt" {
                    @for block in &layout.blocks { (block_html(block)) }
                }
            }
        }
    };
    page.into_string()
}

fn block_html(block: &Block) -> Markup {
    html! {
        @match block {
            Block::Heading(t) => h1 { (t) },
            Block::Centered(t) => p class="center" { (t) },
            Block::Marking(t) => p class="marking" { (t) },
            Block::Row { left, right, strong } => {
                div class=@if *strong { "row strong" } @else { "row" } {
                    span { (left) }
                    span class="amount" { (right) }
                }
            },
            Block::Text(t) => p class="text" { (t) },
            Block::Rule => { hr; },
            Block::Qr(data) => div class="qr" {
                @if let Some(svg) = qr_svg(data) { (PreEscaped(svg)) }
                p { (data) }
            },
        }
    }
}

/// The QR code as inline SVG; `None` for data too long for a QR code (the text still shows).
fn qr_svg(data: &str) -> Option<String> {
    let code = qrcode::QrCode::new(data.as_bytes()).ok()?;
    Some(
        code.render::<qrcode::render::svg::Color<'_>>()
            .min_dimensions(96, 96)
            .build(),
    )
}
