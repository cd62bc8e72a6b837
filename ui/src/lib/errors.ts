// The UI's side of the Rust `AppError`: every command failure is `{code, message}`.
import type { AppError } from "./bindings/AppError";
import type { ErrorCode } from "./bindings/ErrorCode";
import type { MessageKey } from "./i18n";

const codes: readonly ErrorCode[] = [
  "keyring_unavailable",
  "keyring_failed",
  "invalid_token",
  "internal",
];

/** Narrows whatever `invoke` rejected with to an `AppError`; anything else is `internal`. */
export function toAppError(raw: unknown): AppError {
  if (typeof raw === "object" && raw !== null) {
    const { code, message } = raw as Record<string, unknown>;
    if (typeof code === "string" && (codes as readonly string[]).includes(code)) {
      return { code: code as ErrorCode, message: typeof message === "string" ? message : "" };
    }
  }
  return { code: "internal", message: String(raw) };
}

/** The translated text shown to the cashier for an error. */
export function errorKey(error: AppError): MessageKey {
  return `error.${error.code}`;
}
