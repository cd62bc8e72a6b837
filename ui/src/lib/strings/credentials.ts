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
  "credentials.demoForSale":
    "{count} produkter från övningskatalogen är fortfarande till salu. Ta bort dem innan du säljer på riktigt: deras streckkoder kan vara samma som dina varors.",
  "credentials.demoTakeOff": "Ta bort övningsprodukterna från försäljning",
  "credentials.demoTaken":
    "{count} övningsprodukter togs bort från försäljning. De finns kvar som inaktiva under Katalog.",
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
  "credentials.demoForSale":
    "{count} products from the training catalogue are still for sale. Take them off sale before you sell for real: their barcodes may be the same as your goods'.",
  "credentials.demoTakeOff": "Take the training products off sale",
  "credentials.demoTaken":
    "{count} training products were taken off sale. They stay in Catalogue as inactive.",
  "error.payment_in_progress":
    "A payment is in progress. Finish or cancel it before changing the token.",
};
