// @vitest-environment jsdom
import { cleanup, fireEvent, render, waitFor } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.hoisted(() => vi.fn());
vi.mock("@tauri-apps/api/core", () => ({ invoke }));

import LockScreen from "./LockScreen.svelte";
import { translate, type MessageKey } from "../lib/i18n";

const t = (key: MessageKey, params?: Record<string, string>) => translate("sv", key, params);
const anna = { accounts: true, cashier: { id: 1, name: "Anna", role: "manager" } };

describe("Lock screen", () => {
  // A block body: a function returned from beforeEach would be run as its teardown.
  beforeEach(() => {
    invoke.mockReset();
  });
  afterEach(cleanup);

  it("refuses a wrong PIN in Swedish, forgets what was typed, and logs in with the number keys", async () => {
    invoke.mockImplementation(async (command: string, args: { pin: string }) => {
      if (command !== "log_in") throw { code: "internal", message: command };
      if (args.pin === "482759") return anna;
      throw { code: "wrong_pin", message: "Wrong PIN." };
    });
    const onunlocked = vi.fn();
    render(LockScreen, { t, onunlocked });
    const field = document.getElementById("lock-pin") as HTMLInputElement;
    await waitFor(() => expect(document.activeElement).toBe(field));
    await fireEvent.input(field, { target: { value: "0000" } });
    await fireEvent.click(document.getElementById("lock-enter")!);
    await waitFor(() => expect(document.getElementById("lock-error")).not.toBeNull());
    expect(document.getElementById("lock-error")!.dataset.code).toBe("wrong_pin");
    expect(document.getElementById("lock-error")!.textContent).toContain(t("error.wrong_pin"));
    expect(field.value, "the PIN is not kept on screen").toBe("");
    expect(onunlocked).not.toHaveBeenCalled();

    for (const digit of "482759") {
      await fireEvent.click(document.querySelector(`[data-digit='${digit}']`)!);
    }
    await fireEvent.click(document.getElementById("lock-enter")!);
    await waitFor(() => expect(onunlocked).toHaveBeenCalledWith(anna));
    expect(invoke).toHaveBeenLastCalledWith("log_in", { pin: "482759" });
  });
});
