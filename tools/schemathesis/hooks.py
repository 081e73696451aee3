"""What Schemathesis must know beyond the API document (loaded through SCHEMATHESIS_HOOKS).

A schema describes the shape of each value. Some rules are not about shape: a key used once, a
cursor the server issued, an organisation that must exist, a host name that must resolve, a date
in the future, one field compared with another. The document states them in words, and the server
answers 4xx when they are broken. Here the generator learns them:

- before_call gives well-formed requests the values those rules need (malformed values are left
  alone, so the refusals stay tested);
- filter_failure accepts a refusal of a schema-valid request only when every error the server
  names is one of the RULES_BEYOND_THE_SCHEMA, each stated in the document, or when the case was not
  wholly positive to begin with.

Nothing else is filtered: any other failure fails the suite.
"""

import ast
import datetime
import json
import os
import re
import sys
import threading
import uuid

import schemathesis
from schemathesis.openapi.checks import RejectedPositiveData

# Not about the API: CPython 3.11 before 3.11.8 and 3.12 before 3.12.2 build every AST with one
# recursion counter shared by all threads (CPython issue gh-106905). With more than one worker,
# Hypothesis describing a lambda (ast.parse) in two threads at once fails now and then with
# "SystemError: AST constructor recursion depth mismatch", an error of the run, not of the server.
# On those versions one thread parses at a time.
if (3, 11) <= sys.version_info[:3] < (3, 11, 8) or (3, 12) <= sys.version_info[:3] < (3, 12, 2):
    _parse = ast.parse
    _one_parse_at_a_time = threading.RLock()

    def _serialised_parse(*args, **kwargs):
        with _one_parse_at_a_time:
            return _parse(*args, **kwargs)

    ast.parse = _serialised_parse

# The documented shapes (apps/gateway/src/openapi/document-conventions.ts, PageQueryDto).
IDEMPOTENCY_KEY = re.compile(r"^[!-~]{1,255}$")
CURSOR = re.compile(r"^[A-Za-z0-9_-]{1,200}$")
ORGANISATION_ID = re.compile(r"^org_[0-9a-f]{32}$")

# Seeded organisations (apps/gateway/test/schemathesis.e2e-spec.ts), comma-separated.
ORGANISATIONS = [i for i in os.environ.get("YP_ST_ORGANISATION_IDS", "").split(",") if i]

# A public documentation address (203.0.113.0/24): it passes the webhook URL check without DNS.
WEBHOOK_URL = "https://203.0.113.10/yhteispeli/webhooks/"
# Web addresses whose host is a domain name (generated ones are mostly not), and business IDs with
# a valid check digit. The IDN one is there on purpose: the register takes it.
WEBSITES = ["https://kylayhdistys.example.fi", "http://www.pudasjarvi.fi/yhdistykset/", "https://kylä.example.fi/tapahtumat?kieli=fi"]
BUSINESS_IDS = ["2391580-1", "2391587-9", "2391594-0", "2391601-1"]

# Refusals (422) of schema-valid bodies for rules a schema cannot express: (problem code, field,
# message pattern); a field of None matches the code alone. Each is stated in words in the
# document and in docs/api-conventions.md.
RULES_BEYOND_THE_SCHEMA = [
    # One field compared with another.
    ("REQUEST.VALIDATION_FAILED", "validTo", r"must be later than validFrom"),
    ("REQUEST.VALIDATION_FAILED", "endsOn", r"must be on or after startsOn"),
    ("REQUEST.VALIDATION_FAILED", "activeTo", r"must not be before activeFrom"),
    ("REQUEST.VALIDATION_FAILED", r"schedule\.occurrences\.\d+\.ends", r"must be later than starts"),
    ("REQUEST.VALIDATION_FAILED", r"schedule\.weekly\.\d+\.closes", r"must be later than opens"),
    ("REQUEST.VALIDATION_FAILED", "location", r"is required when deliveryModes includes at-place"),
    ("USER.REGION_REQUIRED", "regions", r"at least one region for coordinators and liaison officers"),
    ("USER.ADMIN_REGIONS", "regions", r"must be empty for admins"),
    # A referenced organisation that no longer exists: the run deletes seeded ones too.
    ("ACTIVITY.ORGANISATION_NOT_FOUND", "organisationId", r"is not a registered organisation"),
    ("PARTNERSHIP.PARTNER_NOT_FOUND", r"partnerOrganisationIds\.\d+", r"is not a registered organisation"),
    ("REQUEST.VALIDATION_FAILED", "organisationId", r"^no organisation with id \S+ is registered$"),
    # The CSV file's columns and rows are checked as a whole (the body's schema is a string).
    ("ORGANISATION.IMPORT_FILE_UNUSABLE", None, r""),
]


def _header_patterns(operation):
    parameters = (operation.definition.raw or {}).get("parameters") or []
    return {
        p["name"].lower(): re.compile(p["schema"]["pattern"])
        for p in parameters
        if p.get("in") == "header" and isinstance(p.get("schema"), dict) and isinstance(p["schema"].get("pattern"), str)
    }


def _pick(values, seed):
    return values[sum(map(ord, str(seed))) % len(values)]


def _positive(case, location):
    """Whether the case's component at this location (header, query, body, ...) is positive data."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return False
    component = meta.components.get(location)
    return component is None or component.mode.is_positive


def _organisation(value):
    if not ORGANISATIONS or not isinstance(value, str) or not ORGANISATION_ID.match(value) or value in ORGANISATIONS:
        return value
    return ORGANISATIONS[int(value[4:12], 16) % len(ORGANISATIONS)]


def _registered_organisations(body):
    # "organisationId must name a registered organisation": a generated id names none.
    if "organisationId" in body:
        body["organisationId"] = _organisation(body["organisationId"])
    if isinstance(body.get("partnerOrganisationIds"), list):
        body["partnerOrganisationIds"] = list(dict.fromkeys(_organisation(i) for i in body["partnerOrganisationIds"]))


@schemathesis.hook
def before_call(context, case, kwargs):
    # Schemathesis 4.32's coverage phase cannot make header values that need characters other than
    # letters and digits (If-Match's quotes) and sends "0" instead, still calling them positive.
    if case.headers and _positive(case, "header"):
        patterns = _header_patterns(case.operation)
        for name, value in list(case.headers.items()):
            pattern = patterns.get(name.lower())
            if pattern is not None and isinstance(value, str) and not pattern.search(value):
                del case.headers[name]
    # "Use a new key for every new request": a key already used for another request is a 422, by
    # design. Generated keys repeat (and the document's example is one key), so each call gets its own.
    for name, value in list((case.headers or {}).items()):
        if name.lower() == "idempotency-key" and isinstance(value, str) and IDEMPOTENCY_KEY.match(value):
            case.headers[name] = str(uuid.uuid4())
    # A cursor is opaque: only a `nextCursor` the list returned is valid (any other one is a 400
    # REQUEST.BAD_CURSOR). A well-formed made-up cursor is left out; malformed ones stay (422).
    query = case.query or {}
    if isinstance(query.get("cursor"), str) and CURSOR.match(query["cursor"]):
        del query["cursor"]

    body = case.body
    if not isinstance(body, dict) or not _positive(case, "body"):
        return
    _registered_organisations(body)
    # "expiresAt: in the future and at most two years ahead" (API keys): generated times are anywhere.
    if "expiresAt" in body and isinstance(body["expiresAt"], str):
        body["expiresAt"] = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=30)).isoformat()
    # "the host must resolve to public addresses": generated host names resolve nowhere.
    if case.operation.path.startswith("/api/v1/webhooks/subscriptions") and isinstance(body.get("url"), str):
        body["url"] = WEBHOOK_URL + uuid.uuid4().hex
    if case.operation.path.startswith("/api/v1/organisations"):
        if isinstance(body.get("website"), str):
            body["website"] = _pick(WEBSITES, body["website"])
        if isinstance(body.get("businessId"), str):
            body["businessId"] = _pick(BUSINESS_IDS, body["businessId"])


def _problem(response):
    try:
        problem = json.loads(response.content)
    except (ValueError, TypeError):
        return None
    return problem if isinstance(problem, dict) else None


def _stated_rule(problem):
    code = problem.get("code")
    if any(field is None and code == rule_code for rule_code, field, _ in RULES_BEYOND_THE_SCHEMA):
        return True
    errors = problem.get("errors") or []
    return bool(errors) and all(
        isinstance(error, dict)
        and any(
            rule_code == code
            and re.fullmatch(field, str(error.get("field", "")))
            and re.search(message, str(error.get("message", "")))
            for rule_code, field, message in RULES_BEYOND_THE_SCHEMA
            if field is not None
        )
        for error in errors
    )


@schemathesis.hook
def filter_failure(context, failure, case, response):
    """Keep the failure (True) unless it is a refusal of data that was not wholly valid, or a stated rule."""
    if not isinstance(failure, RejectedPositiveData):
        return True
    meta = case.meta
    # Schemathesis' coverage phase sometimes calls a case positive while one of its components is
    # negative (a header it cannot generate, a query value out of type): refusing it is right.
    if meta is not None and any(not c.mode.is_positive for c in meta.components.values()):
        return False
    problem = _problem(response) if response.status_code == 422 else None
    return not (problem is not None and _stated_rule(problem))
