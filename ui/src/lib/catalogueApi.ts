// The Catalogue screen's commands, and the words for what they answer. Problems the cashier
// can fix (a bad barcode, a CSV row) come back as data with the field, never as errors.
import { call } from "./api";
import type { CatalogueCategory } from "./bindings/CatalogueCategory";
import type { CatalogueProblem } from "./bindings/CatalogueProblem";
import type { CatalogueProduct } from "./bindings/CatalogueProduct";
import type { CategorySaveResult } from "./bindings/CategorySaveResult";
import type { ExportDone } from "./bindings/ExportDone";
import type { ImportResult } from "./bindings/ImportResult";
import type { ProductFieldKey } from "./bindings/ProductFieldKey";
import type { ProductInput } from "./bindings/ProductInput";
import type { ProductSaveResult } from "./bindings/ProductSaveResult";
import type { VatClassKey } from "./bindings/VatClassKey";
import type { VatClassOption } from "./bindings/VatClassOption";
import type { MessageKey } from "./i18n";

export const catalogueProducts = (query: string) =>
  call<CatalogueProduct[]>("catalogue_products", { query });
export const vatClasses = () => call<VatClassOption[]>("catalogue_vat_classes");
export const saveProduct = (id: number | null, product: ProductInput) =>
  call<ProductSaveResult>("catalogue_save_product", { id, product });
export const setProductActive = (id: number, active: boolean) =>
  call<CatalogueProduct>("catalogue_set_product_active", { id, active });
export const catalogueCategories = () => call<CatalogueCategory[]>("catalogue_categories");
export const saveCategory = (id: number | null, name: string) =>
  call<CategorySaveResult>("catalogue_save_category", { id, name });
export const reorderCategories = (ids: number[]) =>
  call<CatalogueCategory[]>("catalogue_reorder_categories", { ids });
export const setCategoryActive = (id: number, active: boolean) =>
  call<CatalogueCategory[]>("catalogue_set_category_active", { id, active });
/** The webview reads the file (`File.text()`); Rust parses and imports it, all or nothing. */
export const importCsv = (text: string) => call<ImportResult>("catalogue_import_csv", { text });
export const exportCsv = () => call<ExportDone>("catalogue_export_csv");

type T = (key: MessageKey, params?: Record<string, string>) => string;

/** A problem in the cashier's language, with the values it is about. */
export function describeProblem(t: T, p: CatalogueProblem): string {
  switch (p.kind) {
    case "empty":
    case "unknown_category":
    case "not_utf8":
      return t(`catalogue.problem.${p.kind}`);
    case "too_long":
      return t("catalogue.problem.too_long", { max: String(p.max) });
    case "control_character":
      return t("catalogue.problem.control_character", { code: p.code });
    case "barcode_length":
      return t("catalogue.problem.barcode_length", { typed: p.typed, digits: String(p.digits) });
    case "barcode_check_digit":
      return t("catalogue.problem.barcode_check_digit", {
        typed: p.typed,
        expected: String(p.expected),
      });
    case "taken":
      return t("catalogue.problem.taken", { value: p.value, by: p.by });
    case "twice_in_file":
      return t("catalogue.problem.twice_in_file", { value: p.value });
    case "unknown_column":
    case "missing_column":
    case "duplicate_column":
      return t(`catalogue.problem.${p.kind}`, { name: p.name });
    case "unreadable":
      return t("catalogue.problem.unreadable", { detail: p.detail });
    default:
      return t(`catalogue.problem.${p.kind}`, { typed: p.typed });
  }
}

export const fieldLabel = (field: ProductFieldKey): MessageKey => `catalogue.field.${field}`;
export const vatLabel = (key: VatClassKey): MessageKey => `catalogue.vat.${key}`;

/** "Livsmedel 6 %": the class as the cashier knows it, with the rate in force today. */
export const vatOptionText = (t: T, option: VatClassOption) =>
  `${t(vatLabel(option.class))} ${option.rate}`;
