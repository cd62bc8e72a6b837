#!/usr/bin/env python3
"""Cuts the sandbox's served schema out of Kronor's merchant.graphqls.

Output types keep only the fields listed in SERVE (the sandbox serves a subset); every input type,
enum and scalar they reach is copied whole, so any document valid against Kronor stays valid here.
Run from this directory:  python3 cut.py ../../../../shared/kronor/merchant.graphqls > ../src/graphql/schema.graphqls
The crate test `served_schema_is_a_subset_of_kronors` checks the result against Kronor's file.
"""
import re
import sys

SERVE = {
    "query_root": ["purchaseOrders", "purchases", "version"],
    "subscription_root": ["purchaseOrders", "purchases"],
    "mutation_root": ["newPurchaseCaptureAll", "newPurchaseOrderWithInstalments",
                      "newPurchaseOrderWithInvoice", "newPurchaseReturnAll",
                      "purchaseOrderCancel"],
    "PurchaseOrder": None,  # every field
    "Purchase": ["createdAt", "id", "merchantReference", "status", "taxAmount", "totalAmount"],
    "CurrentPurchaseOrderStatus": None,
    "CurrentPurchaseStatus": None,
    "PurchaseOrderWithInvoiceResult": None,
    "PurchaseOrderWithInstalmentsResult": None,
    "PurchaseOrderCancelResult": None,
    "PurchaseCaptureAllResult": None,
    "PurchaseReturnAllResult": None,
}
# The guide's name for newPurchaseOrderWithInvoice: the one allowed extra.
EXTRA = {"mutation_root": "  newPurchaseOrder(purchase: PurchaseOrderWithInvoiceInput!): PurchaseOrderWithInvoiceResult!"}

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
