// The Settings screen's commands.
import { call } from "./api";
import type { ControlUnitHealth } from "./bindings/ControlUnitHealth";
import type { LanguageChoice } from "./bindings/LanguageChoice";
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
/** The health of the control unit the till sells with now (start-up banner). */
export const controlUnitStatus = () => call<ControlUnitHealth>("control_unit_status");
/** Asks the unit at `address` (as typed) with the saved password whether it can sell. */
export const testControlUnit = (address: string) =>
  call<ControlUnitHealth>("test_control_unit", { address });
/** Saves the control unit's password in the keyring (empty removes it). */
export const saveControlUnitPassword = (password: string) =>
  call<ControlUnitHealth>("save_control_unit_password", { password });
