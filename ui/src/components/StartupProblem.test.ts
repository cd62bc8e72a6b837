// @vitest-environment jsdom
import { cleanup, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.hoisted(() => vi.fn());
vi.mock("@tauri-apps/api/core", () => ({ invoke }));
const events = vi.hoisted(() => ({ handler: null as null | ((e: { payload: unknown }) => void) }));
vi.mock("@tauri-apps/api/event", () => ({
  listen: vi.fn(async (_name: string, handler: (e: { payload: unknown }) => void) => {
    events.handler = handler;
    return () => {};
  }),
}));

import StartupProblemScreen from "./StartupProblemScreen.svelte";
import IntegrityBanner from "./IntegrityBanner.svelte";
import { translate, type MessageKey } from "../lib/i18n";

const t = (key: MessageKey) => translate("sv", key);

describe("StartupProblemScreen", () => {
  afterEach(cleanup);

  it("says what is wrong and where the file is, in Swedish and English", () => {
    render(StartupProblemScreen, {
      props: {
        problem: {
          error: { code: "database_corrupt", message: "journal entry 3 does not match its hash" },
          data_file: "/home/kassa/.local/share/kassa/kassa.sqlite",
        },
      },
    });
    expect(screen.getByText("Kassan kunde inte starta")).toBeTruthy();
    expect(screen.getByText("The till could not start")).toBeTruthy();
    expect(screen.getByText(translate("sv", "error.database_corrupt"))).toBeTruthy();
    expect(screen.getByText(translate("en", "error.database_corrupt"))).toBeTruthy();
    expect(
      screen.getByText("Kassans datafil: /home/kassa/.local/share/kassa/kassa.sqlite"),
    ).toBeTruthy();
    expect(document.getElementById("startup-detail")?.textContent).toContain("journal entry 3");
  });
});

describe("IntegrityBanner", () => {
  beforeEach(() => {
    invoke.mockReset();
    events.handler = null;
  });
  afterEach(cleanup);

  const broken = {
    database_ok: true,
    journal_ok: false,
    journal_entries: 0,
    problem: "journal: receipt 2 (KASSA-1): the chain is broken",
    journal_caveat: null,
  };

  it("shows the check's failure when it answered before the page listened", async () => {
    invoke.mockResolvedValueOnce(broken);
    render(IntegrityBanner, { props: { t } });
    expect(await screen.findByText(translate("sv", "integrity.failed"))).toBeTruthy();
    expect(invoke).toHaveBeenCalledWith("integrity_report", undefined);
  });

  it("stays away while the data is intact, and appears when the event brings a problem", async () => {
    invoke.mockResolvedValueOnce(null);
    render(IntegrityBanner, { props: { t } });
    await waitFor(() => expect(events.handler).not.toBeNull());
    events.handler!({ payload: { ...broken, journal_ok: true, problem: null } });
    await Promise.resolve();
    expect(document.getElementById("integrity-banner")).toBeNull();
    events.handler!({ payload: broken });
    expect(await screen.findByText(translate("sv", "integrity.failed"))).toBeTruthy();
  });

  it("says so in amber when the journal is intact but not protected by the till's key", async () => {
    invoke.mockResolvedValueOnce({
      ...broken,
      journal_ok: true,
      problem: null,
      journal_caveat: "journal records 1–3 were chained without a secret key (no OS keyring)",
    });
    render(IntegrityBanner, { props: { t } });
    const banner = await screen.findByText(translate("sv", "integrity.unkeyed"));
    expect(banner.classList.contains("caveat")).toBe(true);
    expect(banner.getAttribute("title")).toContain("without a secret key");
  });
});
