// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";

const invoke = vi.hoisted(() => vi.fn());
vi.mock("@tauri-apps/api/core", () => ({ invoke }));

import CatalogueProducts from "./CatalogueProducts.svelte";
import type { CatalogueProduct } from "../lib/bindings/CatalogueProduct";
import { translate, type MessageKey } from "../lib/i18n";

const t = (key: MessageKey, params?: Record<string, string>) => translate("sv", key, params);
const bulle: CatalogueProduct = {
  id: 7,
  name: "Kanelbulle",
  price: { ore: 3200, sv: "32,00 kr", en: "SEK 32.00" },
  price_typed: "32,00",
  barcode: "7310865004703",
  sku: null,
  vat_class: "food",
  category_id: null,
  active: true,
  article: "goods",
};
const vat = [
  { class: "standard" as const, rate: "25 %" },
  { class: "food" as const, rate: "6 %" },
];

afterEach(() => {
  cleanup();
  invoke.mockReset();
});

function mount() {
  return render(CatalogueProducts, { t, locale: "sv", categories: [], vat });
}

describe("the catalogue's product form", () => {
  it("opens a new product with Ctrl+N and shows Kassa's problem under the barcode", async () => {
    const saved: unknown[] = [];
    invoke.mockImplementation(async (command: string, args: Record<string, unknown>) => {
      if (command === "catalogue_products") return [];
      if (command === "catalogue_save_product") {
        saved.push(args);
        return {
          product: null,
          problems: [
            {
              field: "barcode",
              problem: { kind: "barcode_check_digit", typed: "7310865004704", expected: 3 },
            },
          ],
        };
      }
      throw { code: "internal", message: command };
    });
    mount();
    await fireEvent.keyDown(window, { key: "n", ctrlKey: true });
    const name = (await screen.findByLabelText("Namn")) as HTMLInputElement;
    expect(document.activeElement).toBe(name);
    await fireEvent.input(name, { target: { value: "Saffransbulle" } });
    const barcode = screen.getByLabelText("Streckkod (EAN)");
    await fireEvent.input(barcode, { target: { value: "7310865004704" } });
    expect(screen.getByLabelText("Momsklass").textContent).toContain("Livsmedel 6 %");
    await fireEvent.submit(document.getElementById("catalogue-form")!);

    const problem = await screen.findByText(/har fel kontrollsiffra \(ska vara 3\)/);
    expect(problem.id).toBe("product-barcode-problem");
    expect(barcode.getAttribute("aria-invalid")).toBe("true");
    expect(barcode.getAttribute("aria-describedby")).toBe("product-barcode-problem");
    expect(saved[0]).toMatchObject({
      id: null,
      product: { name: "Saffransbulle", barcode: "7310865004704", vat_class: "standard" },
    });
    // Esc closes the form without saving.
    await fireEvent.keyDown(window, { key: "Escape" });
    expect(document.getElementById("catalogue-form")).toBeNull();
  });

  it("lists inactive products marked, and Enter in the search edits the selected one", async () => {
    invoke.mockImplementation(async (command: string) => {
      if (command === "catalogue_products") return [{ ...bulle, active: false }];
      throw { code: "internal", message: command };
    });
    mount();
    const row = await screen.findByText("Kanelbulle");
    expect(row.closest("button")?.textContent).toContain("inaktiv");
    await fireEvent.keyDown(screen.getByLabelText("Sök i sortimentet"), { key: "Enter" });
    const price = (await screen.findByLabelText("Pris inkl. moms (t.ex. 12,50)")) as HTMLInputElement;
    expect(price.value).toBe("32,00");
    expect(document.getElementById("product-toggle-active")?.textContent).toContain("Sälj igen");
  });
});
