// @vitest-environment jsdom
import { cleanup, fireEvent, render, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";

const invoke = vi.hoisted(() => vi.fn());
vi.mock("@tauri-apps/api/core", () => ({ invoke }));

import ReportsCashDay from "./ReportsCashDay.svelte";
import type { CashDayView } from "../lib/bindings/CashDayView";
import { translate, type MessageKey } from "../lib/i18n";

const t = (key: MessageKey, params?: Record<string, string>) => translate("sv", key, params);
const m = (ore: number, sv: string) => ({ ore, sv, en: sv });
const tally = (count: number, ore: number, sv: string) => ({ count, amount: m(ore, sv) });

const fresh: CashDayView = {
  float: m(0, "0,00 kr"),
  float_set: false,
  sales: tally(0, 0, "0,00 kr"),
  refunds: tally(0, 0, "0,00 kr"),
  paid_in: tally(0, 0, "0,00 kr"),
  paid_out: tally(0, 0, "0,00 kr"),
  rounding: m(0, "0,00 kr"),
  expected: m(0, "0,00 kr"),
  counted: null,
  difference: null,
  drawer_openings: 0,
  denominations: [m(100000, "1 000,00 kr"), m(50000, "500,00 kr"), m(2000, "20,00 kr"), m(100, "1,00 kr")],
};

afterEach(() => {
  cleanup();
  invoke.mockReset();
});

describe("ReportsCashDay", () => {
  it("registers the float as typed, then hides its form; the count goes as pieces per note", async () => {
    const floated = { ...fresh, float: m(50000, "500,00 kr"), float_set: true, expected: m(50000, "500,00 kr") };
    const counted = { ...floated, counted: m(49500, "495,00 kr"), difference: m(-500, "-5,00 kr") };
    invoke.mockImplementation(async (command: string, args: { event?: { kind: string } }) => {
      if (command === "cash_day") return fresh;
      if (command === "record_cash" && args.event?.kind === "float") return floated;
      if (command === "record_cash" && args.event?.kind === "counted") return counted;
      throw { code: "internal", message: command };
    });
    render(ReportsCashDay, { t, locale: "sv" });
    await waitFor(() => expect(document.getElementById("cash-day-float-amount")).not.toBeNull());
    const float = document.getElementById("cash-day-float-amount") as HTMLInputElement;
    await fireEvent.input(float, { target: { value: "500" } });
    await fireEvent.click(document.getElementById("cash-day-float-save")!);
    await waitFor(() => expect(document.getElementById("cash-day-float")!.textContent).toBe("500,00 kr"));
    expect(invoke).toHaveBeenCalledWith("record_cash", { event: { kind: "float", amount: "500" } });
    expect(document.getElementById("cash-day-float-form")).toBeNull();

    await fireEvent.input(document.getElementById("cash-day-count-50000")!, { target: { value: "0" } });
    await fireEvent.input(document.getElementById("cash-day-count-2000")!, { target: { value: "24" } });
    await fireEvent.input(document.getElementById("cash-day-count-100")!, { target: { value: "15" } });
    await fireEvent.click(document.getElementById("cash-day-count-save")!);
    await waitFor(() => expect(document.getElementById("cash-day-difference")).not.toBeNull());
    expect(invoke).toHaveBeenCalledWith("record_cash", {
      event: { kind: "counted", pieces: [[50000, 0], [2000, 24], [100, 15]] },
    });
    expect(document.getElementById("cash-day-difference")!.textContent).toBe("-5,00 kr");
  });

  it("says why a paid out without a reason is refused, keeping what was typed", async () => {
    invoke.mockImplementation(async (command: string) => {
      if (command === "cash_day") return { ...fresh, float_set: true };
      if (command === "record_cash") throw { code: "cash_reason", message: "Say why" };
      throw { code: "internal", message: command };
    });
    render(ReportsCashDay, { t, locale: "sv" });
    await waitFor(() => expect(document.getElementById("cash-day-move-amount")).not.toBeNull());
    await fireEvent.input(document.getElementById("cash-day-move-amount")!, { target: { value: "20" } });
    await fireEvent.click(document.getElementById("cash-day-move-save")!);
    await waitFor(() => expect(document.getElementById("cash-day-error")).not.toBeNull());
    expect(document.getElementById("cash-day-error")!.getAttribute("data-code")).toBe("cash_reason");
    expect((document.getElementById("cash-day-move-amount") as HTMLInputElement).value).toBe("20");
  });
});
