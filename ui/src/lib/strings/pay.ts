// The pay screen's strings (beyond those in lib/i18n.ts), Swedish and English; merged into
// lib/i18n.ts. Every key needs both.

export const sv = {} as const;

export const en: Record<keyof typeof sv, string> = {};
