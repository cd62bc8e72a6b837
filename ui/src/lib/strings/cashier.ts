// Cashier accounts (PIN log-in, manager approval), Swedish and English; merged into
// lib/i18n.ts. Every key needs both.

export const sv = {
  "error.weak_pin": "En PIN är 4 till 6 siffror och får inte vara lätt att gissa (samma siffra, eller 1234). Välj en annan.",
  "error.pin_in_use": "Ett annat konto har redan den PIN-koden. Välj en annan.",
  "error.wrong_pin": "Fel PIN-kod.",
  "error.pin_back_off": "För många fel PIN-koder i rad. Vänta en stund och försök igen.",
  "error.manager_required": "Det här kräver en chef: en chef skriver sin PIN-kod.",
  "error.invalid_cashier": "Kontots namn ska vara 1 till 40 tecken, utan dolda tecken.",
  "error.locked": "Kassan är låst: logga in med din PIN-kod först.",
} as const;

export const en: Record<keyof typeof sv, string> = {
  "error.weak_pin": "A PIN is 4 to 6 digits and must not be easy to guess (one digit repeated, or 1234). Choose another.",
  "error.pin_in_use": "Another account already has that PIN. Choose another.",
  "error.wrong_pin": "Wrong PIN.",
  "error.pin_back_off": "Too many wrong PINs in a row. Wait a moment and try again.",
  "error.manager_required": "This needs a manager: a manager types their PIN.",
  "error.invalid_cashier": "An account's name is 1 to 40 characters, with no hidden characters.",
  "error.locked": "The till is locked: log in with your PIN first.",
};
