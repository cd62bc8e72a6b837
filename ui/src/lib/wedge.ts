// A barcode scanner in keyboard-wedge mode "types" the code much faster than a person and
// ends it with Enter. This detector tells such a burst from typing by the time between keys,
// so a scan is caught wherever focus is.

export interface WedgeOptions {
  /** The longest gap between two keys of one scan, in ms. Scanners send a key every few ms;
   *  even fast typists leave 60 ms or more. */
  maxGapMs: number;
  /** The fewest characters a scan has (EAN-8 is 8; shorter bursts are typing). */
  minLength: number;
}

export const defaultWedgeOptions: WedgeOptions = { maxGapMs: 50, minLength: 8 };

/** Keys a scanner may send around characters without breaking the burst. */
const modifiers = new Set(["Shift", "Control", "Alt", "Meta", "CapsLock"]);

export class WedgeDetector {
  private buffer = "";
  private last = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: WedgeOptions = defaultWedgeOptions) {}

  /**
   * Feeds one keydown (its `key` and `timeStamp`). Returns the scanned code when an Enter
   * ends a fast burst of at least `minLength` characters, otherwise `null`.
   */
  key(key: string, at: number): string | null {
    if (modifiers.has(key)) return null;
    const fast = at - this.last <= this.options.maxGapMs;
    this.last = at;
    if (key === "Enter") {
      const code = fast && this.buffer.length >= this.options.minLength ? this.buffer : null;
      this.buffer = "";
      return code;
    }
    if (key.length !== 1) {
      // Arrows, F-keys, Backspace: a person is at the keyboard.
      this.buffer = "";
      return null;
    }
    this.buffer = fast ? this.buffer + key : key;
    return null;
  }

  /** Forgets a burst in progress (e.g. when the window loses focus). */
  reset(): void {
    this.buffer = "";
    this.last = Number.NEGATIVE_INFINITY;
  }
}

/**
 * Takes a scanned code back out of the field it was typed into (the scanner's keys landed
 * there before the Enter told us it was a scan), and tells the field's listeners.
 */
export function stripScanned(target: EventTarget | null, code: string): void {
  if (!(target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement)) return;
  if (!target.value.endsWith(code)) return;
  target.value = target.value.slice(0, target.value.length - code.length);
  target.dispatchEvent(new Event("input", { bubbles: true }));
}
