// The reports screen's strings, Swedish and English; merged into lib/i18n.ts. Every key needs
// both.

export const sv = {
  "nav.reports": "Rapporter",
  "reports.x": "X-rapport (idag)",
  "reports.z": "Z-rapport – stäng dagen",
  "reports.zConfirm": "Stänga dagen med en Z-rapport? Det går bara en gång per dag.",
  "reports.zConfirmYes": "Ja, stäng dagen",
  "reports.zConfirmNo": "Avbryt",
  "reports.zDone": "Dagen är stängd med Z-rapport {number}.",
  "reports.print": "Skriv ut",
  "reports.pdf": "Spara som PDF",
  "reports.printed": "Rapporten skrevs ut.",
  "reports.savedPdf": "Rapporten sparades som PDF: {path}",
  "reports.earlier": "Tidigare Z-rapporter",
  "reports.noneEarlier": "Inga Z-rapporter ännu.",
  "reports.zRow": "Z {number} · {date} · {count} köp · {net} · {training} övningskvitton",
  "reports.hint": "Välj en rapport. X-rapporten kan tas när som helst och stänger ingenting.",
} as const;

export const en: Record<keyof typeof sv, string> = {
  "nav.reports": "Reports",
  "reports.x": "X report (today)",
  "reports.z": "Z report – close the day",
  "reports.zConfirm": "Close the day with a Z report? This can be done once per day.",
  "reports.zConfirmYes": "Yes, close the day",
  "reports.zConfirmNo": "Cancel",
  "reports.zDone": "The day is closed by Z report {number}.",
  "reports.print": "Print",
  "reports.pdf": "Save as PDF",
  "reports.printed": "The report was printed.",
  "reports.savedPdf": "The report was saved as PDF: {path}",
  "reports.earlier": "Earlier Z reports",
  "reports.noneEarlier": "No Z reports yet.",
  "reports.zRow": "Z {number} · {date} · {count} sales · {net} · {training} training receipts",
  "reports.hint": "Choose a report. The X report can be made any time and closes nothing.",
};
