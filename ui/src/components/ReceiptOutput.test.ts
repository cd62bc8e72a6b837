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
    expect(invoke).toHaveBeenLastCalledWith("receipt_output", { entryId: 41, output: "print" });
    expect(document.getElementById("receipt-output-error")).toBeNull();
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
