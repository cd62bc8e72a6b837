// Start-up: why the till could not open, and the integrity check's answer.
import { call } from "./api";
import type { IntegrityReport } from "./bindings/IntegrityReport";
import type { StartupProblem } from "./bindings/StartupProblem";

export const startupProblem = () => call<StartupProblem | null>("startup_problem");
export const integrityReport = () => call<IntegrityReport | null>("integrity_report");
/** The Tauri event the integrity check sends once it has answered. */
export const INTEGRITY_CHECKED = "integrity-checked";
