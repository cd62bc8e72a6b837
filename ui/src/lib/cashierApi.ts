// Who is at the till: the lock screen's log-in by PIN, the lock, and the first manager. A PIN
// goes to Rust as typed and is never kept here.
import { call } from "./api";
import type { CashierStatus } from "./bindings/CashierStatus";

export const cashierStatus = () => call<CashierStatus>("cashier_status");
export const logIn = (pin: string) => call<CashierStatus>("log_in", { pin });
export const lockTill = () => call<CashierStatus>("lock_till");
export const firstManager = (name: string, pin: string) =>
  call<CashierStatus>("first_manager", { name, pin });
