// The Pay screen's extra commands: the customer form checked field by field, and the
// customer display (second window).
import { call } from "./api";
import type { CustomerInput } from "./bindings/CustomerInput";
import type { CustomerProblem } from "./bindings/CustomerProblem";
import type { TrainingLan } from "./bindings/TrainingLan";

/** Every invalid field (empty: the form is good), by the same rules Charge applies. */
export const checkCustomer = (customer: CustomerInput) =>
  call<CustomerProblem[]>("check_customer", { customer });
export const openCustomerDisplay = () => call<void>("open_customer_display");

/** Training mode: whether a phone on the same Wi-Fi can open the SCA page. */
export const trainingLan = () => call<TrainingLan>("training_lan");
export const setTrainingLan = (enabled: boolean) =>
  call<TrainingLan>("set_training_lan", { enabled });
