//! Cash: the total rounded to whole kronor, what the customer hands over and the change, the
//! drawer, and the cash day (float, paid in and out, the count at the close).
//!
//! - [`rounding`]: [`cash_due`], öresavrundning.
//! - [`tendered`]: [`change`], the keypad's quick amounts, [`MAX_TENDERED`].
//! - [`count`]: Swedish notes and coins, [`DrawerCount`].
//! - [`day`]: the `cash_event` log and [`CashDay`], summed with the journal's cash entries.
//! - [`drawer`]: [`Drawer`], opened through the printer's port or a command.
//! - [`input`]: [`CashEventInput`], the float, paid in/out and the count as entered.
//! - [`view`]: the same for the screen ([`view::CashOffer`], [`view::CashDayView`]).

pub mod count;
pub mod day;
pub mod drawer;
pub mod input;
pub mod rounding;
pub mod tendered;
pub mod view;

pub use count::{DENOMINATIONS, DrawerCount};
pub use day::{CashDay, CashEventKind};
pub use drawer::{Drawer, DrawerOpening};
pub use input::CashEventInput;
pub use rounding::{CashDue, cash_due};
pub use tendered::{CashPayment, MAX_TENDERED, change, keys};
