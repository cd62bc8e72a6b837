//! When the till cannot open — its database damaged, altered behind its back, written by a
//! newer Kassa, or no data folder — the window still opens and says what is wrong and where
//! the file is, instead of the process exiting with only a line in a log nobody at a counter
//! reads. In that state the window can call nothing but [`startup_problem`]: no command
//! touches the file, so it stays exactly as it was for whoever repairs it.
//!
//! [`startup_problem`]: crate::commands::app_info::startup_problem

use std::path::Path;

use tauri::{Builder, Runtime};

use crate::commands;
use crate::error::AppError;
use crate::payload::{Problem, StartupProblem};

/// The app for a till that could not open: the window and one command that explains why.
pub fn problem_app<R: Runtime>(
    builder: Builder<R>,
    error: AppError,
    data_file: Option<&Path>,
) -> Builder<R> {
    let problem = StartupProblem {
        error,
        data_file: data_file.map(|path| path.display().to_string()),
    };
    builder
        .manage(Problem(Some(problem)))
        .invoke_handler(tauri::generate_handler![
            commands::app_info::startup_problem
        ])
}
