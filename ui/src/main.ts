import { mount } from "svelte";
import App from "./App.svelte";
import StartupProblemScreen from "./components/StartupProblemScreen.svelte";
import { defaultLocale, type Locale } from "./lib/i18n";
import { settings } from "./lib/settingsApi";
import { startupProblem } from "./lib/startupApi";
import "./app.css";

const target = document.getElementById("app");
if (!target) throw new Error("index.html has no #app element");

/** The saved language, read before the first paint so the window never flashes Swedish at
 *  an English till. The customer display may not read settings: it starts in Swedish. */
async function savedLocale(): Promise<Locale> {
  if (location.hash === "#display") return defaultLocale;
  try {
    return (await settings()).form.language;
  } catch {
    // Swedish until the settings can be read; the screens say what failed.
    return defaultLocale;
  }
}

async function start(into: HTMLElement) {
  // Both questions at once: the window waits for them before its first paint.
  const [problem, initialLocale] = await Promise.all([
    location.hash === "#display" ? null : startupProblem().catch(() => null),
    savedLocale(),
  ]);
  // A till that could not open says why and nothing else (see src-tauri/src/startup.rs).
  if (problem) {
    mount(StartupProblemScreen, { target: into, props: { problem } });
    return;
  }
  mount(App, { target: into, props: { initialLocale } });
}

start(target);
