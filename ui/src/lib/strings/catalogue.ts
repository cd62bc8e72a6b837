// The catalogue screen's strings, Swedish and English; merged into lib/i18n.ts. Every key needs
// both.

export const sv = {
  "nav.catalogue": "Sortiment",
} as const;

export const en: Record<keyof typeof sv, string> = {
  "nav.catalogue": "Catalogue",
};
