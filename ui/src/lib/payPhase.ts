// What the Pay screen shows for a checkout: one phase per end state, so each gets its own
// clear text, plus the waiting phases while the customer signs.
import type { CheckoutView } from "./bindings/CheckoutView";

export type PayPhase =
  | "sending"
  | "waiting"
  | "network_trouble"
  | "approved"
  | "receipted"
  | "rejected"
  | "cancelled"
  | "expired"
  | "failed";

/** The phase for a view: network trouble wins over waiting (the cashier must know). */
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
      return "approved";
  }
  if (view.retrying) return "network_trouble";
  return view.state === "awaiting_customer" ? "waiting" : "sending";
}

/** Whether the cashier may still press Cancel. */
export function cancellable(view: CheckoutView): boolean {
  return !view.finished && payPhase(view) !== "approved";
}

/** Seconds since Charge, for the elapsed-time clock (never negative). */
export function elapsedSeconds(view: CheckoutView, now: Date): number {
  const started = Date.parse(view.started_at);
  if (Number.isNaN(started)) return 0;
  return Math.max(0, Math.floor((now.getTime() - started) / 1000));
}
