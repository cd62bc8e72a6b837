// Typed wrappers over the Tauri commands; payload types are generated from Rust.
import { invoke } from "@tauri-apps/api/core";
import type { AppInfo } from "./bindings/AppInfo";
import type { CartView } from "./bindings/CartView";
import type { CategoryView } from "./bindings/CategoryView";
import type { CheckoutView } from "./bindings/CheckoutView";
import type { CredentialsStatus } from "./bindings/CredentialsStatus";
import type { CustomerInput } from "./bindings/CustomerInput";
import type { DiscountInput } from "./bindings/DiscountInput";
import type { ParkedView } from "./bindings/ParkedView";
import type { ProductView } from "./bindings/ProductView";
import type { Tender } from "./bindings/Tender";
import { toAppError } from "./errors";

export async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (raw) {
    throw toAppError(raw);
  }
}

export const appInfo = () => call<AppInfo>("app_info");
export const credentialsStatus = () => call<CredentialsStatus>("credentials_status");
export const saveToken = (token: string) => call<CredentialsStatus>("save_token", { token });
export const removeToken = () => call<CredentialsStatus>("remove_token");

// The sale screen. Every cart command answers with the whole cart, priced in Rust.
export const searchProducts = (query: string) => call<ProductView[]>("search_products", { query });
export const productByBarcode = (code: string) => call<ProductView>("product_by_barcode", { code });
export const categories = () => call<CategoryView[]>("categories");
export const categoryProducts = (categoryId: number) =>
  call<ProductView[]>("category_products", { categoryId });
export const cart = () => call<CartView>("cart");
export const cartAddProduct = (productId: number, quantity?: number) =>
  call<CartView>("cart_add_product", { productId, quantity });
export const cartAddBarcode = (code: string) => call<CartView>("cart_add_barcode", { code });
export const cartSetQuantity = (lineId: number, quantity: number) =>
  call<CartView>("cart_set_quantity", { lineId, quantity });
export const cartSetDiscount = (lineId: number, discount: DiscountInput | null) =>
  call<CartView>("cart_set_discount", { lineId, discount });
export const cartRemoveLine = (lineId: number) => call<CartView>("cart_remove_line", { lineId });
export const cartSetNote = (note: string) => call<CartView>("cart_set_note", { note });
export const cartClear = () => call<CartView>("cart_clear");
export const cartPark = (label: string) => call<CartView>("cart_park", { label });
export const parkedSales = () => call<ParkedView[]>("parked_sales");
export const cartRecall = (parkedId: number) => call<CartView>("cart_recall", { parkedId });

// The Pay screen. Charge answers once Kronor has the order (QR code in the view); the
// window then follows `checkout-changed` events, each carrying the whole view.
export const charge = (tender: Tender, customer: CustomerInput | null) =>
  call<CheckoutView>("charge", { tender, customer });
export const cancelCheckout = (checkoutId: number) =>
  call<CheckoutView>("cancel_checkout", { checkoutId });
export const checkoutView = (checkoutId: number) =>
  call<CheckoutView>("checkout_view", { checkoutId });
