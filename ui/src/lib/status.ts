// Turns the credentials status into the one line the settings panel shows.
import type { CredentialsStatus } from "./bindings/CredentialsStatus";
import { translate, type Locale } from "./i18n";

export function statusLine(locale: Locale, status: CredentialsStatus): string {
  switch (status.state) {
    case "configured":
      return translate(locale, "settings.token.configured", { last4: status.last4 });
    case "not_configured":
      return translate(locale, "settings.token.notConfigured");
    case "store_unavailable":
      return translate(locale, "settings.store.unavailable");
  }
}
