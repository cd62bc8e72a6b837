// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.hoisted(() => vi.fn());
vi.mock("@tauri-apps/api/core", () => ({ invoke }));

import TokenSettings from "./TokenSettings.svelte";
import { translate, type MessageKey } from "../lib/i18n";

const t = (key: MessageKey, params?: Record<string, string>) => translate("sv", key, params);

function renderPanel() {
  const onchange = vi.fn();
  const view = render(TokenSettings, { props: { t, locale: "sv", onchange } });
  return { ...view, onchange };
}

describe("TokenSettings", () => {
  beforeEach(() => invoke.mockReset());
  afterEach(cleanup);

  it("shows the status line with the last four characters only", async () => {
    invoke.mockResolvedValueOnce({ state: "configured", last4: "1234" });
    renderPanel();
    expect(await screen.findByText("Konfigurerad, slutar på …1234")).toBeTruthy();
    expect(invoke).toHaveBeenCalledWith("credentials_status", undefined);
  });

  it("sends the typed token, clears the field and reports the new status", async () => {
    invoke.mockResolvedValueOnce({ state: "not_configured" });
    const { onchange } = renderPanel();
    await screen.findByText("Ingen token konfigurerad");

    const field = document.getElementById("token") as HTMLInputElement;
    expect(field.type).toBe("password");
    await fireEvent.input(field, { target: { value: "secret-token-5678" } });
    invoke.mockResolvedValueOnce({ state: "configured", last4: "5678" });
    await fireEvent.click(screen.getByText("Spara token"));

    expect(await screen.findByText("Konfigurerad, slutar på …5678")).toBeTruthy();
    expect(invoke).toHaveBeenLastCalledWith("save_token", { token: "secret-token-5678" });
    expect(field.value).toBe("");
    expect(document.body.textContent).not.toContain("secret-token");
    expect(onchange).toHaveBeenCalled();
  });

  it("shows a refused save as the translated error for its code", async () => {
    invoke.mockResolvedValueOnce({ state: "not_configured" });
    renderPanel();
    await screen.findByText("Ingen token konfigurerad");
    await fireEvent.input(document.getElementById("token")!, {
      target: { value: "whatever-token" },
    });
    invoke.mockRejectedValueOnce({ code: "keyring_unavailable", message: "no bus" });
    await fireEvent.click(screen.getByText("Spara token"));

    const error = await screen.findByText("Ingen säker nyckelring finns: token sparades inte.");
    expect(error.getAttribute("data-code")).toBe("keyring_unavailable");
    expect(screen.getByText("Ingen token konfigurerad")).toBeTruthy();
  });

  it("disables saving when there is no secure store", async () => {
    invoke.mockResolvedValueOnce({ state: "store_unavailable", reason: "no D-Bus" });
    renderPanel();
    await screen.findByText(translate("sv", "settings.store.unavailable"));
    expect((document.getElementById("token") as HTMLInputElement).disabled).toBe(true);
    expect((document.getElementById("save-token") as HTMLButtonElement).disabled).toBe(true);
  });
});
