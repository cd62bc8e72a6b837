#!/usr/bin/env python3
"""Cuts the sandbox's served schemas out of Kronor's own files, one per role.

Output types keep only the fields listed in SERVE (the sandbox serves a subset); every input type,
enum and scalar they reach is copied whole, so any document valid against Kronor stays valid here.
Run from this directory:
  python3 cut.py ../../../../shared/kronor/merchant.graphqls merchant > ../src/graphql/schema.graphqls
  python3 cut.py ../../../../shared/kronor/payment-gateway.graphqls payment-gateway > ../src/graphql/gateway.graphqls
The crate tests `served_schema_is_a_subset_of_kronors` and
`session_schema_is_a_subset_of_kronors_payment_gateway` check the results against Kronor's files.
"""
import re
import sys

PAYMENT_REQUEST = ["amount", "createdAt", "currency", "merchantReturnUrl", "message", "paymentFlow",
                   "paymentProvider", "reference", "resultingPaymentId", "status", "statusHistory",
                   "transactionId", "transactionSwishDetails", "waitToken"]
ROLES = {
    # The merchant token's schema, cut from merchant.graphqls.
    "merchant": {
        "query_root": ["paymentRequests", "purchaseOrders", "purchases", "version"],
        "subscription_root": ["paymentRequests", "purchaseOrders", "purchases"],
        "mutation_root": ["cancelPayment", "cancelSwishPayment", "newPaymentSession",
                          "newPaymentSessionWithReferenceCheck", "newPurchaseCaptureAll",
                          "newPurchaseOrderWithInstalments", "newPurchaseOrderWithInvoice",
                          "newPurchaseReturnAll", "purchaseOrderCancel", "refundPayment"],
        "PurchaseOrder": None,  # every field
        "Purchase": ["createdAt", "id", "merchantReference", "status", "taxAmount", "totalAmount"],
        "CurrentPurchaseOrderStatus": None,
        "CurrentPurchaseStatus": None,
        "PurchaseOrderWithInvoiceResult": None,
        "PurchaseOrderWithInstalmentsResult": None,
        "PurchaseOrderCancelResult": None,
        "PurchaseCaptureAllResult": None,
        "PurchaseReturnAllResult": None,
        "PaymentRequest": PAYMENT_REQUEST + ["merchantReference2"],
        "CurrentPaymentStatus": None,
        "SwishDetails": None,
        "PaymentSessionResult": None,
        "PaymentSessionWithReferenceCheckResult": None,
        "SwishPaymentCancelResult": None,
        "PaymentCancelResult": None,
        "RefundPaymentResult": None,
    },
    # A payment session token's schema (role payment-gateway), cut from payment-gateway.graphqls.
    "payment-gateway": {
        "query_root": ["paymentRequests"],
        "subscription_root": ["paymentRequests"],
        "mutation_root": ["cancelPayment", "cancelSwishPayment", "newSwishPayment"],
        "PaymentRequest": PAYMENT_REQUEST + ["session"],
        "PaymentSession": None,
        "CurrentPaymentStatus": None,
        "SwishDetails": None,
        "SwishPaymentResult": None,
        "SwishPaymentCancelResult": None,
        "PaymentCancelResult": None,
    },
}
# The guide's name for newPurchaseOrderWithInvoice: the one allowed extra (merchant role only).
EXTRAS = {"merchant": {"mutation_root": "  newPurchaseOrder(purchase: PurchaseOrderWithInvoiceInput!): PurchaseOrderWithInvoiceResult!"}}

role = sys.argv[2] if len(sys.argv) > 2 else "merchant"
SERVE = ROLES[role]
EXTRA = EXTRAS.get(role, {})

src = open(sys.argv[1], encoding="utf-8").read()
src = re.sub(r'"""[\s\S]*?"""', "", src)
src = re.sub(r'"(?:[^"\\]|\\.)*"', "", src)
defs = {}
for m in re.finditer(r"^(input|type|enum|scalar)\s+(\w+)([^{\n]*)(\{[\s\S]*?^\})?", src, re.M):
    defs[m.group(2)] = (m.group(1), m.group(4) or "")

def fields(body):
    out, depth, cur = [], 0, ""
    for line in body.strip()[1:-1].splitlines():
        line = line.strip()
        if not line:
            continue
        cur += (" " if cur else "") + line
        depth += line.count("(") - line.count(")")
        if depth == 0:
            out.append(re.sub(r"\s+", " ", cur).replace("( ", "(").replace(" )", ")"))
            cur = ""
    return out

def name_of(field):
    return re.match(r"(\w+)", field).group(1)

def type_names(text):
    return set(re.findall(r":\s*\[?\s*(\w+)", text))

BUILTIN = {"String", "Int", "Float", "Boolean", "ID"}
emitted, queue, out = set(), [], []
for tname, wanted in SERVE.items():
    kind, body = defs[tname]
    fs = [f for f in fields(body) if wanted is None or name_of(f) in wanted]
    lines = ["  " + f for f in fs]
    if tname in EXTRA:
        lines.append(EXTRA[tname])
    lines.sort(key=lambda l: name_of(l.strip()))
    out.append(f"type {tname} {{\n" + "\n".join(lines) + "\n}")
    emitted.add(tname)
    for f in fs:
        queue += [t for t in type_names(f) if t not in SERVE]
while queue:
    t = queue.pop()
    if t in emitted or t in BUILTIN:
        continue
    emitted.add(t)
    kind, body = defs[t]
    if kind == "scalar":
        out.append(f"scalar {t}")
    elif kind == "enum":
        vals = sorted(v.strip().split()[0] for v in body.strip()[1:-1].splitlines() if v.strip())
        out.append(f"enum {t} {{\n" + "\n".join("  " + v for v in vals) + "\n}")
    elif kind == "input":
        fs = fields(body)
        out.append(f"input {t} {{\n" + "\n".join("  " + f for f in fs) + "\n}")
        for f in fs:
            queue += [x for x in type_names(f)]
    else:
        raise SystemExit(f"output type {t} reached but not listed in SERVE")
print("schema {\n  query: query_root\n  mutation: mutation_root\n  subscription: subscription_root\n}\n")
print("\n\n".join(sorted(out, key=lambda s: s.split()[1])))
