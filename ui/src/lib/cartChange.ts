// Which line a cart command touched, so the screen can select it for the next +/−/discount.
import type { CartView } from "./bindings/CartView";

/** The line that is new or whose quantity changed from `before` to `after`, if any. */
export function changedLine(before: CartView | null, after: CartView): number | null {
  const old = new Map((before?.lines ?? []).map((l) => [l.id, l.quantity]));
  const line = after.lines.find((l) => old.get(l.id) !== l.quantity);
  return line?.id ?? null;
}

/** The selection after a change: the touched line, else the old one if it still exists,
 *  else the last line. */
export function nextSelection(
  before: CartView | null,
  after: CartView,
  selected: number | null,
): number | null {
  const touched = changedLine(before, after);
  if (touched !== null) return touched;
  if (selected !== null && after.lines.some((l) => l.id === selected)) return selected;
  return after.lines.at(-1)?.id ?? null;
}

/** The line `step` places away from `selected` (PgDn/PgUp), staying within the sale. */
export function moveSelection(cart: CartView, selected: number | null, step: number): number | null {
  if (cart.lines.length === 0) return null;
  const at = cart.lines.findIndex((l) => l.id === selected);
  const next = at === -1 ? (step > 0 ? 0 : cart.lines.length - 1) : at + step;
  return cart.lines[Math.max(0, Math.min(cart.lines.length - 1, next))].id;
}
