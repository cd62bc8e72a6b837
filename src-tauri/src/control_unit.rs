//! The till's control unit as the shell finds it: the address chosen in Settings with its
//! password from the OS keyring, or, in training mode with none chosen, the control-unit
//! simulator running inside the app on 127.0.0.1 (as training's Kronor does), so training
//! receipts are registered as `ovning` the way a real unit would take them.
//!
//! The engine gets a [`ControlUnitLink`] when it is built ([`ControlUnits::link`]); a live
//! till without one is refused by the engine (`control_unit`), not here.

use std::sync::Arc;

use control_unit_sim::{SimConfig, Simulator};
use futures::future::BoxFuture;
use kassa::checkout::ControlUnitLink;
use kassa::control_unit::{
    self, ControlUnit, Identity, Record, Registration, UnitError, UnitStatus,
};
use kassa::language::Language;
use kassa::settings::TillSettings;
use serde::Serialize;
use tokio::sync::OnceCell;
use ts_rs::TS;

use crate::credentials::CredentialStore;

/// Managed state: where the control unit is and the training simulator once started.
pub struct ControlUnits {
    /// The keyring with the unit's password; none when the till opened without one.
    store: Option<CredentialStore>,
    simulator: OnceCell<Result<Arc<Simulator>, String>>,
}

/// Which unit the till uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export_to = "ControlUnitSource.ts")]
pub enum ControlUnitSource {
    /// None chosen, in live mode: nothing is sold.
    None,
    /// Training mode's simulator inside the app.
    Simulator,
    /// The unit chosen in Settings.
    Unit,
}

/// What the Settings test button and the start-up check show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "ControlUnitHealth.ts")]
pub struct ControlUnitHealth {
    pub source: ControlUnitSource,
    /// The unit answers and can sell.
    pub ok: bool,
    /// The manufacturing number printed on receipts.
    pub unit_id: Option<String>,
    pub unit_type: Option<String>,
    pub firmware: Option<String>,
    /// What is wrong and what to do, in both languages (none when ok).
    pub problem_sv: Option<String>,
    pub problem_en: Option<String>,
    /// A password for the unit is saved in the keyring.
    pub password_saved: bool,
}

impl ControlUnits {
    pub fn new(store: Option<CredentialStore>) -> ControlUnits {
        ControlUnits {
            store,
            simulator: OnceCell::new(),
        }
    }

    /// The unit for an engine on `settings`; `training` takes the simulator when no unit is
    /// chosen. A unit that cannot be set up (its password unreadable) is linked anyway and
    /// answers every request with why, so Charge says it.
    pub async fn link(&self, settings: &TillSettings, training: bool) -> Option<ControlUnitLink> {
        let address = &settings.control_unit;
        let password = if address.is_empty() {
            Ok(None)
        } else {
            self.password()
        };
        let (_, unit) = self.unit(address, training, password).await?;
        Some(ControlUnitLink {
            unit,
            register_designation: settings.register_designation(),
        })
    }

    /// Asks the unit at `address` (with the saved password; empty: the simulator in
    /// training) who it is and whether it can sell.
    pub async fn check(&self, address: &str, training: bool) -> ControlUnitHealth {
        // One keyring read: the unit's password, and whether one is saved.
        let password = self.password();
        let password_saved = matches!(password, Ok(Some(_)));
        let Some((source, unit)) = self.unit(address.trim(), training, password).await else {
            return ControlUnitHealth::failed(
                ControlUnitSource::None,
                &UnitError::not_configured(),
                password_saved,
            );
        };
        match control_unit::check(unit.as_ref()).await {
            Ok(identity) => ControlUnitHealth::working(source, identity, password_saved),
            Err(error) => {
                tracing::warn!(%error, "the control unit cannot sell");
                ControlUnitHealth::failed(source, &error, password_saved)
            }
        }
    }

    /// The training simulator's `/control` base URL, once it runs (for support and tests).
    pub fn simulator_control_url(&self) -> Option<String> {
        match self.simulator.get() {
            Some(Ok(sim)) => Some(sim.control_url()),
            _ => None,
        }
    }

    async fn unit(
        &self,
        address: &str,
        training: bool,
        password: Result<Option<control_unit::UnitPassword>, UnitError>,
    ) -> Option<(ControlUnitSource, Arc<dyn ControlUnit>)> {
        if !address.is_empty() {
            let unit = password
                .and_then(|password| control_unit::connect_with(address, password.as_ref()));
            return Some((ControlUnitSource::Unit, arc_or_broken(unit)));
        }
        if !training {
            return None;
        }
        let sim = self.simulator.get_or_init(start_simulator).await;
        let unit = match sim {
            Ok(sim) => control_unit::connect(&sim.xccsp_url()),
            Err(why) => Err(UnitError::new(
                control_unit::UnitErrorKind::Unreachable,
                why.clone(),
            )),
        };
        Some((ControlUnitSource::Simulator, arc_or_broken(unit)))
    }

    fn password(&self) -> Result<Option<control_unit::UnitPassword>, UnitError> {
        let Some(store) = &self.store else {
            return Ok(None);
        };
        if store.unavailable().is_some() {
            return Ok(None);
        }
        store.control_unit_password().map_err(|e| {
            UnitError::new(
                control_unit::UnitErrorKind::Address,
                format!(
                    "the control unit's password could not be read: {}",
                    e.message
                ),
            )
        })
    }
}

async fn start_simulator() -> Result<Arc<Simulator>, String> {
    match Simulator::start(SimConfig::default()).await {
        Ok(sim) => {
            tracing::info!(addr = %sim.addr(), "training mode: the built-in control unit is running");
            Ok(Arc::new(sim))
        }
        Err(error) => {
            tracing::error!(%error, "training mode: the built-in control unit did not start");
            Err(format!("the training control unit did not start: {error}"))
        }
    }
}

fn arc_or_broken(unit: Result<Box<dyn ControlUnit>, UnitError>) -> Arc<dyn ControlUnit> {
    match unit {
        Ok(unit) => Arc::from(unit),
        Err(error) => Arc::new(Broken(error)),
    }
}

/// A unit that could not be set up: every request answers why.
struct Broken(UnitError);

impl ControlUnit for Broken {
    fn identity(&self) -> BoxFuture<'_, Result<Identity, UnitError>> {
        let error = self.0.clone();
        Box::pin(async move { Err(error) })
    }

    fn status(&self) -> BoxFuture<'_, Result<UnitStatus, UnitError>> {
        let error = self.0.clone();
        Box::pin(async move { Err(error) })
    }

    fn register<'a>(
        &'a self,
        _record: &'a Record,
    ) -> BoxFuture<'a, Result<Registration, UnitError>> {
        let error = self.0.clone();
        Box::pin(async move { Err(error) })
    }
}

impl ControlUnitHealth {
    fn working(source: ControlUnitSource, identity: Identity, password_saved: bool) -> Self {
        ControlUnitHealth {
            source,
            ok: true,
            unit_id: Some(identity.unit_id),
            unit_type: identity.unit_type,
            firmware: Some(identity.firmware),
            problem_sv: None,
            problem_en: None,
            password_saved,
        }
    }

    fn failed(source: ControlUnitSource, error: &UnitError, password_saved: bool) -> Self {
        ControlUnitHealth {
            source,
            ok: false,
            unit_id: None,
            unit_type: None,
            firmware: None,
            problem_sv: Some(error.words(Language::Swedish)),
            problem_en: Some(error.words(Language::English)),
            password_saved,
        }
    }
}
