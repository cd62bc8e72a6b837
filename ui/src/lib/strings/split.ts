// A sale paid in parts (the Pay screen's "Dela betalning"), Swedish and English; merged into
// lib/i18n.ts. Every key needs both.

export const sv = {
  "split.open": "Dela betalning",
  "split.title": "Delbetalning",
  "split.total": "Att betala totalt",
  "split.paid": "Betalt",
  "split.left": "Kvar att betala",
  "split.leftCash": "Kvar kontant",
  "split.amount": "Belopp för denna del (tomt = resten)",
  "split.tendered": "Mottaget kontant (tomt = jämnt)",
  "split.cash": "Kontant del",
  "split.swish": "Swish-del",
  "split.cancel": "Avbryt delbetalningen",
  "split.part.paid": "betald",
  "split.part.waiting": "väntar på kunden",
  "split.part.refunded": "återbetald",
  "split.part.ended": "gick inte igenom",
  "split.change": "växel {amount}",
  "split.cancelled": "Delbetalningen är avbruten.",
  "split.handBack": "Ge tillbaka {amount} kontant till kunden.",
  "split.refunded": "{amount} är återbetalat till kundens Swish.",
  "split.collect": "Ta emot {amount} till, eller avbryt delbetalningen.",
  "error.split_in_progress":
    "En del av köpet är redan betald. Betala resten, eller avbryt delbetalningen (det betalda ges tillbaka), innan köpet ändras.",
  "error.split_exceeds":
    "Delen går inte att ta: den är större än det som är kvar, kontant tas i hela kronor, eller en annan del väntar på kunden.",
} as const;

export const en: Record<keyof typeof sv, string> = {
  "split.open": "Split payment",
  "split.title": "Split payment",
  "split.total": "Total to pay",
  "split.paid": "Paid",
  "split.left": "Left to pay",
  "split.leftCash": "Left in cash",
  "split.amount": "Amount of this part (empty = the rest)",
  "split.tendered": "Cash received (empty = exact)",
  "split.cash": "Cash part",
  "split.swish": "Swish part",
  "split.cancel": "Cancel the split payment",
  "split.part.paid": "paid",
  "split.part.waiting": "waiting for the customer",
  "split.part.refunded": "refunded",
  "split.part.ended": "did not go through",
  "split.change": "change {amount}",
  "split.cancelled": "The split payment is cancelled.",
  "split.handBack": "Hand {amount} in cash back to the customer.",
  "split.refunded": "{amount} is refunded to the customer's Swish.",
  "split.collect": "Collect {amount} more, or cancel the split payment.",
  "error.split_in_progress":
    "Part of this sale is paid already. Pay the rest, or cancel the split payment (what was paid is given back), before changing the sale.",
  "error.split_exceeds":
    "That part cannot be taken: it is more than is left, cash is taken in whole kronor, or another part is waiting for the customer.",
};
