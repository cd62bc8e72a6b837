// Cash's strings (the Pay screen's keypad, the drawer, the cash day on Reports), Swedish and
// English; merged into lib/i18n.ts. Every key needs both.

export const sv = {
  "error.cash_short": "Kunden har lämnat mindre än att betala. Ta emot mer eller välj Swish.",
  "error.drawer_failed": "Kassalådan öppnades inte. Försäljningen är registrerad; öppna lådan med nyckeln och kontrollera lådans inställning.",
  "error.float_already_set": "Dagens växelkassa är redan registrerad. Mer växel registreras som insättning.",
} as const;

export const en: Record<keyof typeof sv, string> = {
  "error.cash_short": "The customer handed over less than the amount to pay. Take more, or choose Swish.",
  "error.drawer_failed": "The cash drawer did not open. The sale is registered; open the drawer with its key and check the drawer setting.",
  "error.float_already_set": "Today's float is registered already. More change is recorded as paid in.",
};
