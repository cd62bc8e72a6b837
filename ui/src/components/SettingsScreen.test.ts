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
  control_unit: "",
  drawer: "none",
  drawer_command: "",
};

describe("SettingsScreen", () => {
  it("tests the control unit as typed, keeps its password out of the page and names a bad address", async () => {
    invoke.mockImplementation(async (command: string, args: Record<string, unknown>) => {
      if (command === "settings")
        return {
          form: savedForm,
          shop_saved: true,
          register_designation: "KASSA1",
          register: { maker: "Kassa", model: "Kassa SE", program: "Kassa", version: "0.1.0",
            manufacturing_number: "KS-0123456789ABCD" },
        };
      if (command === "credentials_status") return { state: "not_configured" };
      if (command === "save_control_unit_password" || command === "control_unit_status")
        return { source: "unit", ok: false, unit_id: null, unit_type: null, firmware: null,
          problem_sv: "Kontrollenheten svarar inte.", problem_en: "not answering", password_saved: true };
      if (command === "test_control_unit")
        return { source: "unit", ok: true, unit_id: "CC1234", unit_type: "CleanCash Type A",
          firmware: "2.1", problem_sv: null, problem_en: null, password_saved: true, address: args.address };
      if (command === "save_settings")
        return {
          saved: false,
          problems: [{ field: "control_unit", problem: "password_in_address", message: "bad" }],
          settings: { form: savedForm, shop_saved: true },
        };
      throw { code: "internal", message: command };
    });
    render(SettingsScreen, { t, locale: "sv", onlocale: () => {}, onchange: () => {} });
    const address = (await screen.findByLabelText("Kontrollenhetens adress")) as HTMLInputElement;
    expect(document.getElementById("settings-register-designation")?.textContent).toContain("KASSA1");
    // The register's identity, as Skatteverket is told it, in clear text.
    expect(document.getElementById("register-manufacturing-number")?.textContent).toBe("KS-0123456789ABCD");
    expect(document.getElementById("register-model")?.textContent).toBe("Kassa SE");
    expect(document.getElementById("register-version")?.textContent).toBe("0.1.0");
    expect(document.getElementById("register-designation")?.textContent).toBe("KASSA1");
    await fireEvent.input(address, { target: { value: "http://kassa@10.0.0.5:8081/xccsp" } });
    await fireEvent.click(screen.getByText("Testa kontrollenheten"));
    const result = await screen.findByText(/CC1234/);
    expect(result.getAttribute("data-ok")).toBe("true");
    expect(invoke.mock.calls.find(([c]) => c === "test_control_unit")?.[1]).toEqual({
      address: "http://kassa@10.0.0.5:8081/xccsp",
    });

    const password = screen.getByLabelText(/lösenord/) as HTMLInputElement;
    expect(password.type).toBe("password");
    await fireEvent.input(password, { target: { value: "hemligt" } });
    await fireEvent.click(screen.getByText("Spara lösenordet"));
    await screen.findByText(/svarar inte/);
    expect(password.value).toBe("");

    await fireEvent.input(address, { target: { value: "http://kassa:hemligt@10.0.0.5/xccsp" } });
    await fireEvent.click(screen.getByText("Spara inställningar"));
    const problem = await waitFor(() => {
      const p = document.getElementById("settings-control-unit-problem");
      expect(p).not.toBeNull();
      return p as HTMLElement;
    });
    expect(problem.textContent).toContain("nyckelringen");
    expect(document.activeElement).toBe(address);
  });

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
