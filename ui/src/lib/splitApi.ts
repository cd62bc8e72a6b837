// A sale paid in parts: what is paid and left, a part by Swish or in cash, the cancel.
// Amounts go to Rust as typed: the UI does no arithmetic on money.
import { call } from "./api";
import type { PartTaken } from "./bindings/PartTaken";
import type { SplitView } from "./bindings/SplitView";
import type { Tender } from "./bindings/Tender";

/** The open payment in parts, if any (also after a restart). */
export const splitView = () => call<SplitView | null>("split_view");
/** A part: `amount` as typed (empty = all that is left); cash with `tendered` as typed. */
export const payPart = (tender: Tender, amount: string, tendered: string) =>
  call<PartTaken>("pay_part", { tender, amount, tendered });
/** Cancels the payment in parts; the answer says what was refunded and what to hand back. */
export const cancelSplit = () => call<SplitView>("cancel_split");
