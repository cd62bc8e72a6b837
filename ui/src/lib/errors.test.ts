import { describe, expect, it } from "vitest";
import { errorCodes, errorKey, toAppError } from "./errors";
import { messages } from "./i18n";
import type { ErrorCode } from "./bindings/ErrorCode";

describe("command errors", () => {
  it("keeps a {code, message} from Rust as it is", () => {
    expect(toAppError({ code: "keyring_unavailable", message: "no bus" })).toEqual({
      code: "keyring_unavailable",
      message: "no bus",
    });
  });

  it("turns anything else into an internal error instead of trusting it", () => {
    expect(toAppError("boom").code).toBe("internal");
    expect(toAppError({ code: "made_up", message: "x" }).code).toBe("internal");
    expect(toAppError(null).code).toBe("internal");
  });

  it("has a translation for every error code in both languages", () => {
    const codes: ErrorCode[] = errorCodes;
    expect(codes).toContain("invalid_quantity");
    for (const code of codes) {
      const key = errorKey({ code, message: "" });
      expect(messages.sv[key]).toBeTruthy();
      expect(messages.en[key]).toBeTruthy();
    }
  });
});
