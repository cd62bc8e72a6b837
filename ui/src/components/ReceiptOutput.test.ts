// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";

const invoke = vi.hoisted(() => vi.fn());
vi.mock("@tauri-apps/api/core", () => ({ invoke }));

import ReceiptOutput from "./ReceiptOutput.svelte";
import type { ReceiptOutcome } from "../lib/bindings/ReceiptOutcome";
import { translate, type MessageKey } from "../lib/i18n";

const t = (key: MessageKey, params?: Record<string, string>) => translate("sv", key, params);
const refused = "The printer at 127.0.0.1:9100 did not answer (Connection refused).";

const failedPrint: ReceiptOutcome = {
  entry_id: 41,
  receipt_number: 12,
  after_sale: "print",
  done: { output: "none", pdf_path: null },
  error: { code: "print_failed", message: refused },
  lines: [],
};

afterEach(() => {
  cleanup();
  invoke.mockReset();
});

describe("ReceiptOutput", () => {
  it("shows the printer's error and retries the same receipt", async () => {
    invoke.mockImplementation(async (command: string) => {
      if (command === "receipt_after_sale") return failedPrint;
      if (command === "receipt_output") return { output: "print", pdf_path: null };
      throw { code: "internal", message: command };
    });
    render(ReceiptOutput, { t, locale: "sv", checkoutId: 7 });
    const error = await screen.findByRole("alert");
    expect(error.dataset.code).toBe("print_failed");
    expect(error.textContent).toContain("Köpet är registrerat");
    expect(error.textContent).toContain(refused);
    expect(invoke).toHaveBeenCalledWith("receipt_after_sale", { checkoutId: 7 });

    await fireEvent.click(screen.getByText("Försök igen"));
    await waitFor(() => expect(document.getElementById("receipt-output-done")).not.toBeNull());
    expect(invoke).toHaveBeenLastCalledWith("receipt_output", {
      entryId: 41,
      output: "print",
      copy: false,
    });
    expect(document.getElementById("receipt-output-error")).toBeNull();
  });

  it("opens the system print dialog on the receipt, which only a print shows", async () => {
    invoke.mockResolvedValueOnce({
      ...failedPrint,
      error: null,
      done: { output: "print", pdf_path: null },
      lines: [{ kind: "heading", text: "Kafé Ängen", right: null, strong: false }],
    });
    const print = vi.spyOn(window, "print").mockImplementation(() => {});
    render(ReceiptOutput, { t, locale: "sv", checkoutId: 7 });
    await fireEvent.click(await screen.findByText("Skriv ut via datorns utskrift"));
    expect(print).toHaveBeenCalledOnce();
    const paper = document.getElementById("receipt-document");
    expect(paper?.textContent).toContain("Kafé Ängen");
    expect(paper?.classList.contains("printable")).toBe(true);
    expect(paper?.parentElement?.classList.contains("print-only")).toBe(true);
    print.mockRestore();
  });

  it("shows where the PDF was saved", async () => {
    invoke.mockResolvedValueOnce({
      ...failedPrint,
      after_sale: "pdf",
      error: null,
      done: { output: "pdf", pdf_path: "/home/kim/Documents/Kassa/kvitton/kvitto-12.pdf" },
    });
    render(ReceiptOutput, { t, locale: "sv", checkoutId: 7 });
    const done = await screen.findByRole("status");
    expect(done.textContent).toContain("/home/kim/Documents/Kassa/kvitton/kvitto-12.pdf");
  });
});
