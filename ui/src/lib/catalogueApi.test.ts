import { describe, expect, it } from "vitest";
import { describeProblem, vatOptionText } from "./catalogueApi";
import { translate, type Locale, type MessageKey } from "./i18n";
import type { CatalogueProblem } from "./bindings/CatalogueProblem";

const tr = (locale: Locale) => (key: MessageKey, params?: Record<string, string>) =>
  translate(locale, key, params);

describe("catalogue problems in the cashier's words", () => {
  it("names the check digit a barcode should have, in both languages", () => {
    const p: CatalogueProblem = {
      kind: "barcode_check_digit",
      typed: "7310865004704",
      expected: 3,
    };
    expect(describeProblem(tr("sv"), p)).toBe(
      '"7310865004704" har fel kontrollsiffra (ska vara 3). Skanna eller skriv in den igen.',
    );
    expect(describeProblem(tr("en"), p)).toContain("wrong check digit (should be 3)");
  });

  it("fills every placeholder of every kind", () => {
    const all: CatalogueProblem[] = [
      { kind: "empty" },
      { kind: "too_long", max: 100 },
      { kind: "not_an_amount", typed: "tio" },
      { kind: "negative", typed: "-5" },
      { kind: "too_large", typed: "99999999" },
      { kind: "unknown_vat_class", typed: "lyx" },
      { kind: "barcode_not_digits", typed: "12a" },
      { kind: "barcode_length", typed: "123", digits: 3 },
      { kind: "taken", value: "B-1", by: "Kanelbulle" },
      { kind: "twice_in_file", value: "B-1" },
      { kind: "unknown_category" },
      { kind: "not_yes_no", typed: "kanske" },
      { kind: "not_whole_number", typed: "1,5" },
      { kind: "not_utf8" },
      { kind: "unknown_column", name: "färg" },
      { kind: "missing_column", name: "price" },
      { kind: "duplicate_column", name: "namn" },
      { kind: "unreadable", detail: "x" },
    ];
    for (const locale of ["sv", "en"] as const) {
      for (const p of all) {
        const text = describeProblem(tr(locale), p);
        expect(text, `${locale} ${p.kind}`).not.toMatch(/\{\w+\}/);
        expect(text.startsWith("catalogue."), `${locale} ${p.kind}`).toBe(false);
      }
    }
    expect(describeProblem(tr("sv"), { kind: "taken", value: "B-1", by: "Kanelbulle" })).toBe(
      'B-1 används redan av "Kanelbulle".',
    );
  });

  it("writes a VAT class as the cashier knows it, with the rate from Rust", () => {
    expect(vatOptionText(tr("sv"), { class: "food", rate: "6 %" })).toBe("Livsmedel 6 %");
    expect(vatOptionText(tr("en"), { class: "standard", rate: "25 %" })).toBe("Standard 25 %");
  });
});
