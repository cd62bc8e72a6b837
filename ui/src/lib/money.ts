// Amounts arrive from Rust already formatted in both languages; the UI never computes money.
import type { Money } from "./bindings/Money";
import type { Locale } from "./i18n";

export const money = (amount: Money, locale: Locale): string =>
  locale === "sv" ? amount.sv : amount.en;
