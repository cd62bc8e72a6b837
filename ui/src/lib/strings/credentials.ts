// The Kronor token panel's strings (beyond the settings.token.* ones in lib/i18n.ts), Swedish
// and English; merged into lib/i18n.ts. Every key needs both.

export const sv = {
  "credentials.title": "Kronor",
  "credentials.environment": "Kronor-miljö",
  "credentials.environment.staging": "Staging (test)",
  "credentials.environment.production": "Produktion",
  "credentials.configured": "Konfigurerad, slutar på …{last4} · {environment}",
  "credentials.live": "Skarpt läge: betalningar går nu till Kronor ({environment}).",
  "credentials.training": "Övningsläge: betalningar går till den inbyggda test-Kronor.",
  "error.payment_in_progress":
    "En betalning pågår. Slutför eller avbryt den innan du byter token.",
} as const;

export const en: Record<keyof typeof sv, string> = {
  "credentials.title": "Kronor",
  "credentials.environment": "Kronor environment",
  "credentials.environment.staging": "Staging (test)",
  "credentials.environment.production": "Production",
  "credentials.configured": "Configured, ending in …{last4} · {environment}",
  "credentials.live": "Live mode: payments now go to Kronor ({environment}).",
  "credentials.training": "Training mode: payments go to the built-in test Kronor.",
  "error.payment_in_progress":
    "A payment is in progress. Finish or cancel it before changing the token.",
};
