// The token panel's commands. Saving or removing the token switches Kassa between live and
// training Kronor at once; the answer is all the UI ever learns ("…1234" and the environment).
import { call } from "./api";
import type { CredentialsStatus } from "./bindings/CredentialsStatus";
import type { KronorEnvironment } from "./bindings/KronorEnvironment";

export const credentialsStatus = () => call<CredentialsStatus>("credentials_status");
export const saveToken = (token: string, environment: KronorEnvironment) =>
  call<CredentialsStatus>("save_token", { token, environment });
export const removeToken = () => call<CredentialsStatus>("remove_token");
// Once live: the training demo's products still for sale, and taking them off sale.
export const demoProductsForSale = () => call<number>("demo_products_for_sale");
export const takeDemoProductsOffSale = () => call<number>("take_demo_products_off_sale");
