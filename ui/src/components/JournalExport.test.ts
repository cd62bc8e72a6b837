// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";

const invoke = vi.hoisted(() => vi.fn());
vi.mock("@tauri-apps/api/core", () => ({ invoke }));

import JournalExport from "./JournalExport.svelte";
import { translate, type MessageKey } from "../lib/i18n";

const t = (key: MessageKey, params?: Record<string, string>) => translate("sv", key, params);

afterEach(() => {
  cleanup();
  invoke.mockReset();
});

const own = { path: "/home/anna/Dokument/Kassa/Skatteverket", removable: false };
const stick = { path: "/media/anna/USB-STICK", removable: true };

describe("JournalExport", () => {
  it("exports the chosen period to the chosen USB stick and says what the file holds", async () => {
    invoke.mockImplementation(async (command: string, args: Record<string, unknown>) => {
      if (command === "export_destinations") return [own, stick];
      if (command === "export_journal")
        return {
          path: `${args.folder}/ExportAvDataFranJournalminneEnligtSKVFS2021-16_20261101-20261130.xml`,
          events: 84, receipts: 69, returns: 3, copies: 3, training: 3, reports: 6,
          parkings: 2, cancelled_lines: 3, invoice_receipts_left_out: 21,
          warnings: ["journal records 1–192 were chained without a secret key"],
        };
      throw { code: "internal", message: command };
    });
    render(JournalExport, { t, locale: "sv" });
    const folder = (await screen.findByLabelText(/Spara i/)) as HTMLSelectElement;
    await screen.findByText(/USB-minne: \/media\/anna\/USB-STICK/);
    expect(folder.value).toBe(own.path);
    await fireEvent.change(folder, { target: { value: stick.path } });
    await fireEvent.input(screen.getByLabelText(/Första dag/), { target: { value: "2026-11-01" } });
    await fireEvent.input(screen.getByLabelText(/Sista dag/), { target: { value: "2026-11-30" } });
    await fireEvent.click(screen.getByText("Exportera"));
    const done = await screen.findByText(/84 registreringar/);
    expect(done.textContent).toContain("/media/anna/USB-STICK/ExportAvDataFranJournalminne");
    expect(invoke.mock.calls.find(([c]) => c === "export_journal")?.[1]).toEqual({
      from: "2026-11-01",
      to: "2026-11-30",
      folder: stick.path,
    });
    expect(screen.getByText(/21 fakturaköp/)).toBeTruthy();
    expect(screen.getByRole("alert").textContent).toContain("Varning");
  });

  it("names a failed export in Swedish and offers the folders again", async () => {
    let asked = 0;
    invoke.mockImplementation(async (command: string) => {
      if (command === "export_destinations") {
        asked += 1;
        return asked === 1 ? [own, stick] : [own];
      }
      if (command === "export_journal") throw { code: "export_failed", message: "gone" };
      throw { code: "internal", message: command };
    });
    render(JournalExport, { t, locale: "sv" });
    const folder = (await screen.findByLabelText(/Spara i/)) as HTMLSelectElement;
    await screen.findByText(/USB-STICK/);
    await fireEvent.change(folder, { target: { value: stick.path } });
    await fireEvent.click(screen.getByText("Exportera"));
    const error = await screen.findByText(/sätt i USB-minnet igen/);
    expect(error.getAttribute("data-code")).toBe("export_failed");
    await waitFor(() => expect(screen.queryByText(/USB-STICK/)).toBeNull());
    expect(folder.value).toBe(own.path);
  });
});
