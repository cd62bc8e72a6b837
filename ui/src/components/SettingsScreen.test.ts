// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";

const invoke = vi.hoisted(() => vi.fn());
vi.mock("@tauri-apps/api/core", () => ({ invoke }));

import SettingsScreen from "./SettingsScreen.svelte";
import type { SettingsForm } from "../lib/bindings/SettingsForm";
import { translate, type MessageKey } from "../lib/i18n";

const t = (key: MessageKey, params?: Record<string, string>) => translate("sv", key, params);

afterEach(() => {
  cleanup();
  invoke.mockReset();
});

const savedForm: SettingsForm = {
  shop_name: "Kafé Ängen",
  org_number: "556677-8899",
  address: "Storgatan 1",
  after_sale: "print",
  register_id: "KASSA-1",
  language: "sv",
  printer: "none",
  printer_address: "",
  printer_queue: "",
  cups_server: "",
  paper_mm: 80,
  receipt_qr: true,
  default_tender: "swish",
};

describe("SettingsScreen", () => {
  it("puts each problem beside its field and saves nothing until fixed", async () => {
    invoke.mockImplementation(async (command: string) => {
      if (command === "settings") return { form: savedForm, shop_saved: true };
      if (command === "credentials_status") return { state: "not_configured" };
      if (command === "save_settings")
        return {
          saved: false,
          problems: [{ field: "org_number", problem: "org_number", message: "bad" }],
          settings: { form: savedForm, shop_saved: true },
        };
      throw { code: "internal", message: command };
    });
    render(SettingsScreen, { t, locale: "sv", onlocale: () => {}, onchange: () => {} });
    const org = (await screen.findByLabelText("Organisationsnummer")) as HTMLInputElement;
    await fireEvent.input(org, { target: { value: "556677-8898" } });
    await fireEvent.click(screen.getByText("Spara inställningar"));
    const problem = await waitFor(() => {
      const p = document.getElementById("settings-org-number-problem");
      expect(p).not.toBeNull();
      return p as HTMLElement;
    });
    expect(problem.textContent).toContain("organisationsnummer");
    expect(org.getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement).toBe(org);
    const sent = invoke.mock.calls.find(([c]) => c === "save_settings")?.[1];
    expect(sent.form.org_number).toBe("556677-8898");
  });

  it("offers an ordinary printer in CUPS, which gets PDF and so asks no paper width", async () => {
    invoke.mockImplementation(async (command: string, args: { form: SettingsForm }) => {
      if (command === "settings") return { form: savedForm, shop_saved: true };
      if (command === "credentials_status") return { state: "not_configured" };
      if (command === "save_settings") return { saved: true, problems: [], settings: { form: args.form, shop_saved: true } };
      throw { code: "internal", message: command };
    });
    render(SettingsScreen, { t, locale: "sv", onlocale: () => {}, onchange: () => {} });
    const printer = (await screen.findByLabelText("Kvittoskrivare")) as HTMLSelectElement;
    await fireEvent.change(printer, { target: { value: "cups" } });
    expect(document.getElementById("settings-paper")).not.toBeNull();
    await fireEvent.change(printer, { target: { value: "cups_pdf" } });
    expect(screen.getByText("Vanlig skrivare i CUPS (PDF)")).toBeTruthy();
    expect(document.getElementById("settings-paper")).toBeNull();
    const queue = document.getElementById("settings-printer-queue") as HTMLInputElement;
    await fireEvent.input(queue, { target: { value: "Kontoret" } });
    await fireEvent.click(screen.getByText("Spara inställningar"));
    await waitFor(() => expect(invoke.mock.calls.some(([c]) => c === "save_settings")).toBe(true));
    const sent = invoke.mock.calls.find(([c]) => c === "save_settings")?.[1];
    expect(sent.form.printer).toBe("cups_pdf");
    expect(sent.form.printer_queue).toBe("Kontoret");
  });
});
