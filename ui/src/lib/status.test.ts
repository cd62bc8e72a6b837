import { describe, expect, it } from "vitest";
import { statusLine } from "./status";

describe("token status line", () => {
  it("shows the environment and only the last four characters", () => {
    expect(
      statusLine("en", { state: "configured", last4: "1234", environment: "staging" }),
    ).toBe("Configured, ending in …1234 · Staging (test)");
    expect(
      statusLine("sv", { state: "configured", last4: "1234", environment: "production" }),
    ).toBe("Konfigurerad, slutar på …1234 · Produktion");
  });

  it("says when no token is configured", () => {
    expect(statusLine("sv", { state: "not_configured" })).toBe("Ingen token konfigurerad");
  });

  it("says when there is no secure store, without the technical reason", () => {
    const line = statusLine("en", { state: "store_unavailable", reason: "org.freedesktop.DBus" });
    expect(line).toContain("No secure keyring");
    expect(line).not.toContain("DBus");
  });
});
