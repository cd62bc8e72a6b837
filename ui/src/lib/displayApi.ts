// The customer display (second window): opened with the Pay screen's command, closed from
// the Sell screen; what it shows arrives as `customer-display-changed`.
import { call } from "./api";
import type { CustomerDisplayView } from "./bindings/CustomerDisplayView";
import { openCustomerDisplay } from "./payApi";

/** Answers whether a display was open. */
export const closeCustomerDisplay = () => call<boolean>("close_customer_display");
export const customerDisplayView = () => call<CustomerDisplayView>("customer_display_view");

/** The event Rust sends the display window alone, with the whole view. */
export const DISPLAY_CHANGED = "customer-display-changed";

// Whether the Sell screen last opened the display. Kept here, not in the screen, so it
// survives a trip to another screen. The customer may close the window too: the next toggle
// then "closes" nothing and the one after opens it (closing a closed display is no error).
let shown = false;

export const displayShown = () => shown;

/** Opens the display (or brings it forward) or closes it; answers whether it is now open. */
export async function toggleCustomerDisplay(): Promise<boolean> {
  if (shown) await closeCustomerDisplay();
  else await openCustomerDisplay();
  shown = !shown;
  return shown;
}
