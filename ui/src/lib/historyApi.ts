// The History screen's commands: search, view (records no print), the one copy (KOPIA),
// and returning a whole sale through Kronor (answers with the RETUR receipt).
import { call } from "./api";
import type { HistoryPage } from "./bindings/HistoryPage";
import type { HistoryQuery } from "./bindings/HistoryQuery";
import type { ReceiptDoc } from "./bindings/ReceiptDoc";
import type { ReceiptGivenOut } from "./bindings/ReceiptGivenOut";
import type { ExportDestination } from "./bindings/ExportDestination";
import type { ExportSummary } from "./bindings/ExportSummary";
import type { Locale } from "./i18n";

export const historySearch = (query: HistoryQuery) =>
  call<HistoryPage>("history_search", { query });
export const receiptView = (entryId: number, locale: Locale) =>
  call<ReceiptDoc>("receipt_view", { entryId, locale });
// The copy and the return receipt are given out as the after-sale default says.
export const receiptCopy = (entryId: number, locale: Locale) =>
  call<ReceiptGivenOut>("receipt_copy", { entryId, locale });
/** The original again, for a receipt whose original never went out (no copy is made). */
export const receiptOriginal = (entryId: number, locale: Locale) =>
  call<ReceiptGivenOut>("receipt_original", { entryId, locale });
export const returnSale = (entryId: number, locale: Locale) =>
  call<ReceiptGivenOut>("return_sale", { entryId, locale });
/** The folders the journal export may go to: the till's own, then mounted USB sticks. */
export const exportDestinations = () => call<ExportDestination[]>("export_destinations");
/** The journal of `from`..`to` (YYYY-MM-DD) as Skatteverket's XML, saved in `folder`. */
export const exportJournal = (from: string, to: string, folder: string) =>
  call<ExportSummary>("export_journal", { from, to, folder });
