import { describe, expect, it } from "vitest";
import { actionFor, shortcuts } from "./shortcuts";
import { messages } from "./i18n";

const key = (k: string, mods: Partial<Record<"altKey" | "ctrlKey" | "shiftKey", boolean>> = {}) => ({
  key: k,
  altKey: false,
  ctrlKey: false,
  shiftKey: false,
  metaKey: false,
  ...mods,
});

describe("keyboard shortcuts", () => {
  it("maps keys to sale actions", () => {
    expect(actionFor(key("F1"))).toBe("help");
    expect(actionFor(key("F2"))).toBe("search");
    expect(actionFor(key("F8"))).toBe("remove");
    expect(actionFor(key("F12"))).toBe("charge");
    expect(actionFor(key("F8", { shiftKey: true }))).toBe("clear");
    expect(actionFor(key("ArrowUp", { altKey: true }))).toBe("quantityUp");
    expect(actionFor(key("ArrowUp"))).toBeNull();
    expect(actionFor(key("a"))).toBeNull();
  });

  it("gives every action one key and a label in both languages", () => {
    const actions = shortcuts.map((s) => s.action);
    expect(new Set(actions).size).toBe(actions.length);
    const keys = shortcuts.map((s) => s.keys);
    expect(new Set(keys).size).toBe(keys.length);
    for (const s of shortcuts) {
      expect(messages.sv[s.label]).toBeTruthy();
      expect(messages.en[s.label]).toBeTruthy();
    }
  });
});
