//! The fixed words of receipts and reports in Swedish and English.

use crate::journal::PaymentMethod;
pub use crate::language::Language;

/// One phrase in both languages.
pub(crate) struct Word {
    pub sv: &'static str,
    pub en: &'static str,
}

impl Language {
    pub(crate) fn say(self, w: &Word) -> &'static str {
        match self {
            Language::Swedish => w.sv,
            Language::English => w.en,
        }
    }

    pub(crate) fn locale(self) -> crate::money::Locale {
        match self {
            Language::Swedish => crate::money::Locale::Swedish,
            Language::English => crate::money::Locale::English,
        }
    }

    pub(crate) fn code(self) -> &'static str {
        match self {
            Language::Swedish => "sv",
            Language::English => "en",
        }
    }

    /// How a payment method is named on paper; Kronor's methods carry its name.
    pub fn payment(self, method: PaymentMethod) -> &'static str {
        let w = match method {
            PaymentMethod::Cash => Word {
                sv: "Kontant",
                en: "Cash",
            },
            PaymentMethod::Card => Word {
                sv: "Kort",
                en: "Card",
            },
            PaymentMethod::Swish => Word {
                sv: "Kronor Swish",
                en: "Kronor Swish",
            },
            PaymentMethod::MobilePay => Word {
                sv: "Kronor MobilePay",
                en: "Kronor MobilePay",
            },
            PaymentMethod::Invoice => Word {
                sv: "Kronor faktura",
                en: "Kronor invoice",
            },
            PaymentMethod::Instalments => Word {
                sv: "Kronor delbetalning",
                en: "Kronor instalments",
            },
            PaymentMethod::PayPal => Word {
                sv: "Kronor PayPal",
                en: "Kronor PayPal",
            },
        };
        self.say(&w)
    }
}

pub(crate) const ORG_NUMBER: Word = Word {
    sv: "Org.nr",
    en: "Org. no.",
};
pub(crate) const REGISTER: Word = Word {
    sv: "Kassa",
    en: "Register",
};
pub(crate) const MANUFACTURING_NUMBER: Word = Word {
    sv: "Tillverkningsnummer",
    en: "Manufacturing number",
};
pub(crate) const GOODS_SOLD: Word = Word {
    sv: "Sålda varor",
    en: "Goods sold",
};
pub(crate) const SERVICES_SOLD: Word = Word {
    sv: "Sålda tjänster",
    en: "Services sold",
};
pub(crate) const PARKED: Word = Word {
    sv: "Parkerade köp",
    en: "Parked sales",
};
pub(crate) const PER_GROUP: Word = Word {
    sv: "Per huvudgrupp",
    en: "Per main group",
};
pub(crate) const NO_GROUP: Word = Word {
    sv: "Utan grupp",
    en: "No group",
};
pub(crate) const CHANGE_FLOAT: Word = Word {
    sv: "Växelkassa",
    en: "Change float",
};
pub(crate) const DRAWER_OPENINGS: Word = Word {
    sv: "Lådöppningar utan köp",
    en: "Drawer openings without a sale",
};
pub(crate) const PROGRAM_VERSION: Word = Word {
    sv: "Program",
    en: "Program",
};
pub(crate) const RECEIPT_NO: Word = Word {
    sv: "Kvitto nr",
    en: "Receipt no.",
};
pub(crate) const DATE: Word = Word {
    sv: "Datum",
    en: "Date",
};
pub(crate) const CASHIER: Word = Word {
    sv: "Kassör",
    en: "Cashier",
};
pub(crate) const EACH: Word = Word {
    sv: "st à",
    en: "at",
};
pub(crate) const DISCOUNT: Word = Word {
    sv: "Rabatt",
    en: "Discount",
};
pub(crate) const TOTAL: Word = Word {
    sv: "Totalt",
    en: "Total",
};
pub(crate) const VAT: Word = Word {
    sv: "Moms",
    en: "VAT",
};
pub(crate) const NET: Word = Word {
    sv: "Netto",
    en: "Net",
};
pub(crate) const GROSS: Word = Word {
    sv: "Brutto",
    en: "Gross",
};
pub(crate) const CONTROL_UNIT: Word = Word {
    sv: "Kontrollenhet",
    en: "Control unit",
};
pub(crate) const CONTROL_CODE: Word = Word {
    sv: "Kontrollkod:",
    en: "Control code:",
};
pub(crate) const PAID_WITH: Word = Word {
    sv: "Betalsätt",
    en: "Paid with",
};
pub(crate) const PURCHASE_ID: Word = Word {
    sv: "Kronor köp-id",
    en: "Kronor purchase id",
};
pub(crate) const MERCHANT_REF: Word = Word {
    sv: "Referens",
    en: "Reference",
};
pub(crate) const RETURN_OF: Word = Word {
    sv: "Retur av kvitto nr",
    en: "Return of receipt no.",
};
pub(crate) const ELECTRONIC: Word = Word {
    sv: "Elektroniskt kvitto",
    en: "Electronic receipt",
};
pub(crate) const COPY: Word = Word {
    sv: "KOPIA",
    en: "COPY",
};
pub(crate) const TRAINING: Word = Word {
    sv: "ÖVNING",
    en: "TRAINING",
};
pub(crate) const RETURN: Word = Word {
    sv: "RETUR",
    en: "RETURN",
};
pub(crate) const THANKS: Word = Word {
    sv: "Tack för ditt köp!",
    en: "Thank you!",
};

// Day reports.
pub(crate) const X_REPORT: Word = Word {
    sv: "X-dagrapport",
    en: "X report",
};
pub(crate) const Z_REPORT: Word = Word {
    sv: "Z-dagrapport nr",
    en: "Z report no.",
};
pub(crate) const DAY: Word = Word {
    sv: "Dag",
    en: "Day",
};
pub(crate) const MADE_AT: Word = Word {
    sv: "Utskriven",
    en: "Made at",
};
pub(crate) const SALES: Word = Word {
    sv: "Försäljning",
    en: "Sales",
};
pub(crate) const RETURNS: Word = Word {
    sv: "Returer",
    en: "Returns",
};
pub(crate) const NET_SALES: Word = Word {
    sv: "Nettoförsäljning",
    en: "Net sales",
};
pub(crate) const DISCOUNTS: Word = Word {
    sv: "Rabatter",
    en: "Discounts",
};
pub(crate) const RECEIPTS: Word = Word {
    sv: "Antal kvitton",
    en: "Receipts",
};
pub(crate) const RECEIPT_RANGE: Word = Word {
    sv: "Kvitton nr",
    en: "Receipt nos.",
};
pub(crate) const VAT_PER_RATE: Word = Word {
    sv: "Moms per sats",
    en: "VAT per rate",
};
pub(crate) const PER_PAYMENT: Word = Word {
    sv: "Per betalsätt",
    en: "Per payment method",
};
pub(crate) const COPIES: Word = Word {
    sv: "Kopior",
    en: "Copies",
};
pub(crate) const TRAINING_RECEIPTS: Word = Word {
    sv: "Övningskvitton",
    en: "Training receipts",
};
pub(crate) const CANCELLED: Word = Word {
    sv: "Avbrutna köp",
    en: "Cancelled sales",
};
pub(crate) const GRAND_SALES: Word = Word {
    sv: "Grandtotal försäljning",
    en: "Grand total sales",
};
pub(crate) const GRAND_RETURNS: Word = Word {
    sv: "Grandtotal returer",
    en: "Grand total returns",
};
pub(crate) const GRAND_NET: Word = Word {
    sv: "Grandtotal netto",
    en: "Grand total net",
};
pub(crate) const JOURNAL_HEAD: Word = Word {
    sv: "Journalkod",
    en: "Journal code",
};

// Cash: the receipt's rounding and change, the report's cash day.
pub(crate) const ROUNDING: Word = Word {
    sv: "Öresavrundning",
    en: "Rounding",
};
pub(crate) const TO_PAY: Word = Word {
    sv: "Att betala",
    en: "To pay",
};
pub(crate) const TENDERED: Word = Word {
    sv: "Mottaget",
    en: "Received",
};
pub(crate) const CHANGE: Word = Word {
    sv: "Växel",
    en: "Change",
};
pub(crate) const CASH_DAY: Word = Word {
    sv: "Kontanter",
    en: "Cash",
};
pub(crate) const CASH_SALES: Word = Word {
    sv: "Kontantförsäljning",
    en: "Cash sales",
};
pub(crate) const CASH_REFUNDS: Word = Word {
    sv: "Kontantåterbetalning",
    en: "Cash refunds",
};
pub(crate) const PAID_IN: Word = Word {
    sv: "Insättning",
    en: "Paid in",
};
pub(crate) const PAID_OUT: Word = Word {
    sv: "Uttag",
    en: "Paid out",
};
pub(crate) const CASH_EXPECTED: Word = Word {
    sv: "Förväntat i lådan",
    en: "Expected in drawer",
};
pub(crate) const CASH_COUNTED: Word = Word {
    sv: "Räknat",
    en: "Counted",
};
pub(crate) const CASH_DIFFERENCE: Word = Word {
    sv: "Differens",
    en: "Difference",
};
