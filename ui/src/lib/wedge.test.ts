import { describe, expect, it } from "vitest";
import { WedgeDetector } from "./wedge";

/** Feeds `keys` `gap` ms apart from `start`; returns what the last key answered. */
function feed(detector: WedgeDetector, keys: string[], gap: number, start = 1000): string | null {
  let result: string | null = null;
  keys.forEach((key, i) => {
    result = detector.key(key, start + i * gap);
  });
  return result;
}

const scan = (code: string) => [...code.split(""), "Enter"];

describe("barcode wedge detector", () => {
  it("recognises a fast burst of digits ending in Enter as a scan", () => {
    expect(feed(new WedgeDetector(), scan("7350000050011"), 8)).toBe("7350000050011");
  });

  it("leaves typing at human speed alone, even of a whole barcode", () => {
    expect(feed(new WedgeDetector(), scan("7350000050011"), 120)).toBeNull();
  });

  it("ignores short fast bursts (a quick word and Enter is not a scan)", () => {
    expect(feed(new WedgeDetector(), scan("kaffe"), 10)).toBeNull();
  });

  it("needs the Enter itself to come fast", () => {
    const detector = new WedgeDetector();
    feed(detector, "7350000050011".split(""), 8, 1000);
    expect(detector.key("Enter", 1000 + 12 * 8 + 400)).toBeNull();
  });

  it("starts over after a pause, so typed text before a scan is not part of the code", () => {
    const detector = new WedgeDetector();
    feed(detector, "kan".split(""), 150, 0);
    expect(feed(detector, scan("12345670"), 5, 5000)).toBe("12345670");
  });

  it("is broken by a non-character key and allows Shift inside a burst", () => {
    const detector = new WedgeDetector();
    expect(feed(detector, ["1", "2", "3", "4", "ArrowDown", "5", "6", "7", "8", "Enter"], 5)).toBeNull();
    expect(
      feed(new WedgeDetector(), ["Shift", "A", "1", "2", "3", "4", "5", "6", "7", "Enter"], 5),
    ).toBe("A1234567");
  });

  it("catches one scan after another and forgets a burst on reset", () => {
    const detector = new WedgeDetector();
    expect(feed(detector, scan("12345670"), 5, 0)).toBe("12345670");
    expect(feed(detector, scan("7350000010015"), 5, 2000)).toBe("7350000010015");
    feed(detector, "1234567".split(""), 5, 4000);
    detector.reset();
    expect(detector.key("8", 4036)).toBeNull();
    expect(detector.key("Enter", 4040)).toBeNull();
  });
});
