import { describe, expect, it } from "vitest";
import { changedLine, moveSelection, nextSelection } from "./cartChange";
import type { CartView } from "./bindings/CartView";

const zero = { ore: 0, sv: "0,00 kr", en: "SEK 0.00" };
const cartWith = (lines: [number, number][]): CartView => ({
  lines: lines.map(([id, quantity]) => ({
    id,
    name: `line ${id}`,
    quantity,
    unit_price: zero,
    discount: null,
    discount_amount: zero,
    total: zero,
    vat_rate: "25 %",
  })),
  per_rate: [],
  total: zero,
  vat: zero,
  discount: zero,
  items: 0,
  note: "",
});

describe("cart selection", () => {
  it("selects the line a scan added or counted up", () => {
    expect(changedLine(cartWith([[0, 1]]), cartWith([[0, 1], [1, 1]]))).toBe(1);
    expect(changedLine(cartWith([[0, 1], [1, 1]]), cartWith([[0, 2], [1, 1]]))).toBe(0);
    expect(changedLine(null, cartWith([[4, 1]]))).toBe(4);
  });

  it("keeps the selection when nothing was added, and falls back to the last line", () => {
    const before = cartWith([[0, 1], [1, 1], [2, 1]]);
    const removed = cartWith([[0, 1], [2, 1]]);
    expect(nextSelection(before, removed, 0)).toBe(0);
    expect(nextSelection(before, removed, 1)).toBe(2);
    expect(nextSelection(removed, cartWith([]), 0)).toBeNull();
  });

  it("moves with PgUp/PgDn and stops at the ends", () => {
    const cart = cartWith([[3, 1], [5, 1], [8, 1]]);
    expect(moveSelection(cart, 3, 1)).toBe(5);
    expect(moveSelection(cart, 8, 1)).toBe(8);
    expect(moveSelection(cart, 3, -1)).toBe(3);
    expect(moveSelection(cart, null, -1)).toBe(8);
    expect(moveSelection(cartWith([]), null, 1)).toBeNull();
  });
});
