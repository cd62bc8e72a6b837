//! The Reports screen: the X report of today (any time, records nothing), the Z report that
//! closes today (once), earlier Z reports, and printing or saving any of them as PDF.

use std::sync::Arc;

use jiff::Timestamp;
use kassa::Db;
use kassa::report::DayReport;
use kassa::vat::sale_date;
use tauri::State;

use super::blocking;
use crate::documents::{OutputChoice, OutputDone, ReportView, ZReportSummary};
use crate::error::{AppError, ErrorCode};
use crate::till::Till;
use kassa::receipt::give_out::{REPORT_FOLDER, send};

fn view(db: &Db, report: &DayReport) -> Result<ReportView, AppError> {
    let language = db.till_settings()?.language;
    Ok(ReportView::of(
        report,
        &report.layout(&db.shop()?, language),
    ))
}

/// Today's X report of this register.
fn x_now(db: &Db, now: Timestamp) -> Result<DayReport, AppError> {
    let register = db.till_settings()?.register_id;
    Ok(db.x_report(&register, sale_date(now), now)?)
}

/// Z report `number` of this register, as it was made.
fn stored_z(db: &Db, number: i64) -> Result<DayReport, AppError> {
    let register = db.till_settings()?.register_id;
    db.z_reports(&register)?
        .into_iter()
        .find(|r| matches!(r.kind, kassa::report::ReportKind::Z { number: n } if n == number))
        .ok_or_else(|| {
            AppError::new(
                ErrorCode::NotFound,
                format!("register {register} has no Z report {number}"),
            )
        })
}

/// Today so far; records nothing.
#[tauri::command]
pub async fn x_report(till: State<'_, Arc<Till>>) -> Result<ReportView, AppError> {
    let till = till.inner().clone();
    blocking(move || {
        let db = till.db()?;
        view(&db, &x_now(&db, till.now())?)
    })
    .await
}

/// Closes today with the next Z number; a second Z for the day fails with
/// `day_already_closed`.
#[tauri::command]
pub async fn z_report(till: State<'_, Arc<Till>>) -> Result<ReportView, AppError> {
    let till = till.inner().clone();
    blocking(move || {
        let db = till.db()?;
        // The shop is checked first: a Z that cannot be shown must not close the day.
        db.shop()?;
        let now = till.now();
        let register = db.till_settings()?.register_id;
        let report = db.z_report(&register, sale_date(now), now)?;
        view(&db, &report)
    })
    .await
}

/// This register's Z reports, newest first.
#[tauri::command]
pub async fn z_reports(till: State<'_, Arc<Till>>) -> Result<Vec<ZReportSummary>, AppError> {
    let till = till.inner().clone();
    blocking(move || {
        let db = till.db()?;
        let register = db.till_settings()?.register_id;
        Ok(db
            .z_reports(&register)?
            .iter()
            .rev()
            .map(ZReportSummary::from)
            .collect())
    })
    .await
}

/// Z report `number` as it was made.
#[tauri::command]
pub async fn z_report_view(
    number: i64,
    till: State<'_, Arc<Till>>,
) -> Result<ReportView, AppError> {
    let till = till.inner().clone();
    blocking(move || {
        let db = till.db()?;
        view(&db, &stored_z(&db, number)?)
    })
    .await
}

/// Prints or saves as PDF Z report `number`, or today's X report when `number` is null.
#[tauri::command]
pub async fn report_output(
    number: Option<i64>,
    output: OutputChoice,
    till: State<'_, Arc<Till>>,
) -> Result<OutputDone, AppError> {
    let till = till.inner().clone();
    blocking(move || {
        let db = till.db()?;
        let settings = db.till_settings()?;
        let (report, stem) = match number {
            Some(n) => (stored_z(&db, n)?, format!("z-rapport-{n}")),
            None => {
                let x = x_now(&db, till.now())?;
                let stem = format!("x-rapport-{}", x.date);
                (x, stem)
            }
        };
        let layout = report.layout(&db.shop()?, settings.language);
        let db_path = db.path().to_path_buf();
        drop(db);
        let sent = send(
            &layout,
            output.into(),
            &settings,
            &db_path,
            REPORT_FOLDER,
            &stem,
        )?;
        Ok((&sent).into())
    })
    .await
}
