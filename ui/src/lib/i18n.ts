// Every string the cashier sees, in Swedish (the default) and English.
// Keys are checked at compile time: English must translate every Swedish key.

export type Locale = "sv" | "en";

const sv = {
  "app.name": "Kassa",
  "banner.training": "ÖVNING",
  "banner.trainingHint": "Övningsläge: inga riktiga betalningar",
  "mode.training": "Övningsläge",
  "mode.live": "Skarpt läge",
  "settings.title": "Inställningar",
  "settings.token.label": "Kronor-token för butiken",
  "settings.token.save": "Spara token",
  "settings.token.remove": "Ta bort token",
  "settings.token.configured": "Konfigurerad, slutar på …{last4}",
  "settings.token.notConfigured": "Ingen token konfigurerad",
  "settings.token.saved": "Token sparad i nyckelringen",
  "settings.token.removed": "Token borttagen",
  "settings.store.unavailable":
    "Ingen säker nyckelring finns på den här datorn. Token kan inte sparas.",
  "settings.language": "Språk",
  "version": "Version {version}",
  "error.keyring_unavailable": "Ingen säker nyckelring finns: token sparades inte.",
  "error.keyring_failed": "Nyckelringen svarade med ett fel.",
  "error.invalid_token": "Token är ogiltig.",
  "error.internal": "Något gick fel i Kassa.",
} as const;

export type MessageKey = keyof typeof sv;

const en: Record<MessageKey, string> = {
  "app.name": "Kassa",
  "banner.training": "TRAINING",
  "banner.trainingHint": "Training mode: no real payments",
  "mode.training": "Training mode",
  "mode.live": "Live mode",
  "settings.title": "Settings",
  "settings.token.label": "Shop's Kronor token",
  "settings.token.save": "Save token",
  "settings.token.remove": "Remove token",
  "settings.token.configured": "Configured, ending in …{last4}",
  "settings.token.notConfigured": "No token configured",
  "settings.token.saved": "Token saved in the keyring",
  "settings.token.removed": "Token removed",
  "settings.store.unavailable":
    "No secure keyring is available on this computer. The token cannot be saved.",
  "settings.language": "Language",
  "version": "Version {version}",
  "error.keyring_unavailable": "No secure keyring is available: the token was not saved.",
  "error.keyring_failed": "The keyring answered with an error.",
  "error.invalid_token": "The token is not valid.",
  "error.internal": "Something went wrong in Kassa.",
};

export const messages: Record<Locale, Record<MessageKey, string>> = { sv, en };

export const defaultLocale: Locale = "sv";

/** Looks up `key` in `locale` and fills `{name}` placeholders from `params`. */
export function translate(
  locale: Locale,
  key: MessageKey,
  params: Record<string, string> = {},
): string {
  return messages[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? params[name] : whole,
  );
}
