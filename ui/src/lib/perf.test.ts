// @vitest-environment jsdom
import { afterEach, describe, expect, it } from "vitest";
import { CHARGE_CLICK, CHARGE_TO_QR, qrShown, watchChargeClicks } from "./perf";

/** A page of its own, so the listener perf.ts put on the test's `document` stays out of it. */
function page(html: string) {
  const doc = document.implementation.createHTMLDocument("pay");
  doc.body.innerHTML = html;
  const stop = watchChargeClicks(doc);
  return { doc, stop };
}

/** The QR code's container as PayScreen renders it. */
function qr(doc: Document) {
  const div = doc.createElement("div");
  div.innerHTML = "<svg></svg>";
  return div;
}

const measures = () => performance.getEntriesByName(CHARGE_TO_QR, "measure");

afterEach(() => {
  performance.clearMarks();
  performance.clearMeasures();
});

describe("charge → QR timing", () => {
  it("measures from the click on Send to Kronor to the QR in the DOM", () => {
    const { doc, stop } = page('<button id="pay-submit"><span id="label">Send</span></button>');
    doc.getElementById("label")?.click();
    qrShown(qr(doc));
    expect(measures()).toHaveLength(1);
    expect(measures()[0].duration).toBeGreaterThanOrEqual(0);
    stop();
  });

  it("takes one QR per click: a re-shown QR without a new click adds nothing", () => {
    const { doc, stop } = page('<button id="pay-submit">Send</button>');
    doc.getElementById("pay-submit")?.click();
    qrShown(qr(doc));
    qrShown(qr(doc));
    expect(measures()).toHaveLength(1);
    expect(performance.getEntriesByName(CHARGE_CLICK, "mark")).toHaveLength(0);
    stop();
  });

  it("does not measure a container without its SVG", () => {
    const { doc, stop } = page('<button id="pay-submit">Send</button>');
    doc.getElementById("pay-submit")?.click();
    qrShown(doc.createElement("div"));
    expect(measures()).toHaveLength(0);
    stop();
  });

  it("ignores other clicks and QR codes of resumed checkouts", () => {
    const { doc, stop } = page('<button id="pay-cancel">Cancel</button>');
    doc.getElementById("pay-cancel")?.click();
    qrShown(qr(doc));
    expect(measures()).toHaveLength(0);
    stop();
  });

  it("stops marking once unwatched", () => {
    const { doc, stop } = page('<button id="pay-submit">Send</button>');
    stop();
    doc.getElementById("pay-submit")?.click();
    expect(performance.getEntriesByName(CHARGE_CLICK, "mark")).toHaveLength(0);
  });
});
