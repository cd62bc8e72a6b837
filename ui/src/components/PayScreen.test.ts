// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.hoisted(() => vi.fn());
vi.mock("@tauri-apps/api/core", () => ({ invoke }));
/** The app's one `checkout-changed` listener (lib/checkoutEvents), so a test can fire events. */
const events = vi.hoisted(() => ({ handler: null as null | ((e: { payload: unknown }) => void) }));
vi.mock("@tauri-apps/api/event", () => ({
  listen: vi.fn(async (_name: string, handler: (e: { payload: unknown }) => void) => {
    events.handler = handler;
    return () => {};
  }),
}));

import PayScreen from "./PayScreen.svelte";
import type { CheckoutView } from "../lib/bindings/CheckoutView";
import { translate, type MessageKey } from "../lib/i18n";

const t = (key: MessageKey, params?: Record<string, string>) => translate("sv", key, params);
const qr = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 21 21"><path d="M0 0h7v7H0z"/></svg>';
const waiting: CheckoutView = {
  checkout_id: 7,
  order_number: "K-7",
  tender: "invoice",
  state: "awaiting_customer",
  failure: null,
  finished: false,
  amount: { ore: 14900, sv: "149,00 kr", en: "SEK 149.00" },
  sca_url: "http://127.0.0.1:4000/?token=abc",
  qr_svg: qr,
  timeline: [
    { at: "2026-11-27T10:00:00Z", state: "submitting" },
    { at: "2026-11-27T10:00:01Z", state: "awaiting_customer" },
  ],
  connection: "live",
  retrying: false,
  started_at: "2026-11-27T10:00:00Z",
  receipt_number: null,
  control_unit_sv: null,
  control_unit_en: null,
  cash: null,
};

function backend(answers: Record<string, unknown>) {
  invoke.mockImplementation(async (command: string) => {
    // The form is good unless a test says otherwise.
    if (command === "check_customer" && !(command in answers)) return [];
    if (command === "split_view" && !(command in answers)) return null;
    if (command === "training_lan" && !(command in answers))
      return { enabled: false, sca_base: "http://127.0.0.1:4000/" };
    if (command in answers) {
      const answer = answers[command];
      if (answer instanceof Error) throw { code: "payment_unavailable", message: answer.message };
      if (answer && typeof answer === "object" && "code" in answer) throw answer;
      return answer;
    }
    throw { code: "internal", message: `unexpected ${command}` };
  });
}

async function chargeWith(answers: Record<string, unknown>) {
  backend(answers);
  const ondone = vi.fn();
  render(PayScreen, { t, locale: "sv", training: true, defaultTender: "invoice", ondone });
  await fireEvent.click(document.getElementById("pay-submit")!);
  return ondone;
}

beforeEach(() => {
  invoke.mockReset();
});
afterEach(cleanup);

describe("Pay screen", () => {
  it("prefills the sandbox test person in training mode and sends it to charge", async () => {
    await chargeWith({ charge: waiting });
    expect(invoke).toHaveBeenCalledWith("charge", {
      tender: "invoice",
      customer: expect.objectContaining({ personnummer: "191212121212" }),
    });
  });

  it("shows the QR code, the SCA URL, the amount and the timeline", async () => {
    await chargeWith({ charge: waiting });
    await waitFor(() => expect(document.querySelector("#pay-qr svg")).not.toBeNull());
    expect(document.getElementById("pay-sca-url")!.textContent).toBe(waiting.sca_url);
    expect(document.getElementById("pay-amount")!.textContent).toBe("149,00 kr");
    expect(screen.getByText(t("pay.phase.waiting"))).toBeTruthy();
    expect(document.querySelectorAll("#pay-timeline li")).toHaveLength(2);
    expect(document.getElementById("pay-connection")!.dataset.connection).toBe("live");
  });

  it("follows checkout-changed to the receipted state and shows the receipt number", async () => {
    const receipted: CheckoutView = {
      ...waiting,
      state: "receipted",
      finished: true,
      receipt_number: 42,
      timeline: [...waiting.timeline, { at: "2026-11-27T10:00:09Z", state: "receipted" }],
    };
    const ondone = await chargeWith({ charge: waiting });
    await waitFor(() => expect(events.handler).not.toBeNull());
    await waitFor(() => expect(document.getElementById("pay-sca-url")).not.toBeNull());
    events.handler!({ payload: { checkout_id: 7, state: "receipted", view: receipted } });
    await waitFor(() =>
      expect(document.getElementById("pay-receipt")!.textContent).toBe(t("pay.receipt", { number: "42" })),
    );
    expect(invoke).not.toHaveBeenCalledWith("checkout_view", expect.anything());
    expect(document.querySelector("#pay-qr svg")).toBeNull();
    await fireEvent.click(screen.getByText(t("pay.newSale")));
    expect(ondone).toHaveBeenCalled();
  });

  it("takes the pushed view when Kronor answered before Charge did", async () => {
    let answer: (v: CheckoutView) => void = () => {};
    const submitting: CheckoutView = { ...waiting, state: "submitting", qr_svg: null, sca_url: null };
    invoke.mockImplementation(async (command: string) => {
      if (command === "check_customer") return [];
      if (command === "training_lan") return { enabled: false, sca_base: "http://127.0.0.1:4000/" };
      if (command === "charge") return new Promise<CheckoutView>((resolve) => (answer = resolve));
      throw { code: "internal", message: `unexpected ${command}` };
    });
    render(PayScreen, { t, locale: "sv", training: true, defaultTender: "invoice", ondone: vi.fn() });
    await waitFor(() => expect(events.handler).not.toBeNull());
    await fireEvent.click(document.getElementById("pay-submit")!);
    await waitFor(() => expect(invoke).toHaveBeenCalledWith("charge", expect.anything()));
    // The QR code is ready before Charge's answer (still "submitting") reaches the screen.
    events.handler!({ payload: { checkout_id: 7, state: "awaiting_customer", view: waiting } });
    answer(submitting);
    await waitFor(() => expect(document.querySelector("#pay-qr svg")).not.toBeNull());
  });

  it("says so when the customer rejects", async () => {
    await chargeWith({ charge: { ...waiting, state: "rejected", finished: true } });
    await waitFor(() => expect(screen.getByText(t("pay.phase.rejected"))).toBeTruthy());
    expect(document.getElementById("pay-cancel")).toBeNull();
  });

  it("tells the cashier nothing is charged twice while retrying", async () => {
    await chargeWith({ charge: { ...waiting, state: "submitting", retrying: true, qr_svg: null } });
    await waitFor(() => expect(screen.getByText(t("pay.phase.network_trouble"))).toBeTruthy());
  });

  it("cancels through cancel_checkout, by button and by Esc", async () => {
    const cancelled = { ...waiting, state: "cancelled", finished: true };
    await chargeWith({ charge: waiting, cancel_checkout: cancelled });
    await waitFor(() => expect(document.getElementById("pay-cancel")).not.toBeNull());
    await fireEvent.click(document.getElementById("pay-cancel")!);
    expect(invoke).toHaveBeenCalledWith("cancel_checkout", { checkoutId: 7 });
    await waitFor(() => expect(screen.getByText(t("pay.phase.cancelled"))).toBeTruthy());

    cleanup();
    invoke.mockReset();
    await chargeWith({ charge: waiting, cancel_checkout: cancelled });
    await waitFor(() => expect(document.getElementById("pay-cancel")).not.toBeNull());
    await fireEvent.keyDown(window, { key: "Escape" });
    expect(invoke).toHaveBeenCalledWith("cancel_checkout", { checkoutId: 7 });
  });

  it("shows the error code and its translated text when charge fails", async () => {
    await chargeWith({ charge: new Error("down") });
    await waitFor(() => expect(document.getElementById("pay-error")).not.toBeNull());
    const shown = document.getElementById("pay-error")!;
    expect(shown.dataset.code).toBe("payment_unavailable");
    expect(shown.textContent).toContain(t("error.payment_unavailable"));
    // The form stays, so the cashier can try again.
    expect(document.getElementById("customer-form")).not.toBeNull();
  });
});

describe("Pay screen customer form", () => {
  const problems = [
    {
      field: "personnummer",
      problem: "personnummer_check_digit",
      message: "\"191212121213\" is not a valid personnummer: the check digit is wrong.",
    },
    { field: "email", problem: "email", message: "Enter an email address like namn@example.se." },
    { field: "city", problem: "missing", message: "Enter the customer's city." },
  ];
  /** Charge refuses the form with its first refused field, before anything reaches Kronor. */
  const refusedByCharge = {
    check_customer: problems,
    charge: { code: "invalid_customer", message: problems[0].message, field: "personnummer" },
  };

  it("shows each refused field's own message next to it when Charge refuses the form", async () => {
    await chargeWith(refusedByCharge);
    await waitFor(() =>
      expect(document.getElementById("customer-personnummer-problem")).not.toBeNull(),
    );
    const at = (field: string) => document.getElementById(`customer-${field}-problem`);
    expect(at("personnummer")!.textContent).toBe(t("pay.problem.personnummer_check_digit"));
    expect(at("email")!.textContent).toBe(t("pay.problem.email"));
    expect(at("city")!.textContent).toBe(t("pay.problem.missing"));
    expect(at("phone")).toBeNull();
    // Next to the field: inside the same label, and the input points to it.
    const input = document.getElementById("customer-personnummer")!;
    expect(input.getAttribute("aria-invalid")).toBe("true");
    expect(input.getAttribute("aria-describedby")).toBe("customer-personnummer-problem");
    expect(input.closest("label")!.contains(at("personnummer"))).toBe(true);
    await waitFor(() => expect(document.activeElement).toBe(input));
    // One trip when the form is good: the form is checked only after Charge refused it.
    expect(invoke.mock.calls.map(([command]) => command).filter((c) => c !== "cash_offer")).toEqual([
      "training_lan",
      "charge",
      "check_customer",
    ]);
  });

  it("clears the messages once the fields are fixed and charges", async () => {
    await chargeWith(refusedByCharge);
    await waitFor(() => expect(document.getElementById("customer-email-problem")).not.toBeNull());
    backend({ charge: waiting });
    await fireEvent.click(document.getElementById("pay-submit")!);
    await waitFor(() => expect(document.querySelector("#pay-qr svg")).not.toBeNull());
    expect(invoke).toHaveBeenCalledWith("charge", expect.anything());
  });

  it("puts a field-named error from Charge at its field", async () => {
    backend({});
    invoke.mockImplementation(async (command: string) => {
      if (command === "check_customer") return [];
      throw { code: "invalid_customer", message: "Enter the customer's city.", field: "city" };
    });
    render(PayScreen, { t, locale: "en", training: true, defaultTender: "invoice", ondone: vi.fn() });
    await fireEvent.click(document.getElementById("pay-submit")!);
    await waitFor(() => expect(document.getElementById("customer-city-problem")).not.toBeNull());
    expect(document.getElementById("customer-city-problem")!.textContent).toBe(
      translate("sv", "pay.problem.invalid"),
    );
    expect(document.getElementById("pay-error")).toBeNull();
  });
});

describe("Pay screen end states", () => {
  it("a rejected payment says nothing was charged and offers to try again with the same sale", async () => {
    await chargeWith({ charge: { ...waiting, state: "rejected", finished: true, qr_svg: null } });
    await waitFor(() => expect(document.getElementById("pay-hint")).not.toBeNull());
    expect(document.getElementById("pay-hint")!.textContent).toBe(t("pay.hint.rejected"));
    await fireEvent.click(document.getElementById("pay-retry")!);
    await waitFor(() => expect(document.getElementById("customer-form")).not.toBeNull());
    expect((document.getElementById("customer-personnummer") as HTMLInputElement).value).toBe(
      "191212121212",
    );
  });

  it("an expired payment says so, with no cancel and no QR code", async () => {
    await chargeWith({ charge: { ...waiting, state: "expired", finished: true, connection: null } });
    await waitFor(() => expect(screen.getByText(t("pay.phase.expired"))).toBeTruthy());
    expect(document.getElementById("pay-hint")!.textContent).toBe(t("pay.hint.expired"));
    expect(document.getElementById("pay-cancel")).toBeNull();
    expect(document.getElementById("pay-connection")).toBeNull();
  });

  it("shows the connection line from Charge on and times in Swedish time", async () => {
    await chargeWith({ charge: { ...waiting, connection: "connecting" } });
    await waitFor(() => expect(document.getElementById("pay-connection")).not.toBeNull());
    expect(document.getElementById("pay-connection")!.textContent).toBe(
      t("pay.connection.connecting"),
    );
    const times = Array.from(document.querySelectorAll("#pay-timeline time"), (e) => e.textContent);
    expect(times).toEqual(["11:00:00", "11:00:01"]);
  });

  it("opens the customer display", async () => {
    backend({ open_customer_display: null });
    render(PayScreen, { t, locale: "sv", training: true, defaultTender: "invoice", ondone: vi.fn() });
    await fireEvent.click(document.getElementById("pay-open-display")!);
    expect(invoke).toHaveBeenCalledWith("open_customer_display", undefined);
  });
});

describe("Pay screen LAN switch (training)", () => {
  it("turns the LAN page on and shows where the phone finds it", async () => {
    backend({
      set_training_lan: { enabled: true, sca_base: "http://192.168.1.20:4000/" },
    });
    render(PayScreen, { t, locale: "sv", training: true, defaultTender: "invoice", ondone: vi.fn() });
    const box = (await waitFor(() => {
      const el = document.getElementById("pay-lan") as HTMLInputElement;
      expect(el.disabled).toBe(false);
      return el;
    })) as HTMLInputElement;
    expect(box.checked).toBe(false);
    await fireEvent.click(box);
    expect(invoke).toHaveBeenCalledWith("set_training_lan", { enabled: true });
    await waitFor(() =>
      expect(document.getElementById("pay-lan-address")!.textContent).toBe(
        t("pay.lan.address", { url: "http://192.168.1.20:4000/" }),
      ),
    );
  });

  it("says why when the switch is refused, next to it", async () => {
    backend({ set_training_lan: new Error("no network") });
    render(PayScreen, { t, locale: "sv", training: true, defaultTender: "invoice", ondone: vi.fn() });
    const box = (await waitFor(() => {
      const el = document.getElementById("pay-lan") as HTMLInputElement;
      expect(el.disabled).toBe(false);
      return el;
    })) as HTMLInputElement;
    await fireEvent.click(box);
    await waitFor(() => expect(document.getElementById("pay-lan-error")).not.toBeNull());
    expect(document.getElementById("pay-lan-error")!.dataset.code).toBe("payment_unavailable");
    expect(box.checked).toBe(false);
  });

  it("is not there with a live token", async () => {
    backend({});
    render(PayScreen, { t, locale: "sv", training: false, defaultTender: "invoice", ondone: vi.fn() });
    expect(document.getElementById("pay-lan")).toBeNull();
  });
});

describe("Pay screen with Swish", () => {
  const swishWaiting: CheckoutView = {
    ...waiting,
    tender: "swish",
    sca_url: "D8f3a2c1b0e9d8c7b6a5",
  };

  it("charges Swish at once with nothing typed and shows the QR without a link", async () => {
    backend({ charge: swishWaiting });
    render(PayScreen, { t, locale: "sv", training: false, defaultTender: "swish", ondone: vi.fn() });
    await waitFor(() => expect(document.querySelector("#pay-qr svg")).not.toBeNull());
    expect(invoke).toHaveBeenCalledWith("charge", { tender: "swish", customer: null });
    expect(document.getElementById("customer-form")).toBeNull();
    expect(document.getElementById("pay-tender")!.textContent).toBe("Swish");
    expect(screen.getByText(t("pay.swish.scanHint"))).toBeTruthy();
    expect(screen.getByText(t("pay.swish.waiting"))).toBeTruthy();
    // Swish's QR content means nothing to the cashier: no link shown outside training.
    expect(document.getElementById("pay-sca-url")).toBeNull();
  });

  it("says in Swish's words why a payment did not go through", async () => {
    backend({ charge: { ...swishWaiting, state: "rejected", finished: true, qr_svg: null } });
    render(PayScreen, { t, locale: "sv", training: true, defaultTender: "swish", ondone: vi.fn() });
    await waitFor(() => expect(document.getElementById("pay-hint")).not.toBeNull());
    expect(document.getElementById("pay-hint")!.textContent).toBe(t("pay.swish.hint.rejected"));
  });

  it("F11 cancels the Swish payment and asks for the invoice customer instead", async () => {
    const cancelled = { ...swishWaiting, state: "cancelled", finished: true, qr_svg: null };
    backend({ charge: swishWaiting, cancel_checkout: cancelled });
    render(PayScreen, { t, locale: "sv", training: true, defaultTender: "swish", ondone: vi.fn() });
    await waitFor(() => expect(document.querySelector("#pay-qr svg")).not.toBeNull());
    await fireEvent.keyDown(window, { key: "F11" });
    await waitFor(() => expect(document.getElementById("customer-form")).not.toBeNull());
    expect(invoke).toHaveBeenCalledWith("cancel_checkout", { checkoutId: 7 });
    expect(document.getElementById("pay-tender")!.textContent).toBe("Faktura");
  });

  it("keeps a Swish payment the customer already made when F11 comes too late", async () => {
    const receipted = { ...swishWaiting, state: "receipted", finished: true, receipt_number: 3 };
    backend({ charge: swishWaiting, cancel_checkout: receipted });
    render(PayScreen, { t, locale: "sv", training: true, defaultTender: "swish", ondone: vi.fn() });
    await waitFor(() => expect(document.querySelector("#pay-qr svg")).not.toBeNull());
    await fireEvent.keyDown(window, { key: "F11" });
    await waitFor(() => expect(document.getElementById("pay-receipt")).not.toBeNull());
    expect(document.getElementById("customer-form")).toBeNull();
  });
});

describe("Pay screen cash", () => {
  const m = (ore: number, sv: string) => ({ ore, sv, en: sv });
  const offer = {
    total: m(14840, "148,40 kr"),
    rounding: m(-40, "-0,40 kr"),
    to_pay: m(14800, "148,00 kr"),
    keys: [m(14800, "148,00 kr"), m(15000, "150,00 kr"), m(20000, "200,00 kr"), m(50000, "500,00 kr")],
  };
  const paid: CheckoutView = {
    ...waiting,
    checkout_id: 8,
    tender: "cash",
    state: "receipted",
    finished: true,
    amount: m(14840, "148,40 kr"),
    sca_url: null,
    qr_svg: null,
    connection: null,
    receipt_number: 12,
    cash: {
      to_pay: m(14800, "148,00 kr"),
      rounding: m(-40, "-0,40 kr"),
      tendered: m(20000, "200,00 kr"),
      change: m(5200, "52,00 kr"),
    },
  };

  it("takes over an open Swish payment with key 3 and Enter and shows the change large", async () => {
    backend({
      charge: { ...waiting, tender: "swish" },
      cash_offer: offer,
      charge_cash: { checkout: paid, drawer_problem: null },
      receipt_output: { after_sale: "none", printed: false },
    });
    render(PayScreen, { t, locale: "sv", training: true, defaultTender: "swish", ondone: vi.fn() });
    await waitFor(() => expect(document.getElementById("pay-cash-to-pay")).not.toBeNull());
    expect(document.getElementById("pay-cash-to-pay")!.textContent).toBe("148,00 kr");
    expect(document.getElementById("pay-cash-rounding")!.textContent).toContain("-0,40 kr");
    // The Swish payment is open: cash takes over from it.
    await waitFor(() => expect(document.getElementById("pay-cancel")).not.toBeNull());
    await fireEvent.keyDown(window, { key: "3" });
    expect(document.getElementById("pay-cash-picked")!.textContent).toContain("200,00 kr");
    await fireEvent.keyDown(window, { key: "Enter" });
    await waitFor(() => expect(document.getElementById("pay-cash-change")).not.toBeNull());
    expect(invoke).toHaveBeenCalledWith("charge_cash", { tenderedOre: 20000 });
    expect(document.getElementById("pay-cash-change")!.textContent).toBe("52,00 kr");
    expect(document.getElementById("pay-tender")!.textContent).toBe("Kontant");
    expect(document.getElementById("pay-cash")).toBeNull();
  });

  it("sends a typed amount as typed and says when it is too little, keeping the sale", async () => {
    backend({
      charge: { ...waiting, tender: "swish" },
      cash_offer: offer,
      charge_cash: { code: "cash_short", message: "48,00 kr is missing" },
    });
    render(PayScreen, { t, locale: "sv", training: true, defaultTender: "swish", ondone: vi.fn() });
    await waitFor(() => expect(document.getElementById("pay-cash-typed")).not.toBeNull());
    const input = document.getElementById("pay-cash-typed") as HTMLInputElement;
    await fireEvent.input(input, { target: { value: "100" } });
    await fireEvent.keyDown(input, { key: "Enter" });
    await waitFor(() => expect(document.getElementById("pay-error")).not.toBeNull());
    expect(invoke).toHaveBeenCalledWith("charge_cash", { typed: "100" });
    expect(document.getElementById("pay-error")!.getAttribute("data-code")).toBe("cash_short");
    expect(document.getElementById("pay-cash")).not.toBeNull();
  });
});

describe("Pay screen split payment", () => {
  const m = (ore: number, sv: string) => ({ ore, sv, en: sv });
  const part = (id: number, tender: "cash" | "swish", ore: number, sv: string, status: string) => ({
    checkout_id: id,
    tender,
    amount: m(ore, sv),
    status,
    tendered: null,
    change: null,
  });
  const open = {
    order_id: "s-1",
    state: "open",
    total: m(12520, "125,20 kr"),
    paid: m(5000, "50,00 kr"),
    remainder: m(7520, "75,20 kr"),
    remainder_cash: m(7500, "75,00 kr"),
    parts: [part(7, "cash", 5000, "50,00 kr", "paid")],
    pending_checkout: null,
    journal_entry_id: null,
    hand_back_cash: m(0, "0,00 kr"),
    refunded_swish: m(0, "0,00 kr"),
  };

  it("finds a split left open (a restart), charges nothing itself, and cancels it saying what to hand back", async () => {
    backend({
      split_view: open,
      cancel_split: { ...open, state: "cancelled", hand_back_cash: m(5000, "50,00 kr") },
    });
    render(PayScreen, {
      t,
      locale: "sv",
      training: true,
      defaultTender: "swish",
      resumeSplit: true,
      ondone: vi.fn(),
    });
    await waitFor(() => expect(document.getElementById("split-left")).not.toBeNull());
    expect(document.getElementById("split-left")!.textContent).toBe("75,20 kr");
    expect(document.getElementById("split-left-cash")!.textContent).toBe("75,00 kr");
    expect(document.getElementById("split-collect")!.textContent).toContain("75,20 kr");
    expect(invoke.mock.calls.map(([c]) => c)).not.toContain("charge");
    expect(document.getElementById("pay-cash")).toBeNull();
    await fireEvent.click(document.getElementById("split-cancel")!);
    await waitFor(() => expect(document.getElementById("split-hand-back")).not.toBeNull());
    expect(document.getElementById("split-hand-back")!.textContent).toContain("50,00 kr");
    expect(document.getElementById("pay-split")).toBeNull();
  });

  it("takes a cash part as typed and shows what is left", async () => {
    backend({
      cash_offer: {
        total: m(12520, "125,20 kr"),
        rounding: m(-20, "-0,20 kr"),
        to_pay: m(12500, "125,00 kr"),
        keys: [m(12500, "125,00 kr")],
      },
      charge: { code: "internal", message: "not this test" },
      pay_part: {
        split: open,
        checkout: {
          checkout_id: 7,
          order_number: "kassa1-000001",
          tender: "cash",
          state: "approved",
          finished: false,
          amount: m(5000, "50,00 kr"),
          failure: null,
          timeline: [],
          sca_url: null,
          qr_svg: null,
          connection: null,
          receipt_number: null,
          cash: null,
          control_unit_sv: null,
          control_unit_en: null,
        },
        drawer_problem: null,
      },
    });
    render(PayScreen, { t, locale: "sv", training: true, defaultTender: "invoice", ondone: vi.fn() });
    await waitFor(() => expect(document.getElementById("pay-split-open")).not.toBeNull());
    await fireEvent.click(document.getElementById("pay-split-open")!);
    await fireEvent.input(document.getElementById("split-amount")!, { target: { value: "50" } });
    await fireEvent.input(document.getElementById("split-tendered")!, { target: { value: "100" } });
    await fireEvent.click(document.getElementById("split-cash")!);
    await waitFor(() => expect(document.getElementById("split-left")).not.toBeNull());
    expect(invoke).toHaveBeenCalledWith("pay_part", { tender: "cash", amount: "50", tendered: "100" });
    expect(document.getElementById("split-left")!.textContent).toBe("75,20 kr");
    // The paid part waits for the rest: no checkout status over the split panel.
    expect(document.getElementById("pay-phase")).toBeNull();
  });

  it("goes on in parts when Swish for the whole sale is refused because part of it is paid", async () => {
    backend({
      charge: { code: "split_in_progress", message: "Part of this sale is paid (50,00 kr)" },
      split_view: open,
      cash_offer: {
        total: m(12520, "125,20 kr"),
        rounding: m(-20, "-0,20 kr"),
        to_pay: m(12500, "125,00 kr"),
        keys: [m(12500, "125,00 kr")],
      },
    });
    render(PayScreen, { t, locale: "sv", training: true, defaultTender: "swish", ondone: vi.fn() });
    await waitFor(() => expect(document.getElementById("split-left")).not.toBeNull());
    expect(document.getElementById("split-left")!.textContent).toBe("75,20 kr");
    expect(document.getElementById("pay-error")).toBeNull();
  });
});

