// Giving out a receipt or a report: the receipt after a sale, sending one again, and the
// system print dialog.
import { call } from "./api";
import type { OutputChoice } from "./bindings/OutputChoice";
import type { OutputDone } from "./bindings/OutputDone";
import type { ReceiptOutcome } from "./bindings/ReceiptOutcome";

/** Once a checkout is receipted: the original receipt, given out as Settings says. */
export const receiptAfterSale = (checkoutId: number) =>
  call<ReceiptOutcome>("receipt_after_sale", { checkoutId });
/**
 * The same receipt printed or saved as PDF again (Retry, or the other output); with `copy`,
 * the copy (KOPIA) History made, never a second one.
 */
export const receiptOutput = (entryId: number, output: OutputChoice, copy = false) =>
  call<OutputDone>("receipt_output", { entryId, output, copy });
/** The system's print dialog for what the window marks `.printable` (the receipt or report). */
export const systemPrint = () => window.print();
