// @vitest-environment jsdom
import { cleanup, fireEvent, render, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";

const invoke = vi.hoisted(() => vi.fn());
vi.mock("@tauri-apps/api/core", () => ({ invoke }));

import HistoryScreen from "./HistoryScreen.svelte";
import type { HistoryPage } from "../lib/bindings/HistoryPage";
import type { ReceiptDoc } from "../lib/bindings/ReceiptDoc";
import type { ReceiptRow } from "../lib/bindings/ReceiptRow";
import { translate, type MessageKey } from "../lib/i18n";

const t = (key: MessageKey, params?: Record<string, string>) => translate("sv", key, params);

const row = (entryId: number, receiptNumber: number): ReceiptRow => ({
  entryId,
  receiptNumber,
  registerId: "KASSA-1",
  training: true,
  kind: "sale",
  time: "2026-11-27 11:00",
  total: { ore: 14900, sv: "149,00 kr", en: "SEK 149.00" },
  kronorPurchaseId: "1000",
  merchantReference: "KASSA-1-000001",
  customerName: null,
  paymentMethod: "swish",
  paidInParts: false,
  returnEntryId: null,
  copyPrinted: false,
  originalHandedOut: true,
});
const page: HistoryPage = { rows: [row(2, 2), row(1, 1)], offset: 0, more: false };
const doc = (entryId: number, copy: boolean): ReceiptDoc => ({
  entryId,
  receiptNumber: entryId,
  kind: "sale",
  training: true,
  copy,
  markings: copy ? ["KOPIA", "ÖVNING"] : ["ÖVNING"],
  lang: "sv",
  blocks: [
    ...(copy ? [{ kind: "marking" as const, text: "KOPIA" }] : []),
    { kind: "marking", text: "ÖVNING" },
    { kind: "row", left: "Totalt", right: "149,00 kr", strong: true },
  ],
});

afterEach(() => {
  cleanup();
  invoke.mockReset();
});

describe("HistoryScreen", () => {
  it("searches on Enter, moves with the arrows and opens with Enter without recording a print", async () => {
    invoke.mockImplementation(async (command: string, args: Record<string, unknown>) => {
      if (command === "history_search") return page;
      if (command === "receipt_view") return doc(args.entryId as number, false);
      throw { code: "internal", message: command };
    });
    render(HistoryScreen, { t, locale: "sv", training: true });
    const search = document.getElementById("history-search") as HTMLInputElement;
    await fireEvent.input(search, { target: { value: "149" } });
    await fireEvent.submit(search.form!);
    await waitFor(() =>
      expect(invoke).toHaveBeenCalledWith("history_search", {
        query: { text: "149", from: "", to: "", offset: 0 },
      }),
    );
    const list = document.getElementById("history-results")!;
    await waitFor(() => expect(list.querySelector(".method[data-method='swish']")?.textContent).toBe("Swish"));
    await fireEvent.keyDown(list, { key: "ArrowDown" });
    await fireEvent.keyDown(list, { key: "Enter" });
    await waitFor(() => expect(document.getElementById("history-receipt")).not.toBeNull());
    expect(invoke).toHaveBeenCalledWith("receipt_view", { entryId: 1, locale: "sv" });
    expect(invoke.mock.calls.some(([c]) => c === "receipt_copy")).toBe(false);
  });

  it("offers the original, not a copy, when the original never went out", async () => {
    const pending = { ...row(2, 2), originalHandedOut: false };
    invoke.mockImplementation(async (command: string, args: Record<string, unknown>) => {
      if (command === "history_search") return { ...page, rows: [pending, row(1, 1)] };
      if (command === "receipt_view") return doc(args.entryId as number, false);
      if (command === "receipt_original")
        return {
          doc: doc(args.entryId as number, false),
          entry_id: args.entryId,
          after_sale: "print",
          done: { output: "print", pdf_path: null },
          error: null,
        };
      throw { code: "internal", message: command };
    });
    render(HistoryScreen, { t, locale: "sv", training: true });
    await waitFor(() => expect(document.getElementById("history-row-2")).not.toBeNull());
    await fireEvent.click(document.getElementById("history-row-2")!);
    await waitFor(() => expect(document.getElementById("history-original")).not.toBeNull());
    expect(document.getElementById("history-reprint")).toBeNull();
    expect(document.getElementById("history-original-pending")).not.toBeNull();
    await fireEvent.click(document.getElementById("history-original")!);
    await waitFor(() =>
      expect(invoke).toHaveBeenCalledWith("receipt_original", { entryId: 2, locale: "sv" }),
    );
    // Out now: only the one copy is offered from here on.
    await waitFor(() => expect(document.getElementById("history-reprint")).not.toBeNull());
    expect(invoke.mock.calls.some(([c]) => c === "receipt_copy")).toBe(false);
  });

  it("shows KOPIA once and the Swedish rule on a second copy", async () => {
    let copies = 0;
    invoke.mockImplementation(async (command: string, args: Record<string, unknown>) => {
      if (command === "history_search") return page;
      if (command === "receipt_view") return doc(args.entryId as number, false);
      if (command === "receipt_copy") {
        copies += 1;
        if (copies > 1) throw { code: "copy_already_printed", message: "SKVFS 2014:9" };
        // Made, and printed as the after-sale default says.
        return {
          doc: doc(args.entryId as number, true),
          entry_id: args.entryId,
          after_sale: "print",
          done: { output: "print", pdf_path: null },
          error: null,
        };
      }
      if (command === "receipt_output") return { output: "pdf", pdf_path: "/tmp/kvitto-2-kopia.pdf" };
      throw { code: "internal", message: command };
    });
    render(HistoryScreen, { t, locale: "sv", training: true });
    await waitFor(() => expect(document.getElementById("history-row-2")).not.toBeNull());
    await fireEvent.click(document.getElementById("history-row-2")!);
    await waitFor(() => expect(document.getElementById("history-reprint")).not.toBeNull());
    await fireEvent.click(document.getElementById("history-reprint")!);
    await waitFor(() =>
      expect(document.querySelector("#history-receipt .marking")?.textContent).toBe("KOPIA"),
    );
    // The copy went to the printer; PDF sends the same copy again, never a second one.
    expect(document.getElementById("receipt-output-done")?.dataset.output).toBe("print");
    await fireEvent.click(document.getElementById("receipt-pdf")!);
    await waitFor(() => expect(document.getElementById("receipt-output-done")?.dataset.output).toBe("pdf"));
    expect(invoke).toHaveBeenCalledWith("receipt_output", { entryId: 2, output: "pdf", copy: true });
    expect(copies).toBe(1);
    await fireEvent.click(document.getElementById("history-reprint")!);
    await waitFor(() =>
      expect(document.getElementById("history-error")?.textContent).toContain("SKVFS 2014:9"),
    );
  });

  it("asks before returning a sale", async () => {
    invoke.mockImplementation(async (command: string, args: Record<string, unknown>) => {
      if (command === "history_search") return page;
      if (command === "receipt_view") return doc(args.entryId as number, false);
      throw { code: "internal", message: command };
    });
    render(HistoryScreen, { t, locale: "sv", training: true });
    await waitFor(() => expect(document.getElementById("history-row-2")).not.toBeNull());
    await fireEvent.click(document.getElementById("history-row-2")!);
    await waitFor(() => expect(document.getElementById("history-return")).not.toBeNull());
    await fireEvent.click(document.getElementById("history-return")!);
    expect(document.getElementById("history-return-confirm")).not.toBeNull();
    await fireEvent.click(document.getElementById("history-return-cancel")!);
    expect(document.getElementById("history-return-confirm")).toBeNull();
    expect(invoke.mock.calls.some(([c]) => c === "return_sale")).toBe(false);
  });
});
