// The Reports screen's commands: X (today, records nothing), Z (closes today, once), earlier
// Z reports, and printing or saving one as PDF.
import { call } from "./api";
import type { OutputChoice } from "./bindings/OutputChoice";
import type { OutputDone } from "./bindings/OutputDone";
import type { ReportView } from "./bindings/ReportView";
import type { ZReportSummary } from "./bindings/ZReportSummary";

export const xReport = () => call<ReportView>("x_report");
export const zReport = () => call<ReportView>("z_report");
export const zReports = () => call<ZReportSummary[]>("z_reports");
export const zReportView = (number: number) => call<ReportView>("z_report_view", { number });
/** Z report `number`, or today's X report when `number` is null. */
export const reportOutput = (number: number | null, output: OutputChoice) =>
  call<OutputDone>("report_output", { number, output });
