// The History screen's commands: search, view (records no print), the one copy (KOPIA),
// and returning a whole sale through Kronor (answers with the RETUR receipt).
import { call } from "./api";
import type { HistoryPage } from "./bindings/HistoryPage";
import type { HistoryQuery } from "./bindings/HistoryQuery";
import type { ReceiptDoc } from "./bindings/ReceiptDoc";
import type { Locale } from "./i18n";

export const historySearch = (query: HistoryQuery) =>
  call<HistoryPage>("history_search", { query });
export const receiptView = (entryId: number, locale: Locale) =>
  call<ReceiptDoc>("receipt_view", { entryId, locale });
export const receiptCopy = (entryId: number, locale: Locale) =>
  call<ReceiptDoc>("receipt_copy", { entryId, locale });
export const returnSale = (entryId: number, locale: Locale) =>
  call<ReceiptDoc>("return_sale", { entryId, locale });
