import { describe, expect, it } from "vitest";
import { defaultLocale, messages, translate } from "./i18n";

describe("i18n", () => {
  it("defaults to Swedish", () => {
    expect(defaultLocale).toBe("sv");
    expect(translate(defaultLocale, "banner.training")).toBe("ÖVNING");
  });

  it("has the training banner in English", () => {
    expect(translate("en", "banner.training")).toBe("TRAINING");
  });

  it("translates every key into both languages, with no empty strings", () => {
    const svKeys = Object.keys(messages.sv).sort();
    expect(Object.keys(messages.en).sort()).toEqual(svKeys);
    for (const locale of ["sv", "en"] as const) {
      for (const key of svKeys) {
        expect(messages[locale][key as keyof typeof messages.sv].trim()).not.toBe("");
      }
    }
  });

  it("keeps the same placeholders in both languages", () => {
    const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(messages.sv) as (keyof typeof messages.sv)[]) {
      expect(placeholders(messages.en[key]), key).toEqual(placeholders(messages.sv[key]));
    }
  });

  it("fills placeholders and leaves unknown ones visible", () => {
    expect(translate("sv", "settings.token.configured", { last4: "1234" })).toBe(
      "Konfigurerad, slutar på …1234",
    );
    expect(translate("en", "settings.token.configured")).toBe("Configured, ending in …{last4}");
  });
});
