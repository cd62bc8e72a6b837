// Typed wrappers over the Tauri commands; payload types are generated from Rust.
import { invoke } from "@tauri-apps/api/core";
import type { AppInfo } from "./bindings/AppInfo";
import type { CredentialsStatus } from "./bindings/CredentialsStatus";
import { toAppError } from "./errors";

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
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
