// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";

import CartPanel from "./CartPanel.svelte";
import type { CartView } from "../lib/bindings/CartView";
import type { Money } from "../lib/bindings/Money";
import { translate, type Locale, type MessageKey } from "../lib/i18n";

const kr = (ore: number): Money => ({
  ore,
  sv: `${(ore / 100).toFixed(2).replace(".", ",")} kr`,
  en: `SEK ${(ore / 100).toFixed(2)}`,
});

// As Rust sends it for 2 × Bryggkaffe (12 %) and a cup at 10 % off (25 %).
const cartView: CartView = {
  lines: [
    {
      id: 0,
      name: "Bryggkaffe",
      quantity: 2,
      unit_price: kr(3500),
      discount: null,
      discount_amount: kr(0),
      total: kr(7000),
      vat_rate: "12 %",
    },
    {
      id: 1,
      name: "Kaffekopp, keramik",
      quantity: 1,
      unit_price: kr(14900),
      discount: { kind: "percent", basis: 1000 },
      discount_amount: kr(1490),
      total: kr(13410),
      vat_rate: "25 %",
    },
  ],
  per_rate: [
    { rate: "25 %", basis: 2500, total: kr(13410), vat: kr(2682), net: kr(10728) },
    { rate: "12 %", basis: 1200, total: kr(7000), vat: kr(750), net: kr(6250) },
  ],
  total: kr(20410),
  vat: kr(3432),
  discount: kr(1490),
  items: 3,
  note: "",
};

function renderCart(locale: Locale = "sv", selected: number | null = null) {
  const t = (key: MessageKey, params?: Record<string, string>) => translate(locale, key, params);
  const handlers = {
    onselect: vi.fn(),
    onquantity: vi.fn(),
    onremove: vi.fn(),
    ondiscount: vi.fn(),
    onnote: vi.fn(),
  };
  render(CartPanel, { props: { t, locale, cart: cartView, selected, ...handlers } });
  return handlers;
}

describe("CartPanel", () => {
  afterEach(cleanup);

  it("shows each line, the VAT per rate and the total to pay", () => {
    renderCart();
    const lines = document.querySelectorAll("#cart-lines .line");
    expect(lines).toHaveLength(2);
    expect(lines[0].textContent).toContain("Bryggkaffe");
    expect(lines[0].querySelector(".line-quantity")?.textContent).toBe("2");
    expect(lines[0].querySelector(".line-total")?.textContent).toBe("70,00 kr");
    expect(lines[1].textContent).toContain("Rabatt 10 %");
    const rates = Array.from(document.querySelectorAll(".vat-rate")).map((r) => r.textContent);
    expect(rates[0]).toContain("Moms 25 %");
    expect(rates[0]).toContain("26,82 kr");
    expect(rates[1]).toContain("7,50 kr");
    const total = document.getElementById("cart-total")!;
    expect(total.textContent).toBe("204,10 kr");
    expect(total.dataset.ore).toBe("20410");
    expect(screen.getByText("3 varor")).toBeTruthy();
  });

  it("writes amounts in English when the cashier chose English", () => {
    renderCart("en");
    expect(document.getElementById("cart-total")!.textContent).toBe("SEK 204.10");
    expect(screen.getByText("To pay")).toBeTruthy();
  });

  it("asks for one more, one less and removal of a line", async () => {
    const handlers = renderCart();
    const first = document.querySelector('[data-line-id="0"]')!;
    await fireEvent.click(first.querySelector('[aria-label="En till"]')!);
    expect(handlers.onquantity).toHaveBeenCalledWith(0, 3);
    await fireEvent.click(first.querySelector('[aria-label="En färre"]')!);
    expect(handlers.onquantity).toHaveBeenCalledWith(0, 1);
    await fireEvent.click(first.querySelector('[aria-label="Ta bort rad"]')!);
    expect(handlers.onremove).toHaveBeenCalledWith(0);
    // A single item cannot go to 0: removing is its own, explicit action.
    const second = document.querySelector('[data-line-id="1"]')!;
    expect((second.querySelector('[aria-label="En färre"]') as HTMLButtonElement).disabled).toBe(
      true,
    );
  });

  it("sends a discount for the selected line as percent or typed amount", async () => {
    const handlers = renderCart("sv", 0);
    const value = document.getElementById("discount-value") as HTMLInputElement;
    await fireEvent.input(value, { target: { value: "15" } });
    await fireEvent.click(screen.getByText("Ge rabatt"));
    expect(handlers.ondiscount).toHaveBeenLastCalledWith(0, { kind: "percent", percent: 15 });

    const kind = document.getElementById("discount-kind") as HTMLSelectElement;
    await fireEvent.change(kind, { target: { value: "amount" } });
    await fireEvent.input(value, { target: { value: "5,50" } });
    await fireEvent.click(screen.getByText("Ge rabatt"));
    expect(handlers.ondiscount).toHaveBeenLastCalledWith(0, { kind: "amount", amount: "5,50" });
  });

  it("sends the note when the cashier presses Enter", async () => {
    const handlers = renderCart();
    const note = document.getElementById("cart-note") as HTMLInputElement;
    await fireEvent.input(note, { target: { value: "Till Anna" } });
    await fireEvent.keyDown(note, { key: "Enter" });
    expect(handlers.onnote).toHaveBeenCalledWith("Till Anna");
  });
});
