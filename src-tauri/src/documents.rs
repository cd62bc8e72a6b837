//! What the Reports screen and the receipt after a sale receive: documents (receipts, X and
//! Z reports) as lines to show on screen, built from the same layout the printer and the PDF
//! get, and what became of an output (printed, saved as PDF, or the printer's error).

use kassa::receipt::{Block, Layout};
use kassa::report::{DayReport, ReportKind};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::AppError;
use crate::sale_view::Money;

/// One line of a document as the screen shows it (the layout's block).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "DocLine.ts")]
pub struct DocLine {
    /// `heading`, `centered`, `marking`, `row`, `text`, `rule` or `qr`.
    pub kind: String,
    /// The text; for a row its left side.
    pub text: String,
    /// A row's right side (the amount).
    pub right: String,
    /// A row in bold (totals).
    pub strong: bool,
}

/// A document's lines, in order.
pub fn doc_lines(layout: &Layout) -> Vec<DocLine> {
    let line = |kind: &str, text: &str| DocLine {
        kind: kind.to_owned(),
        text: text.to_owned(),
        right: String::new(),
        strong: false,
    };
    layout
        .blocks
        .iter()
        .map(|b| match b {
            Block::Heading(t) => line("heading", t),
            Block::Centered(t) => line("centered", t),
            Block::Marking(t) => line("marking", t),
            Block::Text(t) => line("text", t),
            Block::Rule => line("rule", ""),
            Block::Qr(t) => line("qr", t),
            Block::Row {
                left,
                right,
                strong,
            } => DocLine {
                kind: "row".to_owned(),
                text: left.clone(),
                right: right.clone(),
                strong: *strong,
            },
        })
        .collect()
}

/// An X or Z report as the Reports screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "ReportView.ts")]
pub struct ReportView {
    /// `x` or `z`.
    pub kind: String,
    /// The Z number; `null` for an X report.
    #[ts(type = "number | null")]
    pub number: Option<i64>,
    /// The Swedish day reported on (`YYYY-MM-DD`).
    pub date: String,
    pub register_id: String,
    #[ts(type = "number")]
    pub sales_count: i64,
    pub net: Money,
    #[ts(type = "number")]
    pub training_count: i64,
    pub lines: Vec<DocLine>,
}

impl ReportView {
    pub fn of(report: &DayReport, layout: &Layout) -> ReportView {
        let (kind, number) = match report.kind {
            ReportKind::X => ("x", None),
            ReportKind::Z { number } => ("z", Some(number)),
        };
        ReportView {
            kind: kind.to_owned(),
            number,
            date: report.date.to_string(),
            register_id: report.register_id.clone(),
            sales_count: report.sales.count,
            net: report.net.into(),
            training_count: report.training.count,
            lines: doc_lines(layout),
        }
    }
}

/// A Z report in the list of earlier ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "ZReportSummary.ts")]
pub struct ZReportSummary {
    #[ts(type = "number")]
    pub number: i64,
    pub date: String,
    /// RFC 3339.
    pub made_at: String,
    #[ts(type = "number")]
    pub sales_count: i64,
    pub net: Money,
    /// Training receipts that day (their own series, in no other total).
    #[ts(type = "number")]
    pub training_count: i64,
}

impl From<&DayReport> for ZReportSummary {
    fn from(r: &DayReport) -> Self {
        ZReportSummary {
            number: match r.kind {
                ReportKind::Z { number } => number,
                ReportKind::X => 0,
            },
            date: r.date.to_string(),
            made_at: r.made_at.to_string(),
            sales_count: r.sales.count,
            net: r.net.into(),
            training_count: r.training.count,
        }
    }
}

/// A way out for a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export_to = "OutputChoice.ts")]
pub enum OutputChoice {
    /// ESC/POS to the configured printer.
    Print,
    /// A PDF file in the documents folder.
    Pdf,
}

/// What became of a document sent out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "OutputDone.ts")]
pub struct OutputDone {
    /// `print`, `pdf`, or `none` when nothing was sent.
    pub output: String,
    /// Where the PDF was saved.
    pub pdf_path: Option<String>,
}

/// The receipt of a paid sale and what the after-sale default did with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "ReceiptOutcome.ts")]
pub struct ReceiptOutcome {
    /// The journal entry of the sale: what Print / PDF / Retry send again.
    #[ts(type = "number")]
    pub entry_id: i64,
    #[ts(type = "number")]
    pub receipt_number: i64,
    /// The default in Settings: `print`, `pdf` or `none`.
    pub after_sale: String,
    /// What was done this time (`none` when the default is none, or the receipt had already
    /// been given out by an earlier call).
    pub done: OutputDone,
    /// The default output failed (the printer's error); the sale is registered regardless.
    pub error: Option<AppError>,
    /// The receipt on screen.
    pub lines: Vec<DocLine>,
}
