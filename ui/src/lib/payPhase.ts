// What the Pay screen shows for a checkout: one phase per end state, so each gets its own
// clear text, plus the waiting phases while the customer signs.
import type { CheckoutView } from "./bindings/CheckoutView";

export type PayPhase =
  | "sending"
  | "waiting"
  | "network_trouble"
  | "checking"
  | "approved"
  | "approved_checking"
  | "approved_signing"
  | "receipted"
  | "rejected"
  | "cancelled"
  | "expired"
  | "failed";

/**
 * The phase for a view: network trouble wins over waiting (the cashier must know). Once
 * Kronor has the order, a step being retried means the till is checking with Kronor: the
 * customer may have approved, and the till goes on until the sale is settled.
 */
export function payPhase(view: CheckoutView): PayPhase {
  switch (view.state) {
    case "receipted":
      return "receipted";
    case "rejected":
    case "cancelled":
    case "expired":
    case "failed":
      return view.state;
    case "approved":
    case "captured":
      // Paid; the receipt waits for the control unit's code (asked again until it signs).
      if (view.control_unit_sv !== null) return "approved_signing";
      return view.retrying ? "approved_checking" : "approved";
  }
  if (view.retrying) return view.state === "awaiting_customer" ? "checking" : "network_trouble";
  return view.state === "awaiting_customer" ? "waiting" : "sending";
}

/** Whether the cashier may still press Cancel. */
export function cancellable(view: CheckoutView): boolean {
  const phase = payPhase(view);
  return (
    !view.finished && phase !== "approved" && phase !== "approved_checking" && phase !== "approved_signing"
  );
}

/** Seconds since Charge, for the elapsed-time clock (never negative). */
export function elapsedSeconds(view: CheckoutView, now: Date): number {
  const started = Date.parse(view.started_at);
  if (Number.isNaN(started)) return 0;
  return Math.max(0, Math.floor((now.getTime() - started) / 1000));
}

/**
 * A timeline time in Swedish local time (Europe/Stockholm, summer time included), whatever
 * zone the laptop is set to: the receipt and Kronor's portal speak Swedish time too.
 */
export function stockholmTime(at: string, locale: "sv" | "en"): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return at;
  return date.toLocaleTimeString(locale === "sv" ? "sv-SE" : "en-GB", {
    timeZone: "Europe/Stockholm",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hour12: false,
  });
}

/** The hint under an end state telling the cashier what happened to the money. */
export function phaseHint(
  phase: PayPhase,
): "rejected" | "cancelled" | "expired" | "network_trouble" | "checking" | null {
  switch (phase) {
    case "rejected":
    case "cancelled":
    case "expired":
    case "network_trouble":
    case "checking":
      return phase;
    default:
      return null;
  }
}

/** The connection line, shown from Charge until the checkout ends. */
export function connectionShown(
  view: CheckoutView,
): "connecting" | "live" | "reconnecting" | "polling" | null {
  if (view.finished) return null;
  switch (view.connection) {
    case "live":
    case "reconnecting":
    case "polling":
      return view.connection;
    default:
      return "connecting";
  }
}
