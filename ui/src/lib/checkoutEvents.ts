// The window's one listener for `checkout-changed` (each event carries the whole checkout
// view), registered once for the app's life so that a payment costs no listen or unlisten
// trip to the shell; the Pay screen subscribes here, locally.
import { listen } from "@tauri-apps/api/event";
import type { CheckoutChanged } from "./bindings/CheckoutChanged";

type Handler = (changed: CheckoutChanged) => void;

const handlers = new Set<Handler>();
let listening: Promise<void> | null = null;

/** Starts listening (once; the App calls it at start). A failed listen is tried again later. */
export function followCheckouts(): Promise<void> {
  listening ??= listen<CheckoutChanged>("checkout-changed", (event) => {
    for (const handler of handlers) handler(event.payload);
  }).then(
    () => undefined,
    () => {
      // Without events the Pay screen still shows what Charge answered; nothing is lost.
      listening = null;
    },
  );
  return listening;
}

/** Calls `handler` with every checkout change until the returned function is called. */
export function onCheckoutChanged(handler: Handler): () => void {
  handlers.add(handler);
  void followCheckouts();
  return () => {
    handlers.delete(handler);
  };
}
