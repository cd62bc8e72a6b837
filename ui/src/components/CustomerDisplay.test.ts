// @vitest-environment jsdom
import { cleanup, render, waitFor } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.hoisted(() => vi.fn());
vi.mock("@tauri-apps/api/core", () => ({ invoke }));
type Handler = (event: { payload: unknown }) => void;
const events = vi.hoisted(() => ({ name: "", handler: null as null | Handler }));
vi.mock("@tauri-apps/api/event", () => ({
  listen: vi.fn(async (name: string, handler: Handler) => {
    events.name = name;
    events.handler = handler;
    return () => {};
  }),
}));

import CustomerDisplay from "./CustomerDisplay.svelte";
import type { CustomerDisplayView } from "../lib/bindings/CustomerDisplayView";
import type { DisplayCart } from "../lib/bindings/DisplayCart";
import type { DisplayCheckout } from "../lib/bindings/DisplayCheckout";
import { translate } from "../lib/i18n";

const kr = (ore: number) => ({
  ore,
  sv: `${ore / 100},00 kr`,
  en: `SEK ${ore / 100}.00`,
});
const cart: DisplayCart = {
  lines: [
    { id: 1, name: "Kaffekopp", quantity: 1, unit_price: kr(14900), discount: kr(0), total: kr(14900) },
    { id: 2, name: "Bryggkaffe", quantity: 2, unit_price: kr(3500), discount: kr(700), total: kr(6300) },
  ],
  total: kr(21200),
  vat: kr(3500),
  discount: kr(700),
  items: 3,
};
const empty: DisplayCart = { lines: [], total: kr(0), vat: kr(0), discount: kr(0), items: 0 };
const checkout: DisplayCheckout = {
  checkout_id: 7,
  tender: "invoice",
  amount: kr(21200),
  sca_url: "http://127.0.0.1:4000/sca/abc",
  qr_svg: '<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0h7v7H0z"/></svg>',
};
const base: CustomerDisplayView = {
  training: false,
  shop_name: "Kafé Kassa",
  phase: "sale",
  cart,
  checkout: null,
};

const sv = (key: Parameters<typeof translate>[1], params?: Record<string, string>) =>
  translate("sv", key, params);
const text = (id: string) => document.getElementById(id)?.textContent?.trim() ?? null;
/** Rust's event, as the display window receives it. */
const send = (view: CustomerDisplayView) => events.handler!({ payload: view });

let answer: Promise<CustomerDisplayView>;
beforeEach(() => {
  events.handler = null;
  invoke.mockReset();
  invoke.mockImplementation((command: string) => {
    if (command === "customer_display_view") return answer;
    return Promise.reject({ code: "internal", message: `unexpected ${command}` });
  });
});
afterEach(cleanup);

describe("customer display", () => {
  it("reads the sale once at start: lines, total, VAT, and no staff controls", async () => {
    answer = Promise.resolve({ ...base, training: true });
    render(CustomerDisplay);
    await waitFor(() => expect(document.getElementById("display-lines")).not.toBeNull());
    expect(text("display-lines")).toContain("1 × Kaffekopp");
    expect(text("display-lines")).toContain("2 × Bryggkaffe");
    expect(text("display-lines")).toContain("−7,00 kr");
    expect(text("display-total")).toBe("212,00 kr");
    expect(text("display-vat")).toBe(sv("display.vat", { amount: "35,00 kr" }));
    expect(document.getElementById("training-banner")).not.toBeNull();
    expect(document.querySelectorAll("button, input, select, textarea, a")).toHaveLength(0);
    expect(events.name).toBe("customer-display-changed");
    expect(invoke.mock.calls.map(([command]) => command)).toEqual(["customer_display_view"]);
  });

  it("follows the events alone: the QR code, the approval, then the welcome", async () => {
    answer = Promise.resolve(base);
    render(CustomerDisplay);
    await waitFor(() => expect(text("display-total")).toBe("212,00 kr"));

    send({ ...base, phase: "paying", checkout });
    await waitFor(() => expect(document.querySelector("#display-qr svg")).not.toBeNull());
    expect(text("display-sca-url")).toBe(checkout.sca_url);
    expect(document.querySelector("#customer-display")!.getAttribute("data-phase")).toBe("paying");
    expect(document.getElementById("training-banner")).toBeNull();

    send({ ...base, phase: "approved", cart: empty, checkout: { ...checkout, sca_url: null, qr_svg: null } });
    await waitFor(() => expect(text("display-approved")).toBe(sv("display.approved")));
    expect(document.getElementById("display-qr")).toBeNull();
    expect(document.getElementById("display-lines")).toBeNull();

    send({ ...base, phase: "welcome", cart: empty });
    await waitFor(() =>
      expect(text("display-welcome")).toBe(sv("display.welcomeTo", { shop: "Kafé Kassa" })),
    );
    // No polling: everything after the first read came by event.
    expect(invoke).toHaveBeenCalledTimes(1);
  });

  it.each([
    ["rejected", "display.rejected"],
    ["cancelled", "display.cancelled"],
    ["expired", "display.expired"],
    ["failed", "display.failed"],
  ] as const)("says a %s payment charged nothing, beside the sale", async (phase, key) => {
    answer = Promise.resolve({ ...base, phase, checkout: { ...checkout, sca_url: null, qr_svg: null } });
    render(CustomerDisplay);
    await waitFor(() => expect(text("display-ended")).toBe(sv(key)));
    expect(text("display-lines")).toContain("Kaffekopp");
    expect(document.getElementById("display-qr")).toBeNull();
  });

  it("welcomes without a shop name, and waits for Kronor before the QR code", async () => {
    answer = Promise.resolve({ ...base, phase: "welcome", shop_name: null, cart: empty });
    render(CustomerDisplay);
    await waitFor(() => expect(text("display-welcome")).toBe(sv("display.welcome")));
    send({ ...base, phase: "paying", checkout: { ...checkout, sca_url: null, qr_svg: null } });
    await waitFor(() => expect(text("display-waiting")).toBe(sv("display.waiting")));
  });

  it("keeps an event that overtook the first read", async () => {
    let reply: (view: CustomerDisplayView) => void = () => {};
    answer = new Promise((resolve) => (reply = resolve));
    render(CustomerDisplay);
    await waitFor(() => expect(invoke).toHaveBeenCalled());
    send({ ...base, phase: "paying", checkout });
    await waitFor(() => expect(document.getElementById("display-qr")).not.toBeNull());
    reply(base); // older than the event
    await Promise.resolve();
    await waitFor(() => expect(document.getElementById("display-qr")).not.toBeNull());
    expect(document.querySelector("#customer-display")!.getAttribute("data-phase")).toBe("paying");
  });
});
