import { describe, expect, it } from "vitest";
import type { CheckoutView } from "./bindings/CheckoutView";
import { cancellable, elapsedSeconds, payPhase } from "./payPhase";

function view(patch: Partial<CheckoutView>): CheckoutView {
  return {
    checkout_id: 1,
    order_number: "KASSA-1-000001",
    state: "awaiting_customer",
    failure: null,
    finished: false,
    amount: { ore: 3500, sv: "35,00 kr", en: "SEK 35.00" },
    sca_url: "http://127.0.0.1:1/?token=x",
    qr_svg: "<svg></svg>",
    timeline: [],
    connection: "live",
    retrying: false,
    started_at: "2026-11-27T16:00:00Z",
    receipt_number: null,
    ...patch,
  };
}

describe("payPhase", () => {
  it("waits for the customer while Kronor has the order, and may be cancelled", () => {
    const v = view({});
    expect(payPhase(v)).toBe("waiting");
    expect(cancellable(v)).toBe(true);
  });

  it("shows network trouble while a step is retried", () => {
    expect(payPhase(view({ state: "submitting", retrying: true }))).toBe("network_trouble");
    expect(payPhase(view({ retrying: true }))).toBe("network_trouble");
    expect(payPhase(view({ state: "submitting" }))).toBe("sending");
  });

  it("gives every end state its own phase, none cancellable", () => {
    for (const state of ["rejected", "cancelled", "expired", "failed", "receipted"]) {
      const v = view({ state, finished: true });
      expect(payPhase(v)).toBe(state);
      expect(cancellable(v)).toBe(false);
    }
  });

  it("an approved payment can no longer be cancelled", () => {
    const v = view({ state: "captured" });
    expect(payPhase(v)).toBe("approved");
    expect(cancellable(v)).toBe(false);
  });

  it("counts seconds since Charge", () => {
    const v = view({});
    expect(elapsedSeconds(v, new Date("2026-11-27T16:01:05Z"))).toBe(65);
    expect(elapsedSeconds(v, new Date("2026-11-27T15:59:00Z"))).toBe(0);
  });
});
