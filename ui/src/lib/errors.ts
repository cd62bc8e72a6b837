// The UI's side of the Rust `AppError`: every command failure is `{code, message}`.
import type { AppError } from "./bindings/AppError";
import type { ErrorCode } from "./bindings/ErrorCode";
import type { MessageKey } from "./i18n";

/** Every code, once: the compiler checks the list against the generated `ErrorCode`. */
const known: Record<ErrorCode, true> = {
  keyring_unavailable: true,
  keyring_failed: true,
  invalid_token: true,
  storage: true,
  database_too_new: true,
  database_corrupt: true,
  invalid_amount: true,
  amount_out_of_range: true,
  invalid_quantity: true,
  invalid_discount: true,
  invalid_barcode: true,
  not_found: true,
  empty_sale: true,
  sale_in_progress: true,
  invalid_customer: true,
  invalid_order: true,
  payment_refused: true,
  payment_auth: true,
  payment_unavailable: true,
  payment_outcome_unknown: true,
  payment_protocol: true,
  not_cancellable: true,
  payment_in_progress: true,
  shop_details_missing: true,
  control_unit: true,
  copy_already_printed: true,
  already_returned: true,
  not_returnable: true,
  invalid_date: true,
  print_failed: true,
  day_already_closed: true,
  export_failed: true,
  cash_short: true,
  drawer_failed: true,
  float_already_set: true,
  cash_reason: true,
  split_in_progress: true,
  split_exceeds: true,
  weak_pin: true,
  pin_in_use: true,
  wrong_pin: true,
  pin_back_off: true,
  manager_required: true,
  invalid_cashier: true,
  locked: true,
  internal: true,
};
export const errorCodes = Object.keys(known) as ErrorCode[];
const codes: readonly string[] = errorCodes;

/** Narrows whatever `invoke` rejected with to an `AppError`; anything else is `internal`. */
export function toAppError(raw: unknown): AppError {
  if (typeof raw === "object" && raw !== null) {
    const { code, message, field } = raw as Record<string, unknown>;
    if (typeof code === "string" && codes.includes(code)) {
      const error: AppError = {
        code: code as ErrorCode,
        message: typeof message === "string" ? message : "",
      };
      // The form field the error is about, when there is one (e.g. `personnummer`).
      if (typeof field === "string") error.field = field;
      return error;
    }
  }
  return { code: "internal", message: String(raw) };
}

/** The translated text shown to the cashier for an error. */
export function errorKey(error: AppError): MessageKey {
  return `error.${error.code}`;
}
