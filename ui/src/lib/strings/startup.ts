// Strings for a till that could not open, and for the start-up integrity check's banner,
// Swedish and English; merged into lib/i18n.ts. Every key needs both.

export const sv = {
  "startup.title": "Kassan kunde inte starta",
  "startup.file": "Kassans datafil: {path}",
  "startup.untouched":
    "Kassa har inte ändrat filen. Flytta eller radera den inte: kvitton och dagsrapporter finns i den. Kontakta den som sköter kassan eller Kassas support och visa den här rutan.",
  "startup.detail": "Tekniska detaljer",
  "integrity.failed":
    "Kontrollen av kassans data hittade ett fel: kvitton kan ha ändrats utanför Kassa. Kontakta support innan dagen stängs.",
  "integrity.unkeyed":
    "Kassans journal är inte skyddad av kassans hemliga nyckel (ingen nyckelring i datorn, eller en nyckel som kassan inte har): en ändring utanför Kassa skulle inte synas säkert. Kontakta support.",
} as const;

export const en: Record<keyof typeof sv, string> = {
  "startup.title": "The till could not start",
  "startup.file": "The till's data file: {path}",
  "startup.untouched":
    "Kassa has not changed the file. Do not move or delete it: it holds the receipts and day reports. Contact whoever looks after the till, or Kassa's support, and show them this box.",
  "startup.detail": "Technical details",
  "integrity.failed":
    "The check of the till's data found a problem: receipts may have been changed outside Kassa. Contact support before closing the day.",
  "integrity.unkeyed":
    "The till's journal is not protected by the till's secret key (no keyring on this computer, or a key this till does not hold): a change made outside Kassa would not reliably show. Contact support.",
};
