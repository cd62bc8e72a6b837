import { describe, expect, it, vi } from "vitest";

const listen = vi.hoisted(() =>
  vi.fn(async (_name: string, handler: (e: { payload: unknown }) => void) => {
    fired.handler = handler;
    return () => {};
  }),
);
const fired = vi.hoisted(() => ({ handler: null as null | ((e: { payload: unknown }) => void) }));
vi.mock("@tauri-apps/api/event", () => ({ listen }));

import { followCheckouts, onCheckoutChanged } from "./checkoutEvents";

describe("checkout events", () => {
  it("listen once for the app's life, however many pay screens come and go", async () => {
    await followCheckouts();
    const seen: number[] = [];
    for (let screen = 0; screen < 3; screen++) {
      const stop = onCheckoutChanged((c) => seen.push(c.checkout_id));
      fired.handler!({ payload: { checkout_id: screen, state: null, view: null } });
      stop();
      // Gone: a closed pay screen hears nothing more.
      fired.handler!({ payload: { checkout_id: 100 + screen, state: null, view: null } });
    }
    expect(seen).toEqual([0, 1, 2]);
    expect(listen).toHaveBeenCalledTimes(1);
  });
});
