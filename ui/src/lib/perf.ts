// Charge → QR timing, measured inside the page so the WebDriver round trips of the bench
// (scripts/bench-app.sh) do not count: a mark when the cashier charges (F12, which charges
// Swish at once, or a click on "Send to Kronor", #pay-submit, for an invoice) and one when
// the QR code's SVG is in the DOM; the bench reads the measures back with
// `performance.getEntriesByName`. Also a mark when a paid sale's receipt number is shown
// ("Betalt"), which the bench compares with when the customer paid.

export const CHARGE_CLICK = "kassa:charge-click";
export const QR_SHOWN = "kassa:qr-shown";
/** One `measure` entry per checkout whose QR was shown after a click on #pay-submit. */
export const CHARGE_TO_QR = "kassa:charge-to-qr";

/** Marked when a paid sale's receipt is on screen; the bench reads its time since epoch. */
export const PAID_SHOWN = "kassa:paid-shown";

/** A till runs all day: keep the timeline from growing without bound. */
const KEEP_MEASURES = 200;

/**
 * Marks clicks on #pay-submit. Capturing on the document sees the click before the form's
 * own handler starts the charge. Returns the function that stops watching.
 */
export function watchChargeClicks(doc: Document): () => void {
  const onClick = (e: Event) => {
    if (e.target instanceof Element && e.target.closest("#pay-submit")) {
      performance.mark(CHARGE_CLICK);
    }
  };
  // F12 on the sale screen charges with the default tender (Swish: the QR comes without a click).
  const onKey = (e: KeyboardEvent) => {
    if (e.key === "F12" && !e.altKey && !e.ctrlKey && !e.shiftKey && !e.metaKey) {
      performance.mark(CHARGE_CLICK);
    }
  };
  doc.addEventListener("click", onClick, { capture: true });
  doc.addEventListener("keydown", onKey, { capture: true });
  return () => {
    doc.removeEventListener("click", onClick, { capture: true });
    doc.removeEventListener("keydown", onKey, { capture: true });
  };
}

/**
 * Svelte action for the QR code's container: it runs once the container (with the SVG
 * inside) is in the DOM, and measures from the latest Charge click. Without a click (a
 * checkout resumed after a restart) there is nothing to measure.
 */
export function qrShown(node: HTMLElement): void {
  // No SVG yet means this would measure too early: better no figure than a flattering one.
  if (node.querySelector("svg") === null) return;
  if (performance.getEntriesByName(CHARGE_CLICK, "mark").length === 0) return;
  performance.mark(QR_SHOWN);
  performance.measure(CHARGE_TO_QR, CHARGE_CLICK, QR_SHOWN);
  // The next QR must come from a new click, not this one.
  performance.clearMarks(CHARGE_CLICK);
  performance.clearMarks(QR_SHOWN);
  if (performance.getEntriesByName(CHARGE_TO_QR, "measure").length > KEEP_MEASURES) {
    performance.clearMeasures(CHARGE_TO_QR);
  }
}

if (typeof document !== "undefined") watchChargeClicks(document);

/** Svelte action for a paid sale's receipt line: marks when "Betalt" is on screen. */
export function paidShown(_node: HTMLElement): void {
  performance.mark(PAID_SHOWN);
  if (performance.getEntriesByName(PAID_SHOWN, "mark").length > KEEP_MEASURES) {
    performance.clearMarks(PAID_SHOWN);
  }
}
