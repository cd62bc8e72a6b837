// The customer display's strings (the second screen facing the customer) and the Sell
// screen's button for it, Swedish and English; merged into lib/i18n.ts. Every key needs both.

export const sv = {
  "display.open": "Kundskärm (F10)",
  "display.close": "Stäng kundskärmen (F10)",
  "display.help": "Öppna eller stäng kundskärmen",
  "display.welcome": "Välkommen!",
  "display.welcomeTo": "Välkommen till {shop}!",
  "display.total": "Att betala",
  "display.vat": "varav moms {amount}",
  "display.discount": "Rabatt",
  "display.scan": "Skanna QR-koden med mobilen och godkänn med BankID",
  "display.scanSwish": "Skanna QR-koden i Swish-appen och betala",
  "display.waiting": "Vänta lite…",
  "display.approved": "Betalningen är godkänd. Tack för ditt köp!",
  "display.rejected": "Betalningen nekades. Ingenting har debiterats.",
  "display.cancelled": "Betalningen avbröts. Ingenting har debiterats.",
  "display.expired": "Tiden för att godkänna gick ut. Ingenting har debiterats.",
  "display.failed": "Betalningen gick inte igenom. Ingenting har debiterats.",
} as const;

export const en: Record<keyof typeof sv, string> = {
  "display.open": "Customer display (F10)",
  "display.close": "Close the customer display (F10)",
  "display.help": "Open or close the customer display",
  "display.welcome": "Welcome!",
  "display.welcomeTo": "Welcome to {shop}!",
  "display.total": "To pay",
  "display.vat": "of which VAT {amount}",
  "display.discount": "Discount",
  "display.scan": "Scan the QR code with your phone and approve with BankID",
  "display.scanSwish": "Scan the QR code in the Swish app and pay",
  "display.waiting": "One moment…",
  "display.approved": "The payment is approved. Thank you for your purchase!",
  "display.rejected": "The payment was declined. Nothing was charged.",
  "display.cancelled": "The payment was cancelled. Nothing was charged.",
  "display.expired": "The time to approve ran out. Nothing was charged.",
  "display.failed": "The payment did not go through. Nothing was charged.",
};
