// Every action on the sale screen has a key, so a cashier rarely needs the mouse. The help
// overlay (F1) lists this table, so it cannot drift from what the keys do.
import type { MessageKey } from "./i18n";

export type Action =
  | "help"
  | "search"
  | "categories"
  | "nextLine"
  | "previousLine"
  | "quantityUp"
  | "quantityDown"
  | "discount"
  | "note"
  | "remove"
  | "park"
  | "recall"
  | "clear"
  | "settings"
  | "screenSell"
  | "screenHistory"
  | "screenCatalogue"
  | "screenReports"
  | "screenSettings"
  | "charge"
  | "customerDisplay"
  | "switchTender"
  | "openDrawer"
  | "lock"
  | "close";

export interface Shortcut {
  action: Action;
  /** What the help overlay shows, e.g. "Alt+↑". */
  keys: string;
  label: MessageKey;
  matches: (e: KeyLike) => boolean;
}

export type KeyLike = Pick<KeyboardEvent, "key" | "altKey" | "ctrlKey" | "shiftKey" | "metaKey">;

const plain = (key: string) => (e: KeyLike) =>
  e.key === key && !e.altKey && !e.ctrlKey && !e.shiftKey && !e.metaKey;
// Alt+digit switches screens; `code` is not in KeyLike, so match the digit the key produced.
const alt = (digit: string) => (e: KeyLike) =>
  e.altKey && !e.ctrlKey && !e.shiftKey && !e.metaKey && e.key === digit;

export const shortcuts: Shortcut[] = [
  { action: "help", keys: "F1", label: "help.help", matches: plain("F1") },
  { action: "search", keys: "F2", label: "help.search", matches: plain("F2") },
  { action: "categories", keys: "F3", label: "help.categories", matches: plain("F3") },
  { action: "nextLine", keys: "PgDn", label: "help.nextLine", matches: plain("PageDown") },
  { action: "previousLine", keys: "PgUp", label: "help.previousLine", matches: plain("PageUp") },
  {
    action: "quantityUp",
    keys: "Alt+↑",
    label: "help.quantityUp",
    matches: (e) => e.altKey && !e.ctrlKey && e.key === "ArrowUp",
  },
  {
    action: "quantityDown",
    keys: "Alt+↓",
    label: "help.quantityDown",
    matches: (e) => e.altKey && !e.ctrlKey && e.key === "ArrowDown",
  },
  { action: "discount", keys: "F6", label: "help.discount", matches: plain("F6") },
  { action: "note", keys: "F7", label: "help.note", matches: plain("F7") },
  { action: "remove", keys: "F8", label: "help.remove", matches: plain("F8") },
  { action: "park", keys: "F4", label: "help.park", matches: plain("F4") },
  { action: "recall", keys: "F5", label: "help.recall", matches: plain("F5") },
  {
    action: "clear",
    keys: "Shift+F8",
    label: "help.clear",
    matches: (e) => e.shiftKey && !e.altKey && !e.ctrlKey && e.key === "F8",
  },
  { action: "settings", keys: "F9", label: "help.settings", matches: plain("F9") },
  { action: "screenSell", keys: "Alt+1", label: "nav.sell", matches: alt("1") },
  { action: "screenHistory", keys: "Alt+2", label: "nav.history", matches: alt("2") },
  { action: "screenCatalogue", keys: "Alt+3", label: "nav.catalogue", matches: alt("3") },
  { action: "screenReports", keys: "Alt+4", label: "nav.reports", matches: alt("4") },
  { action: "screenSettings", keys: "Alt+5", label: "nav.settings", matches: alt("5") },
  { action: "charge", keys: "F12", label: "help.charge", matches: plain("F12") },
  {
    action: "openDrawer",
    keys: "Shift+F12",
    label: "help.openDrawer",
    matches: (e) => e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey && e.key === "F12",
  },
  {
    action: "lock",
    keys: "Ctrl+L",
    label: "help.lock",
    matches: (e) => e.ctrlKey && !e.altKey && !e.shiftKey && !e.metaKey && e.key.toLowerCase() === "l",
  },
  { action: "customerDisplay", keys: "F10", label: "display.help", matches: plain("F10") },
  { action: "switchTender", keys: "F11", label: "help.switchTender", matches: plain("F11") },
  { action: "close", keys: "Esc", label: "help.close", matches: plain("Escape") },
];

/** The action a keydown asks for, if any. */
export function actionFor(e: KeyLike): Action | null {
  return shortcuts.find((s) => s.matches(e))?.action ?? null;
}
