// @vitest-environment jsdom
import { cleanup, render, waitFor } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.hoisted(() => vi.fn());
vi.mock("@tauri-apps/api/core", () => ({ invoke }));
const events = vi.hoisted(() => ({ handler: null as null | (() => void) }));
vi.mock("@tauri-apps/api/event", () => ({
  listen: vi.fn(async (_name: string, handler: () => void) => {
    events.handler = handler;
    return () => {};
  }),
}));

import CustomerDisplay from "./CustomerDisplay.svelte";
import type { CartView } from "../lib/bindings/CartView";
import type { CheckoutView } from "../lib/bindings/CheckoutView";
import type { CustomerDisplayView } from "../lib/bindings/CustomerDisplayView";
import { translate } from "../lib/i18n";

const kr = (ore: number) => ({ ore, sv: `${ore / 100},00 kr`, en: `SEK ${ore / 100}.00` });
const cart: CartView = {
  lines: [
    {
      id: 1,
      name: "Kaffekopp",
      quantity: 1,
      unit_price: kr(14900),
      discount: null,
      discount_amount: kr(0),
      total: kr(14900),
      vat_rate: "25",
    },
  ],
  per_rate: [],
  total: kr(14900),
  vat: kr(2980),
  discount: kr(0),
  items: 1,
  note: "",
};
const paying: CheckoutView = {
  checkout_id: 7,
  order_number: "K-7",
  state: "awaiting_customer",
  failure: null,
  finished: false,
  amount: kr(14900),
  sca_url: "http://127.0.0.1:4000/?token=abc",
  qr_svg: '<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0h7v7H0z"/></svg>',
  timeline: [],
  connection: "live",
  retrying: false,
  started_at: "2026-11-27T10:00:00Z",
  receipt_number: null,
};

let answer: CustomerDisplayView;
beforeEach(() => {
  invoke.mockReset();
  invoke.mockImplementation(async (command: string) => {
    if (command === "customer_display_view") return answer;
    throw { code: "internal", message: `unexpected ${command}` };
  });
});
afterEach(cleanup);

describe("customer display", () => {
  it("shows the lines and the total, and no staff controls", async () => {
    answer = { training: true, cart, checkout: null };
    render(CustomerDisplay);
    await waitFor(() => expect(document.getElementById("display-lines")).not.toBeNull());
    expect(document.getElementById("display-lines")!.textContent).toContain("Kaffekopp");
    expect(document.getElementById("display-total")!.textContent).toBe("149,00 kr");
    expect(document.getElementById("training-banner")).not.toBeNull();
    expect(document.querySelectorAll("button, input, select, textarea")).toHaveLength(0);
    expect(invoke.mock.calls.every(([command]) => command === "customer_display_view")).toBe(true);
  });

  it("shows the QR code while paying and thanks once paid, on checkout-changed", async () => {
    answer = { training: false, cart, checkout: paying };
    render(CustomerDisplay);
    await waitFor(() => expect(document.querySelector("#display-qr svg")).not.toBeNull());
    expect(document.getElementById("training-banner")).toBeNull();
    answer = {
      training: false,
      cart: { ...cart, lines: [], total: kr(0) },
      checkout: { ...paying, state: "receipted", finished: true, qr_svg: null, receipt_number: 3 },
    };
    events.handler!();
    await waitFor(() => expect(document.getElementById("display-paid")).not.toBeNull());
    expect(document.getElementById("display-paid")!.textContent).toBe(
      translate("sv", "pay.display.paid"),
    );
    expect(document.querySelector("#display-qr")).toBeNull();
  });
});
