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
  beforeEach(() => {
    invoke.mockReset();
  });
  afterEach(cleanup);

  it("once live, offers to take the training demo products off sale", async () => {
    invoke.mockImplementation(async (command: string) => {
      if (command === "credentials_status")
        return { state: "configured", last4: "1234", environment: "production" };
      if (command === "demo_products_for_sale") return 60;
      if (command === "take_demo_products_off_sale") return 60;
      throw { code: "internal", message: command };
    });
    renderPanel();
    const offer = await screen.findByText(/60 produkter från övningskatalogen/);
    expect(offer).toBeTruthy();
    await fireEvent.click(screen.getByText("Ta bort övningsprodukterna från försäljning"));
    expect(await screen.findByText(/60 övningsprodukter togs bort/)).toBeTruthy();
    expect(invoke).toHaveBeenCalledWith("take_demo_products_off_sale", undefined);
    expect(document.getElementById("demo-products")).toBeNull();
  });

  it("in training mode, says nothing about the demo products", async () => {
    invoke.mockImplementation(async (command: string) => {
      if (command === "credentials_status") return { state: "not_configured" };
      if (command === "demo_products_for_sale") return 60;
      throw { code: "internal", message: command };
    });
    renderPanel();
    await screen.findByText("Ingen token konfigurerad");
    expect(document.getElementById("demo-products")).toBeNull();
    expect(invoke).not.toHaveBeenCalledWith("demo_products_for_sale", undefined);
  });

  it("shows the status line with the last four characters only", async () => {
    invoke.mockResolvedValueOnce({ state: "configured", last4: "1234", environment: "production" });
    renderPanel();
    expect(await screen.findByText("Konfigurerad, slutar på …1234 · Produktion")).toBeTruthy();
    // The environment the saved token belongs to is preselected for a replacement.
    expect((document.getElementById("token-environment") as HTMLSelectElement).value).toBe(
      "production",
    );
    expect(invoke).toHaveBeenCalledWith("credentials_status", undefined);
  });

  it("sends the typed token with staging by default, clears the field and reports live mode", async () => {
    invoke.mockResolvedValueOnce({ state: "not_configured" });
    const { onchange } = renderPanel();
    await screen.findByText("Ingen token konfigurerad");

    const field = document.getElementById("token") as HTMLInputElement;
    expect(field.type).toBe("password");
    expect((document.getElementById("token-environment") as HTMLSelectElement).value).toBe(
      "staging",
    );
    await fireEvent.input(field, { target: { value: "secret-token-5678" } });
    invoke.mockResolvedValueOnce({ state: "configured", last4: "5678", environment: "staging" });
    await fireEvent.click(screen.getByText("Spara token"));

    expect(await screen.findByText("Konfigurerad, slutar på …5678 · Staging (test)")).toBeTruthy();
    expect(invoke).toHaveBeenCalledWith("save_token", {
      token: "secret-token-5678",
      environment: "staging",
    });
    expect(field.value).toBe("");
    expect(document.body.textContent).not.toContain("secret-token");
    expect(document.getElementById("token-mode")?.textContent).toContain("Skarpt läge");
    expect(onchange).toHaveBeenCalled();
  });

  it("sends the chosen production environment, and removing goes back to training", async () => {
    invoke.mockResolvedValueOnce({ state: "not_configured" });
    renderPanel();
    await screen.findByText("Ingen token konfigurerad");
    await fireEvent.change(document.getElementById("token-environment")!, {
      target: { value: "production" },
    });
    await fireEvent.input(document.getElementById("token")!, {
      target: { value: "prod-token-4321" },
    });
    invoke.mockResolvedValueOnce({ state: "configured", last4: "4321", environment: "production" });
    await fireEvent.click(screen.getByText("Spara token"));
    await screen.findByText("Konfigurerad, slutar på …4321 · Produktion");
    expect(invoke).toHaveBeenCalledWith("save_token", {
      token: "prod-token-4321",
      environment: "production",
    });

    invoke.mockResolvedValueOnce({ state: "not_configured" });
    await fireEvent.click(screen.getByText("Ta bort token"));
    await screen.findByText("Ingen token konfigurerad");
    expect(document.getElementById("token-mode")?.textContent).toContain("Övningsläge");
  });

  it("explains a refused switch while a payment is open", async () => {
    invoke.mockResolvedValueOnce({ state: "not_configured" });
    renderPanel();
    await screen.findByText("Ingen token konfigurerad");
    await fireEvent.input(document.getElementById("token")!, {
      target: { value: "whatever-token" },
    });
    invoke.mockRejectedValueOnce({ code: "payment_in_progress", message: "checkout 3" });
    await fireEvent.click(screen.getByText("Spara token"));
    const error = await screen.findByText(
      "En betalning pågår. Slutför eller avbryt den innan du byter token.",
    );
    expect(error.getAttribute("data-code")).toBe("payment_in_progress");
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
