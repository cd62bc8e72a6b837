// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.hoisted(() => vi.fn());
vi.mock("@tauri-apps/api/core", () => ({ invoke }));
vi.mock("@tauri-apps/api/event", () => ({ listen: vi.fn(async () => () => {}) }));

import SellScreen from "./SellScreen.svelte";
import type { CartView } from "../lib/bindings/CartView";
import { translate, type MessageKey } from "../lib/i18n";

const t = (key: MessageKey, params?: Record<string, string>) => translate("sv", key, params);
const kr = (ore: number) => ({ ore, sv: `${ore / 100},00 kr`, en: `SEK ${ore / 100}.00` });
const emptyCart: CartView = {
  lines: [],
  per_rate: [],
  total: kr(0),
  vat: kr(0),
  discount: kr(0),
  items: 0,
  note: "",
};
const cupCart: CartView = {
  ...emptyCart,
  lines: [
    {
      id: 0,
      name: "Kaffekopp, keramik",
      quantity: 1,
      unit_price: kr(14900),
      discount: null,
      discount_amount: kr(0),
      total: kr(14900),
      vat_rate: "25 %",
    },
  ],
  per_rate: [{ rate: "25 %", basis: 2500, total: kr(14900), vat: kr(2980), net: kr(11920) }],
  total: kr(14900),
  items: 1,
};

/** Answers the commands the screen calls the way Rust would. */
function backend(answers: Record<string, unknown>) {
  invoke.mockImplementation(async (command: string) => {
    if (command in answers) return answers[command];
    if (command === "cart") return emptyCart;
    if (command === "categories") return [];
    if (command === "split_view") return null;
    throw { code: "internal", message: `unexpected ${command}` };
  });
}

/** A keyboard-wedge scanner: every key dispatched at once, then Enter. */
async function scanInto(target: Element, code: string) {
  for (const key of code) {
    await fireEvent.keyDown(target, { key });
    (target as HTMLInputElement).value += key;
  }
  await fireEvent.keyDown(target, { key: "Enter" });
}

describe("SellScreen", () => {
  // A block body: a function returned from beforeEach would be run as its teardown.
  beforeEach(() => {
    invoke.mockReset();
  });
  afterEach(cleanup);

  it("adds a scanned product wherever focus is and takes the code out of the field", async () => {
    backend({ cart_add_barcode: cupCart });
    render(SellScreen, { props: { t, locale: "sv", paused: false } });
    await screen.findByText(t("cart.empty"));

    const note = document.getElementById("cart-note") as HTMLInputElement;
    note.focus();
    await scanInto(note, "7350000050011");

    expect(await screen.findByText("Skannat: 7350000050011")).toBeTruthy();
    expect(invoke).toHaveBeenCalledWith("cart_add_barcode", { code: "7350000050011" });
    expect(note.value).toBe("");
    expect(invoke).not.toHaveBeenCalledWith("cart_set_note", expect.anything());
    expect(document.getElementById("cart-total")!.textContent).toBe("149,00 kr");
  });

  it("shows a refused scan as the translated error for its code", async () => {
    invoke.mockImplementation(async (command: string) => {
      if (command === "cart_add_barcode") throw { code: "not_found", message: "No product" };
      if (command === "split_view") return null;
      return command === "cart" ? emptyCart : [];
    });
    render(SellScreen, { props: { t, locale: "sv", paused: false } });
    await screen.findByText(t("cart.empty"));
    await scanInto(document.body, "12345670");
    const error = await screen.findByRole("alert");
    expect(error.dataset.code).toBe("not_found");
    expect(error.textContent).toBe(t("error.not_found"));
  });

  it("searches as you type and adds the result picked with the arrow keys", async () => {
    const results = [
      { id: 7, name: "Kanelbulle", price: kr(3200), barcode: null, sku: null },
      { id: 9, name: "Kardemummabulle", price: kr(3400), barcode: null, sku: null },
    ];
    backend({ search_products: results, cart_add_product: cupCart });
    render(SellScreen, { props: { t, locale: "sv", paused: false } });
    const search = document.getElementById("search") as HTMLInputElement;
    await fireEvent.input(search, { target: { value: "ka" } });
    expect(await screen.findByText("Kardemummabulle")).toBeTruthy();
    expect(invoke).toHaveBeenCalledWith("search_products", { query: "ka" });

    await fireEvent.keyDown(search, { key: "ArrowDown" });
    await fireEvent.keyDown(search, { key: "Enter" });
    expect(invoke).toHaveBeenCalledWith("cart_add_product", { productId: 9, quantity: undefined });
    await screen.findByText("Kaffekopp, keramik");
    expect(search.value).toBe("");
  });

  it("opens the Pay screen with F12 only when the sale has lines, and comes back", async () => {
    backend({});
    render(SellScreen, { props: { t, locale: "sv", paused: false } });
    await screen.findByText(t("cart.empty"));
    expect((document.getElementById("charge") as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.keyDown(window, { key: "F12" });
    expect(document.getElementById("pay-screen")).toBeNull();

    cleanup();
    backend({ cart: cupCart });
    render(SellScreen, { props: { t, locale: "sv", paused: false, defaultTender: "invoice" } });
    await screen.findByText("Kaffekopp, keramik");
    expect((document.getElementById("charge") as HTMLButtonElement).disabled).toBe(false);
    await fireEvent.keyDown(window, { key: "F12" });
    expect(document.getElementById("pay-screen")).not.toBeNull();
    expect((document.getElementById("customer-personnummer") as HTMLInputElement).value).toBe(
      "191212121212",
    );
    await fireEvent.keyDown(window, { key: "Escape" });
    expect(document.getElementById("pay-screen")).toBeNull();
    expect(document.getElementById("search")).not.toBeNull();
  });

  it("opens the Pay screen at once when a split payment was left open, its cart gone", async () => {
    const m = (ore: number, sv: string) => ({ ore, sv, en: sv });
    backend({
      split_view: {
        order_id: "s-1",
        state: "open",
        total: m(29800, "298,00 kr"),
        paid: m(20000, "200,00 kr"),
        remainder: m(9800, "98,00 kr"),
        remainder_cash: m(9800, "98,00 kr"),
        parts: [],
        pending_checkout: null,
        journal_entry_id: null,
        hand_back_cash: m(0, "0,00 kr"),
        refunded_swish: m(0, "0,00 kr"),
      },
    });
    render(SellScreen, { props: { t, locale: "sv", paused: false } });
    expect(await screen.findByText("98,00 kr")).toBeTruthy();
    expect(document.getElementById("pay-split")).not.toBeNull();
  });
});
