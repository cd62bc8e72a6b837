// Cash: the keypad's offer and Charge in cash (Pay screen), the drawer on demand, and the
// cash day (Reports). Amounts go to Rust as keyed in or as a quick key's öre: the UI does
// no arithmetic on money.
import { call } from "./api";
import type { CashCharged } from "./bindings/CashCharged";
import type { CashDayView } from "./bindings/CashDayView";
import type { CashEventInput } from "./bindings/CashEventInput";
import type { CashOffer } from "./bindings/CashOffer";

/** The sale on the counter in cash: total, öresavrundning, to pay, the quick keys. */
export const cashOffer = () => call<CashOffer>("cash_offer");
/** Charges in cash with a quick key's amount (`tenderedOre`) or the amount as typed. */
export const chargeCash = (handed: { tenderedOre: number } | { typed: string }) =>
  call<CashCharged>("charge_cash", handed);
/** Opens the drawer without a sale (counted on X and Z). */
export const openDrawer = () => call<CashDayView>("open_drawer");
export const cashDay = () => call<CashDayView>("cash_day");
/** The float, paid in or out with a reason, or the count by denomination. */
export const recordCash = (event: CashEventInput) => call<CashDayView>("record_cash", { event });
