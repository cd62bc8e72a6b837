// The Settings screen's commands and the receipt after a sale.
import { call } from "./api";
import type { LanguageChoice } from "./bindings/LanguageChoice";
import type { OutputChoice } from "./bindings/OutputChoice";
import type { OutputDone } from "./bindings/OutputDone";
import type { ReceiptOutcome } from "./bindings/ReceiptOutcome";
import type { SaveSettingsOutcome } from "./bindings/SaveSettingsOutcome";
import type { SettingsForm } from "./bindings/SettingsForm";
import type { SettingsView } from "./bindings/SettingsView";

export const settings = () => call<SettingsView>("settings");
/** Saves the whole form, or nothing with a problem per bad field. */
export const saveSettings = (form: SettingsForm) =>
  call<SaveSettingsOutcome>("save_settings", { form });
/** Saves only the language, so Kassa starts in it next time. */
export const setLanguage = (language: LanguageChoice) =>
  call<SettingsView>("set_language", { language });
/** Prints a test page on the printer in the form (saved or not). */
export const printTestPage = (form: SettingsForm) => call<void>("print_test_page", { form });

/** Once a checkout is receipted: the original receipt, given out as Settings says. */
export const receiptAfterSale = (checkoutId: number) =>
  call<ReceiptOutcome>("receipt_after_sale", { checkoutId });
/**
 * The same receipt printed or saved as PDF again (Retry, or the other output); with `copy`,
 * the copy (KOPIA) History made, never a second one.
 */
export const receiptOutput = (entryId: number, output: OutputChoice, copy = false) =>
  call<OutputDone>("receipt_output", { entryId, output, copy });
/** The system's print dialog for what the window marks `.printable` (the receipt or report). */
export const systemPrint = () => window.print();
