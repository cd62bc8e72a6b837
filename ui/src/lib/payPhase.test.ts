import { describe, expect, it } from "vitest";
import type { CheckoutView } from "./bindings/CheckoutView";
import {
  cancellable,
  connectionShown,
  elapsedSeconds,
  payPhase,
  phaseHint,
  stockholmTime,
} from "./payPhase";

function view(patch: Partial<CheckoutView>): CheckoutView {
  return {
    checkout_id: 1,
    order_number: "KASSA-1-000001",
    tender: "invoice",
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
    control_unit_sv: null,
    control_unit_en: null,
    cash: null,
    ...patch,
  };
}

describe("payPhase", () => {
  it("shows a paid sale whose receipt waits for the control unit, which cannot be cancelled", () => {
    const v = view({ state: "captured", retrying: true, control_unit_sv: "Kontrollenheten svarar inte." });
    expect(payPhase(v)).toBe("approved_signing");
    expect(cancellable(v)).toBe(false);
    expect(payPhase(view({ state: "captured", retrying: true }))).toBe("approved_checking");
  });

  it("waits for the customer while Kronor has the order, and may be cancelled", () => {
    const v = view({});
    expect(payPhase(v)).toBe("waiting");
    expect(cancellable(v)).toBe(true);
  });

  it("shows network trouble while a step is retried", () => {
    expect(payPhase(view({ state: "submitting", retrying: true }))).toBe("network_trouble");
    expect(payPhase(view({ state: "submitting" }))).toBe("sending");
  });

  it("checks with Kronor once it has the order: the customer may have approved", () => {
    const waiting = view({ retrying: true });
    expect(payPhase(waiting)).toBe("checking");
    expect(phaseHint(payPhase(waiting))).toBe("checking");
    expect(cancellable(waiting)).toBe(true);
    const approved = view({ state: "approved", retrying: true });
    expect(payPhase(approved)).toBe("approved_checking");
    expect(cancellable(approved)).toBe(false);
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

describe("end states", () => {
  it("says for each failed end state that nothing was charged, and nothing after a receipt", () => {
    expect(phaseHint(payPhase(view({ state: "rejected", finished: true })))).toBe("rejected");
    expect(phaseHint(payPhase(view({ state: "cancelled", finished: true })))).toBe("cancelled");
    expect(phaseHint(payPhase(view({ state: "expired", finished: true })))).toBe("expired");
    expect(phaseHint(payPhase(view({ state: "receipted", finished: true })))).toBeNull();
    expect(phaseHint(payPhase(view({})))).toBeNull();
  });

  it("network trouble while retrying says the customer will not be charged twice", () => {
    const v = view({ state: "submitting", retrying: true, qr_svg: null, sca_url: null });
    expect(payPhase(v)).toBe("network_trouble");
    expect(phaseHint(payPhase(v))).toBe("network_trouble");
    expect(cancellable(v)).toBe(true);
    // A state change after the retry clears it (Rust resets `retrying`).
    expect(payPhase(view({ retrying: false }))).toBe("waiting");
  });

  it("an approved-but-not-yet-receipted payment is shown as approved, a captured one too", () => {
    expect(payPhase(view({ state: "approved" }))).toBe("approved");
    expect(payPhase(view({ state: "receipted", finished: true, receipt_number: 12 }))).toBe(
      "receipted",
    );
  });
});

describe("connection line", () => {
  it("shows from Charge on: connecting before the engine's first report", () => {
    expect(connectionShown(view({ connection: null }))).toBe("connecting");
    expect(connectionShown(view({ connection: "connecting" }))).toBe("connecting");
    expect(connectionShown(view({ connection: "polling" }))).toBe("polling");
    expect(connectionShown(view({ connection: "reconnecting" }))).toBe("reconnecting");
    expect(connectionShown(view({ connection: "live", finished: true, state: "cancelled" }))).toBe(
      null,
    );
  });
});

describe("Swedish time", () => {
  it("shows UTC instants in Stockholm time, winter (+1) and summer (+2)", () => {
    expect(stockholmTime("2026-11-27T16:00:05Z", "sv")).toBe("17:00:05");
    expect(stockholmTime("2026-07-01T09:30:00Z", "sv")).toBe("11:30:00");
    expect(stockholmTime("2026-11-27T23:15:00Z", "en")).toBe("00:15:00");
  });

  it("leaves what it cannot read as it came", () => {
    expect(stockholmTime("not a time", "sv")).toBe("not a time");
  });
});
