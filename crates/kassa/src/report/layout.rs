//! A day report as blocks, printed and exported by the same renderers as receipts.

use super::{DayReport, ReportKind, Tally};
use crate::money::Ore;
use crate::receipt::words::{self as w, Language};
use crate::receipt::{Block, Layout, Shop};
use crate::vat::swedish_time;

impl DayReport {
    /// The report as blocks for [`crate::receipt::html`], [`crate::receipt::pdf`] and
    /// [`crate::receipt::escpos`].
    pub fn layout(&self, shop: &Shop, lang: Language) -> Layout {
        let money = |o: Ore| o.format(lang.locale());
        let say = |word: &w::Word| lang.say(word);
        let counted =
            |word: &w::Word, t: Tally| (format!("{} ({})", say(word), t.count), money(t.amount));
        let title = match self.kind {
            ReportKind::X => say(&w::X_REPORT).to_owned(),
            ReportKind::Z { number } => format!("{} {number}", say(&w::Z_REPORT)),
        };
        let mut l = Layout {
            title: title.clone(),
            lang: lang.code(),
            blocks: Vec::new(),
        };
        l.push(Block::Heading(title));
        if self.training.count > 0 {
            // A day with training sales says so where no one can miss it.
            l.push(Block::Centered(format!(
                "{}: {}",
                say(&w::TRAINING_RECEIPTS),
                self.training.count
            )));
        }
        l.push(Block::Heading(shop.name.clone()));
        l.push(Block::Centered(shop.address.clone()));
        l.push(Block::Centered(format!(
            "{} {}",
            say(&w::ORG_NUMBER),
            shop.org_number
        )));
        l.push(Block::Rule);
        l.row(say(&w::REGISTER), self.register_id.clone());
        if !self.manufacturing_number.is_empty() {
            l.row(
                say(&w::MANUFACTURING_NUMBER),
                self.manufacturing_number.clone(),
            );
        }
        if !self.program_version.is_empty() {
            l.row(
                say(&w::PROGRAM_VERSION),
                format!("{} {}", crate::identity::MODEL, self.program_version),
            );
        }
        l.row(say(&w::DAY), self.date.to_string());
        l.row(
            say(&w::MADE_AT),
            swedish_time(self.made_at)
                .strftime("%Y-%m-%d %H:%M")
                .to_string(),
        );
        l.push(Block::Rule);
        let (a, b) = counted(&w::SALES, self.sales);
        l.row(a, b);
        let (a, b) = counted(&w::RETURNS, self.returns);
        l.row(a, b);
        l.push(Block::Row {
            left: say(&w::NET_SALES).to_owned(),
            right: money(self.net),
            strong: true,
        });
        l.row(say(&w::DISCOUNTS), money(self.discounts));
        l.row(say(&w::RECEIPTS), self.receipts.to_string());
        l.row(say(&w::GOODS_SOLD), self.goods_sold.to_string());
        l.row(say(&w::SERVICES_SOLD), self.services_sold.to_string());
        l.row(say(&w::CHANGE_FLOAT), money(self.cash.float));
        l.row(
            say(&w::DRAWER_OPENINGS),
            self.cash.drawer_openings.to_string(),
        );
        if let (Some(first), Some(last)) = (self.first_receipt, self.last_receipt) {
            l.row(say(&w::RECEIPT_RANGE), format!("{first}-{last}"));
        }
        if !self.per_group.is_empty() {
            l.push(Block::Rule);
            l.push(Block::Text(say(&w::PER_GROUP).to_owned()));
            for g in &self.per_group {
                let name = if g.name.is_empty() {
                    say(&w::NO_GROUP).to_owned()
                } else {
                    g.name.clone()
                };
                l.row(name, money(g.amount));
            }
        }
        l.push(Block::Rule);
        l.push(Block::Text(say(&w::VAT_PER_RATE).to_owned()));
        for r in &self.per_rate {
            l.row(format!("{} {}", say(&w::VAT), r.rate), money(r.tax));
            l.row(format!("  {}", say(&w::NET)), money(r.net()));
            l.row(format!("  {}", say(&w::GROSS)), money(r.total));
        }
        l.push(Block::Rule);
        l.push(Block::Text(say(&w::PER_PAYMENT).to_owned()));
        for p in &self.per_payment {
            l.row(
                format!("{} ({})", lang.payment(p.method), p.count),
                money(p.amount),
            );
        }
        cash_block(&self.cash, say(&w::CASH_DAY), &mut l, lang);
        let training = format!(
            "{}, {}",
            say(&w::CASH_DAY),
            say(&w::TRAINING).to_lowercase()
        );
        cash_block(&self.training_cash, &training, &mut l, lang);
        l.push(Block::Rule);
        for (word, t) in [
            (&w::COPIES, self.copies),
            (&w::TRAINING_RECEIPTS, self.training),
            (&w::CANCELLED, self.cancellations),
            (&w::PARKED, self.parked),
        ] {
            let (a, b) = counted(word, t);
            l.row(a, b);
        }
        l.push(Block::Rule);
        l.row(say(&w::GRAND_SALES), money(self.grand_total.sales));
        l.row(say(&w::GRAND_RETURNS), money(self.grand_total.returns));
        l.push(Block::Row {
            left: say(&w::GRAND_NET).to_owned(),
            right: money(self.grand_total.net),
            strong: true,
        });
        if let Some(code) = &self.journal_head {
            l.push(Block::Rule);
            l.row(say(&w::JOURNAL_HEAD), code.clone());
        }
        l
    }
}

/// A drawer's day, under `title`: what it should hold and, once counted, what it held.
/// Nothing for a day without cash.
fn cash_block(c: &crate::cash::CashDay, title: &str, l: &mut Layout, lang: Language) {
    let money = |o: Ore| o.format(lang.locale());
    let say = |word: &w::Word| lang.say(word);
    let nothing = c.sales.count == 0
        && c.refunds.count == 0
        && c.paid_in.count == 0
        && c.paid_out.count == 0
        && c.float == Ore::ZERO
        && c.counted.is_none();
    if nothing {
        return;
    }
    l.push(Block::Rule);
    l.push(Block::Text(title.to_owned()));
    l.row(say(&w::CHANGE_FLOAT), money(c.float));
    for (word, t) in [
        (&w::CASH_SALES, c.sales),
        (&w::CASH_REFUNDS, c.refunds),
        (&w::PAID_IN, c.paid_in),
    ] {
        l.row(format!("{} ({})", say(word), t.count), money(t.amount));
    }
    l.row(
        format!("{} ({})", say(&w::PAID_OUT), c.paid_out.count),
        money(Ore::new(-c.paid_out.amount.get())),
    );
    l.row(say(&w::ROUNDING), money(c.rounding));
    l.push(Block::Row {
        left: say(&w::CASH_EXPECTED).to_owned(),
        right: money(c.expected),
        strong: true,
    });
    if let (Some(counted), Some(difference)) = (c.counted, c.difference) {
        l.row(say(&w::CASH_COUNTED), money(counted));
        l.push(Block::Row {
            left: say(&w::CASH_DIFFERENCE).to_owned(),
            right: money(difference),
            strong: true,
        });
    }
}
