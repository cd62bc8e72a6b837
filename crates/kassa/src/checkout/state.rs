//! The checkout's states and which moves between them are allowed.

use serde::{Deserialize, Serialize};

/// Where a checkout is. Stored as [`CheckoutState::name`] plus a failure reason.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum CheckoutState {
    /// Priced and stored; its idempotency key exists but nothing was sent.
    Draft,
    /// The create request is (or may be) on its way to Kronor.
    Submitting,
    /// Kronor has the order (invoice: the customer scans the QR code and signs with BankID) or
    /// the Swish payment request (the customer scans the QR code in the Swish app and pays).
    AwaitingCustomer,
    /// Kronor confirmed a purchase (`WAITING_FOR_CAPTURE` with `resultingPurchaseId`) or a
    /// Swish payment (`PAID` with `resultingPaymentId`; nothing to capture).
    Approved,
    /// The purchase was captured.
    Captured,
    /// The sale is in the journal; the receipt can be printed.
    Receipted,
    /// Kronor or the customer turned the purchase down.
    Rejected,
    /// Cancelled from the till.
    Cancelled,
    /// Kronor ended the order without a purchase (the customer never signed, or never paid
    /// in Swish, in time).
    Expired,
    /// A paid part of a sale paid in parts whose sale was cancelled: given back (Swish
    /// refunded through Kronor, cash handed back from the drawer).
    Refunded,
    /// Kronor refused the request, or Swish ended the payment in error; `reason` is what to
    /// show.
    Failed { reason: String },
}

impl CheckoutState {
    pub fn name(&self) -> &'static str {
        match self {
            CheckoutState::Draft => "draft",
            CheckoutState::Submitting => "submitting",
            CheckoutState::AwaitingCustomer => "awaiting_customer",
            CheckoutState::Approved => "approved",
            CheckoutState::Captured => "captured",
            CheckoutState::Receipted => "receipted",
            CheckoutState::Rejected => "rejected",
            CheckoutState::Cancelled => "cancelled",
            CheckoutState::Expired => "expired",
            CheckoutState::Refunded => "refunded",
            CheckoutState::Failed { .. } => "failed",
        }
    }

    /// Reads a stored state back; `None` for a name this build does not know.
    pub fn from_stored(name: &str, failure: Option<String>) -> Option<CheckoutState> {
        Some(match name {
            "draft" => CheckoutState::Draft,
            "submitting" => CheckoutState::Submitting,
            "awaiting_customer" => CheckoutState::AwaitingCustomer,
            "approved" => CheckoutState::Approved,
            "captured" => CheckoutState::Captured,
            "receipted" => CheckoutState::Receipted,
            "rejected" => CheckoutState::Rejected,
            "cancelled" => CheckoutState::Cancelled,
            "expired" => CheckoutState::Expired,
            "refunded" => CheckoutState::Refunded,
            "failed" => CheckoutState::Failed {
                reason: failure.unwrap_or_default(),
            },
            _ => return None,
        })
    }

    /// Nothing more will happen to a checkout in a final state.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            CheckoutState::Receipted
                | CheckoutState::Rejected
                | CheckoutState::Cancelled
                | CheckoutState::Expired
                | CheckoutState::Refunded
                | CheckoutState::Failed { .. }
        )
    }

    /// The states a checkout may move to from this one. Approved may skip capture (when
    /// capture on approval is off) but no state reaches the journal without a purchase; a
    /// paid part of a cancelled split is refunded, never dropped.
    pub fn may_become(&self, next: &CheckoutState) -> bool {
        use CheckoutState::*;
        match self {
            Draft => matches!(next, Submitting | Cancelled),
            Submitting => matches!(next, AwaitingCustomer | Failed { .. } | Cancelled),
            AwaitingCustomer => {
                matches!(
                    next,
                    Approved | Rejected | Cancelled | Expired | Failed { .. }
                )
            }
            Approved => matches!(next, Captured | Receipted | Refunded),
            Captured => matches!(next, Receipted),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::CheckoutState::*;
    use super::*;

    #[test]
    fn only_a_confirmed_purchase_reaches_the_receipt() {
        for from in [Draft, Submitting, AwaitingCustomer] {
            assert!(!from.may_become(&Receipted), "{from:?}");
            assert!(!from.may_become(&Captured), "{from:?}");
        }
        assert!(Approved.may_become(&Captured));
        assert!(Captured.may_become(&Receipted));
        assert!(
            !Approved.may_become(&Cancelled),
            "an approved purchase is never dropped"
        );
    }

    #[test]
    fn final_states_go_nowhere_and_names_round_trip() {
        let all = [
            Draft,
            Submitting,
            AwaitingCustomer,
            Approved,
            Captured,
            Receipted,
            Rejected,
            Cancelled,
            Expired,
            Refunded,
            Failed {
                reason: "no".into(),
            },
        ];
        for state in &all {
            let back = CheckoutState::from_stored(state.name(), Some("no".into()));
            assert_eq!(back.as_ref(), Some(state));
            if state.is_final() {
                assert!(all.iter().all(|next| !state.may_become(next)));
            }
        }
    }
}
