// Turns the credentials status into the one line the settings panel shows.
import type { CredentialsStatus } from "./bindings/CredentialsStatus";
import type { KronorEnvironment } from "./bindings/KronorEnvironment";
import { translate, type Locale, type MessageKey } from "./i18n";

/** The environment's name as the panel shows it ("Staging (test)", "Produktion"). */
export function environmentKey(environment: KronorEnvironment): MessageKey {
  return environment === "production"
    ? "credentials.environment.production"
    : "credentials.environment.staging";
}

export function statusLine(locale: Locale, status: CredentialsStatus): string {
  switch (status.state) {
    case "configured":
      return translate(locale, "credentials.configured", {
        environment: translate(locale, environmentKey(status.environment)),
        last4: status.last4,
      });
    case "not_configured":
      return translate(locale, "settings.token.notConfigured");
    case "store_unavailable":
      return translate(locale, "settings.store.unavailable");
  }
}
