// @vitest-environment jsdom
// The Sell screen's customer-display button and F10: the Pay screen's open command, then
// close, with the help overlay listing the key.
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.hoisted(() => vi.fn());
vi.mock("@tauri-apps/api/core", () => ({ invoke }));
vi.mock("@tauri-apps/api/event", () => ({ listen: vi.fn(async () => () => {}) }));

import HelpOverlay from "./HelpOverlay.svelte";
import SellScreen from "./SellScreen.svelte";
import { translate, type MessageKey } from "../lib/i18n";

const t = (key: MessageKey, params?: Record<string, string>) => translate("sv", key, params);
const kr = (ore: number) => ({ ore, sv: `${ore / 100},00 kr`, en: `SEK ${ore / 100}.00` });
const emptyCart = { lines: [], per_rate: [], total: kr(0), vat: kr(0), discount: kr(0), items: 0, note: "" };
const commands = () => invoke.mock.calls.map(([command]) => command as string);

beforeEach(() => {
  invoke.mockReset();
  invoke.mockImplementation(async (command: string) => {
    if (command === "cart") return emptyCart;
    if (command === "categories") return [];
    if (command === "open_customer_display") return null;
    if (command === "close_customer_display") return true;
    throw { code: "internal", message: `unexpected ${command}` };
  });
});
afterEach(cleanup);

describe("customer display from the Sell screen", () => {
  it("opens with the Pay screen's command and closes again, by F10 or the button", async () => {
    render(SellScreen, { props: { t, locale: "sv", paused: false } });
    const button = await screen.findByText(t("display.open"));

    await fireEvent.keyDown(window, { key: "F10" });
    await waitFor(() => expect(commands()).toContain("open_customer_display"));
    await waitFor(() => expect(button.textContent).toBe(t("display.close")));
    expect(button.getAttribute("aria-pressed")).toBe("true");

    await fireEvent.click(button);
    await waitFor(() => expect(commands()).toContain("close_customer_display"));
    await waitFor(() => expect(button.textContent).toBe(t("display.open")));
  });

  it("shows a failure to open next to the sale, in the cashier's words", async () => {
    invoke.mockImplementation(async (command: string) => {
      if (command === "cart") return emptyCart;
      if (command === "categories") return [];
      throw { code: "internal", message: "no display" };
    });
    render(SellScreen, { props: { t, locale: "sv", paused: false } });
    await fireEvent.click(await screen.findByText(t("display.open")));
    await waitFor(() => expect(document.getElementById("sell-error")?.textContent).toBe(t("error.internal")));
    expect(screen.getByText(t("display.open"))).toBeTruthy();
  });

  it("is listed in the F1 help", () => {
    render(HelpOverlay, { props: { t, onclose: () => {} } });
    const help = document.getElementById("help-overlay")!.textContent!;
    expect(help).toContain("F10");
    expect(help).toContain(t("display.help"));
  });
});
