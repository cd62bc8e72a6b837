// The strings of giving out a receipt (after a sale, from History), Swedish and English;
// merged into lib/i18n.ts. Every key needs both.

export const sv = {
  "receipt.title": "Kvitto {number}",
  "receipt.printed": "Kvittot skrevs ut.",
  "receipt.savedPdf": "Kvittot sparades som PDF: {path}",
  "receipt.systemPrint": "Skriv ut via datorns utskrift",
  "receipt.none": "Inget kvitto skrevs ut (inställning). Välj nedan om kunden vill ha ett.",
  "receipt.already": "Kvittot är redan lämnat. Skriv ut eller spara det igen nedan.",
  "receipt.failed": "Kvittot kunde inte skrivas ut. Köpet är registrerat – ingenting går förlorat.",
  "receipt.retry": "Försök igen",
  "receipt.print": "Skriv ut kvitto",
  "receipt.pdf": "Spara som PDF",
  "receipt.working": "Skickar…",
};

export const en = {
  "receipt.title": "Receipt {number}",
  "receipt.printed": "The receipt was printed.",
  "receipt.savedPdf": "The receipt was saved as PDF: {path}",
  "receipt.systemPrint": "Print with the computer's dialog",
  "receipt.none": "No receipt was printed (setting). Choose below if the customer wants one.",
  "receipt.already": "The receipt was already given out. Print or save it again below.",
  "receipt.failed": "The receipt could not be printed. The sale is registered – nothing is lost.",
  "receipt.retry": "Retry",
  "receipt.print": "Print receipt",
  "receipt.pdf": "Save as PDF",
  "receipt.working": "Sending…",
};
