"""
The local AWS API of `envctl emulator start`: moto's server on a loopback
port, for one AWS account (MOTO_ACCOUNT_ID), with corrections where moto
5.2.1 answers differently from AWS for what cdktf-envkit environments
deploy. Each correction follows AWS's documented behaviour; the emulator
suite proves each difference against plain moto and the correction against
this launcher.

Usage: python3 moto-launcher.py --ready-file PATH [--port N]
Writes {"port": N, "moto": VERSION} to the ready file once it answers, and
serves until SIGTERM or SIGINT. Requests and moto's own failures are logged
on standard error (envctl sends it to a log file): besides werkzeug's line,
each request's service action (`Action=` of a query API, `X-Amz-Target` of a
JSON API), its status and how long it took, so that a log says what a client
called and when, not only that it posted.

Corrections:

1. S3 PutBucketLogging reads the target bucket's policy with
   `stmt.get("Principal", {}).get("Service")`, which raises AttributeError
   when a statement's Principal is the string "*" (valid IAM, and what a
   TLS-only deny uses): the call answers HTTP 500 and the AWS provider retries
   for minutes. AWS finds the logging service's grant by its own principal.
   Principal, Service, Action and Resource are read here in every form IAM
   allows; the rest of moto's check is kept.

2. RDS DescribeDBParameters returns the parameters a user set without their
   `Source` ("user" in AWS). The provider keeps only parameters whose source
   is "user", reads back an empty set and plans to add them on every run.
   Parameters set through Create/ModifyDBParameterGroup are marked "user".

3. RDS CreateDBInstance drops MonitoringInterval and MonitoringRoleArn
   (Enhanced Monitoring), so the provider reads back 0 where it asked for 60
   and stops with "inconsistent result after apply". AWS keeps both.

4. RDS gives every instance the same DbiResourceId. AWS gives each instance
   a unique one (`db-` and 26 letters and digits), and the AWS provider 5.x
   identifies an instance by it: a second instance in one account made the
   provider find two instances for one id and fail. Each instance gets its own.

5. AWS Budgets: moto stores a budget's notifications with their subscribers
   but lacks DescribeSubscribersForNotification (HTTP 500; the provider
   retries for minutes), CreateSubscriber, DeleteSubscriber, UpdateSubscriber,
   UpdateNotification and UpdateBudget, and answers HTTP 500 for the
   notifications of a budget that does not exist. It also lacks the budget
   tagging that AWS added in 2024 (CreateBudget's ResourceTags, TagResource,
   UntagResource, ListTagsForResource), which the provider calls for the
   default tags. They are added as AWS documents them: a notification is
   identified by its type, comparison operator, threshold and threshold type
   (PERCENTAGE unless given); a budget's ARN is
   arn:<partition>:budgets::<account>:budget/<name>; a missing budget,
   notification or subscriber is a NotFoundException, a duplicate a
   DuplicateRecordException.

6. EC2 CreateNatGateway ignores its ClientToken, so a request the client
   sent again (the SDK retries when it did not read an answer) creates a
   second NAT gateway on the same Elastic IP and fails with
   Resource.AlreadyAssociated. AWS makes the call idempotent by the token: the
   same token with the same parameters answers the NAT gateway it created,
   different parameters are an IdempotentParameterMismatch.

7. Not moto's: this loopback server, under load, loses an answer now and
   then, and the SDK sends the request again (the same `amz-sdk-invocation-id`,
   `amz-sdk-request: attempt=2`). A change made twice then fails as "already
   exists" (a subnet, an SSM parameter, a budget's notification) where AWS,
   whose answers arrive, made it once. A repeated attempt of an invocation
   whose change was answered with success gets that answer again. A new
   invocation is served as before, so a real duplicate still fails as on AWS.
"""
import argparse
import collections
import io
import json
import time
import urllib.parse
import os
import re
import signal
import string
import sys
import threading

# AWS managed policies exist in every AWS account; the database's monitoring role attaches one.
os.environ.setdefault("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")

import moto  # noqa: E402 (after the environment it reads)
from moto.budgets import models as budgets_models  # noqa: E402
from moto.budgets import responses as budgets_responses  # noqa: E402
from moto.budgets.exceptions import DuplicateRecordException, NotFoundException  # noqa: E402
from moto.ec2.exceptions import EC2ClientError  # noqa: E402
from moto.ec2.responses import nat_gateways as nat_gateway_responses  # noqa: E402
from moto.moto_api._internal import mock_random  # noqa: E402
from moto.moto_server import threaded_moto_server  # noqa: E402
from moto.moto_server.threaded_moto_server import ThreadedMotoServer  # noqa: E402
from moto.rds import models as rds_models  # noqa: E402
from moto.s3 import models as s3_models  # noqa: E402
from moto.s3.utils import LOGGING_SERVICE_PRINCIPAL  # noqa: E402

SUPPORTED_MOTO = "5.2."


def _as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


# 1. S3 logging grants, with a principal of any form --------------------------------------------

def _log_permissions_enabled_policy(target_bucket, target_prefix):
    if not target_bucket.policy:
        return False
    policy = json.loads(target_bucket.policy.decode())
    allowed_resources = {
        f"arn:{target_bucket.partition}:s3:::{target_bucket.name}/{target_prefix or ''}*",
        f"arn:{target_bucket.partition}:s3:::{target_bucket.name}/*",
        f"arn:{target_bucket.partition}:s3:::{target_bucket.name}",
    }
    for stmt in _as_list(policy.get("Statement")):
        principal = stmt.get("Principal")
        services = _as_list(principal.get("Service")) if isinstance(principal, dict) else []
        if LOGGING_SERVICE_PRINCIPAL not in services or stmt.get("Effect") != "Allow":
            continue
        if "s3:PutObject" not in _as_list(stmt.get("Action")):
            continue
        if allowed_resources.intersection(_as_list(stmt.get("Resource"))):
            return True
    return False


# 2. RDS parameters a user set are of source "user" ---------------------------------------------

_update_parameters = rds_models.DBParameterGroup.update_parameters


def _update_parameters_as_user(self, new_parameters):
    _update_parameters(self, new_parameters)
    for parameter in self.parameters.values():
        parameter.setdefault("Source", "user")


# 3 and 4. RDS instances keep Enhanced Monitoring and get their own resource id -----------------

_init_db_instance = rds_models.DBInstance.__init__


def _init_db_instance_as_aws(self, *args, **kwargs):
    _init_db_instance(self, *args, **kwargs)
    self.monitoring_interval = int(kwargs.get("monitoring_interval") or 0)
    self.monitoring_role_arn = kwargs.get("monitoring_role_arn")
    self.dbi_resource_id = "db-" + "".join(mock_random.choice(string.ascii_uppercase + string.digits) for _ in range(26))


# 5. AWS Budgets: subscribers, updates, and errors for what does not exist ----------------------

def _notification_key(notification):
    notification = notification or {}
    return (
        notification.get("NotificationType"),
        notification.get("ComparisonOperator"),
        float(notification.get("Threshold", 0)),
        notification.get("ThresholdType") or "PERCENTAGE",
    )


def _budget(backend, account_id, budget_name, action):
    budget = backend.budgets[account_id].get(budget_name)
    if budget is None:
        raise NotFoundException(f"Unable to {action} - the budget {budget_name} doesn't exist.")
    return budget


def _notification(backend, account_id, budget_name, notification, action):
    budget = _budget(backend, account_id, budget_name, action)
    for found in budget.notifications:
        if _notification_key(found.details) == _notification_key(notification):
            return budget, found
    raise NotFoundException(f"Unable to {action} - the notification doesn't exist for budget {budget_name}.")


def _subscriber_key(subscriber):
    return (subscriber.get("SubscriptionType"), subscriber.get("Address"))


def _describe_notifications_for_budget(self):
    account_id = self._get_param("AccountId")
    budget = _budget(self.backend, account_id, self._get_param("BudgetName"), "describe notifications")
    return json.dumps({"Notifications": [n.details for n in budget.notifications]})


def _describe_subscribers_for_notification(self):
    _, notification = _notification(self.backend, self._get_param("AccountId"), self._get_param("BudgetName"), self._get_param("Notification"), "describe subscribers")
    return json.dumps({"Subscribers": _as_list(notification.subscribers)})


def _create_subscriber(self):
    _, notification = _notification(self.backend, self._get_param("AccountId"), self._get_param("BudgetName"), self._get_param("Notification"), "create subscriber")
    subscriber = self._get_param("Subscriber")
    subscribers = _as_list(notification.subscribers)
    if any(_subscriber_key(s) == _subscriber_key(subscriber) for s in subscribers):
        raise DuplicateRecordException(record_type="subscriber", record_name=subscriber.get("Address"))
    notification.subscribers = subscribers + [subscriber]
    return json.dumps({})


def _delete_subscriber(self):
    _, notification = _notification(self.backend, self._get_param("AccountId"), self._get_param("BudgetName"), self._get_param("Notification"), "delete subscriber")
    subscriber = self._get_param("Subscriber")
    subscribers = _as_list(notification.subscribers)
    kept = [s for s in subscribers if _subscriber_key(s) != _subscriber_key(subscriber)]
    if len(kept) == len(subscribers):
        raise NotFoundException(f"Unable to delete subscriber - the subscriber {subscriber.get('Address')} doesn't exist.")
    notification.subscribers = kept
    return json.dumps({})


def _update_subscriber(self):
    _, notification = _notification(self.backend, self._get_param("AccountId"), self._get_param("BudgetName"), self._get_param("Notification"), "update subscriber")
    old, new = self._get_param("OldSubscriber"), self._get_param("NewSubscriber")
    subscribers = _as_list(notification.subscribers)
    if not any(_subscriber_key(s) == _subscriber_key(old) for s in subscribers):
        raise NotFoundException(f"Unable to update subscriber - the subscriber {old.get('Address')} doesn't exist.")
    notification.subscribers = [new if _subscriber_key(s) == _subscriber_key(old) else s for s in subscribers]
    return json.dumps({})


def _update_notification(self):
    _, notification = _notification(self.backend, self._get_param("AccountId"), self._get_param("BudgetName"), self._get_param("OldNotification"), "update notification")
    notification.details = self._get_param("NewNotification")
    return json.dumps({})


def _update_budget(self):
    account_id = self._get_param("AccountId")
    new_budget = self._get_param("NewBudget")
    budget = _budget(self.backend, account_id, new_budget.get("BudgetName"), "update budget")
    kept = {key: budget.budget[key] for key in ("TimePeriod",) if key in budget.budget and key not in new_budget}
    budget.budget = {**new_budget, **kept, "LastUpdatedTime": budgets_models.unix_time()}
    return json.dumps({})


_BUDGET_TAGS = {}


def _budget_of_arn(self, arn):
    prefix = f"arn:{self.partition}:budgets::"
    account_id, _, name = (arn or "")[len(prefix):].partition(":budget/") if (arn or "").startswith(prefix) else ("", "", "")
    if not name or name not in self.backend.budgets[account_id]:
        raise NotFoundException(f"Unable to find resource {arn}.")
    return arn


_create_budget = budgets_responses.BudgetsResponse.create_budget
_delete_budget = budgets_responses.BudgetsResponse.delete_budget


def _create_budget_with_tags(self):
    result = _create_budget(self)
    arn = f"arn:{self.partition}:budgets::{self._get_param('AccountId')}:budget/{self._get_param('Budget')['BudgetName']}"
    _BUDGET_TAGS[arn] = {t["Key"]: t["Value"] for t in self._get_param("ResourceTags", [])}
    return result


def _delete_budget_and_tags(self):
    result = _delete_budget(self)
    _BUDGET_TAGS.pop(f"arn:{self.partition}:budgets::{self._get_param('AccountId')}:budget/{self._get_param('BudgetName')}", None)
    return result


def _tag_resource(self):
    arn = _budget_of_arn(self, self._get_param("ResourceARN"))
    _BUDGET_TAGS.setdefault(arn, {}).update({t["Key"]: t["Value"] for t in self._get_param("ResourceTags", [])})
    return json.dumps({})


def _untag_resource(self):
    arn = _budget_of_arn(self, self._get_param("ResourceARN"))
    for key in self._get_param("ResourceTagKeys", []):
        _BUDGET_TAGS.get(arn, {}).pop(key, None)
    return json.dumps({})


def _list_tags_for_resource(self):
    arn = _budget_of_arn(self, self._get_param("ResourceARN"))
    return json.dumps({"ResourceTags": [{"Key": k, "Value": v} for k, v in _BUDGET_TAGS.get(arn, {}).items()]})


# What each ClientToken of CreateNatGateway created, by account, region and token: its parameters and the NAT gateway.
_NAT_GATEWAY_TOKENS = {}
_create_nat_gateway_once = nat_gateway_responses.NatGateways.create_nat_gateway


def _create_nat_gateway_idempotent(self):
    token = self._get_param("ClientToken")
    if not token:
        return _create_nat_gateway_once(self)
    key = (self.current_account, self.region, token)
    parameters = (self._get_param("SubnetId"), self._get_param("AllocationId"), self._get_param("ConnectivityType"))
    seen = _NAT_GATEWAY_TOKENS.get(key)
    if seen is not None:
        if seen[0] != parameters:
            raise EC2ClientError("IdempotentParameterMismatch", f"The client token {token} was used with different parameters")
        created = self.ec2_backend.nat_gateways.get(seen[1])
        if created is not None:
            return nat_gateway_responses.ActionResult({"NatGateway": created})
    result = _create_nat_gateway_once(self)
    _NAT_GATEWAY_TOKENS[key] = (parameters, result.result["NatGateway"].id)
    return result


def apply_corrections():
    """Patches moto in this process; each patch replaces one method or adds one action."""
    s3_models.FakeBucket._log_permissions_enabled_policy = staticmethod(_log_permissions_enabled_policy)
    rds_models.DBParameterGroup.update_parameters = _update_parameters_as_user
    rds_models.DBInstance.__init__ = _init_db_instance_as_aws
    nat_gateway_responses.NatGateways.create_nat_gateway = _create_nat_gateway_idempotent
    # The Budgets actions added or replaced, by the name moto dispatches them under.
    actions = {
        "describe_notifications_for_budget": _describe_notifications_for_budget,
        "describe_subscribers_for_notification": _describe_subscribers_for_notification,
        "create_subscriber": _create_subscriber,
        "delete_subscriber": _delete_subscriber,
        "update_subscriber": _update_subscriber,
        "update_notification": _update_notification,
        "update_budget": _update_budget,
        "create_budget": _create_budget_with_tags,
        "delete_budget": _delete_budget_and_tags,
        "tag_resource": _tag_resource,
        "untag_resource": _untag_resource,
        "list_tags_for_resource": _list_tags_for_resource,
    }
    for action, handler in actions.items():
        setattr(budgets_responses.BudgetsResponse, action, handler)

def _action_of(environ, body):
    """The API action a request calls: the JSON APIs' X-Amz-Target, else the query APIs' Action, else method and path."""
    target = environ.get("HTTP_X_AMZ_TARGET")
    if target:
        return target.rsplit(".", 1)[-1]
    for source in (environ.get("QUERY_STRING", ""), body.decode("utf-8", "replace") if len(body) < 65536 else ""):
        action = urllib.parse.parse_qs(source).get("Action")
        if action:
            return action[0]
    return f"{environ.get('REQUEST_METHOD')} {environ.get('PATH_INFO')}"


def _subject_of(environ, body):
    """What a request names (a JSON API's `Name`, as SSM's parameters), for the log: empty when it names nothing there."""
    if not environ.get("HTTP_X_AMZ_TARGET") or len(body) > 65536:
        return ""
    try:
        name = json.loads(body or b"{}").get("Name")
    except (ValueError, AttributeError):
        return ""
    return name if isinstance(name, str) else ""


# moto's server runs each request on a thread of its own, and its backends are
# not written for concurrent requests; AWS serves concurrent requests
# consistently. Python runs one thread at a time anyway, so requests are
# handled one at a time, each to its end. (Creates answered "already exists"
# under load are the SDK sending again an answer it did not read: see below.)
_SERIAL = threading.Lock()

# A request the SDK sends again (its `amz-sdk-request` header says attempt 2 or
# more) under the invocation id of a change already answered with success: the
# client did not read that answer, so it gets the same answer again instead of
# the change being made twice. Only changes are kept (not GET or HEAD), the
# latest few thousand.
_ANSWERED = collections.OrderedDict()
_ANSWERED_KEPT = 4096
# Off in moto as released (--plain), like every correction.
_REPLAYS = {"on": False}


def _attempt_of(environ):
    """Which attempt of its invocation a request says it is (1 when it does not say)."""
    match = re.search(r"attempt=(\d+)", environ.get("HTTP_AMZ_SDK_REQUEST", ""))
    return int(match.group(1)) if match else 1


def _logged(app):
    """WSGI middleware: requests one at a time, and one line per request on standard error,
    `action <time> <name> <status> <seconds>s <client port> [<what it names>]`: a create sent twice shows
    as two lines naming the same thing, and the port says whether the second came on a connection of its own."""

    def wrapped(environ, start_response):
        started = time.monotonic()
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length > 0 else b""
        environ["wsgi.input"] = io.BytesIO(body)
        status = ["-"]
        answer = {}
        invocation = environ.get("HTTP_AMZ_SDK_INVOCATION_ID", "")
        change = _REPLAYS["on"] and bool(invocation) and environ.get("REQUEST_METHOD") not in ("GET", "HEAD")

        def recording(code, headers, *rest):
            status[0] = code.split(" ", 1)[0]
            answer["status"], answer["headers"] = code, list(headers)
            return start_response(code, headers, *rest)

        try:
            with _SERIAL:
                if change and _attempt_of(environ) > 1 and invocation in _ANSWERED:
                    code, headers, content = _ANSWERED[invocation]
                    sys.stderr.write(f"replayed {_action_of(environ, body)} {invocation} attempt {_attempt_of(environ)}: the client did not read its answer\n")
                    recording(code, headers)
                    return [content]
                result = app(environ, recording)
                try:
                    content = b"".join(result)
                finally:
                    getattr(result, "close", lambda: None)()
                if change and status[0].startswith("2"):
                    _ANSWERED[invocation] = (answer["status"], answer["headers"], content)
                    while len(_ANSWERED) > _ANSWERED_KEPT:
                        _ANSWERED.popitem(last=False)
                return [content]
        finally:
            at = time.strftime("%H:%M:%S", time.localtime()) + f".{int(time.time() * 1000) % 1000:03d}"
            subject = _subject_of(environ, body)
            line = f"action {at} {_action_of(environ, body)} {status[0]} {time.monotonic() - started:.3f}s {environ.get('REMOTE_PORT', '-')}"
            # One write per line: print() writes the text and its newline apart, and threads' lines ran together.
            sys.stderr.write(f"{line} {subject}\n" if subject else f"{line}\n")
            sys.stderr.flush()

    return wrapped


def main():
    parser = argparse.ArgumentParser(description="moto with cdktf-envkit's corrections")
    parser.add_argument("--ready-file", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--plain", action="store_true", help="no corrections: moto as released (to prove each difference)")
    args = parser.parse_args()
    if not moto.__version__.startswith(SUPPORTED_MOTO):
        print(f"warning: the corrections are written for moto {SUPPORTED_MOTO}x; this is moto {moto.__version__}", file=sys.stderr, flush=True)
    if not args.plain:
        apply_corrections()
        _REPLAYS["on"] = True
    make_server = threaded_moto_server.make_server
    threaded_moto_server.make_server = lambda host, port, app, *rest, **kw: make_server(host, port, _logged(app), *rest, **kw)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=args.port, verbose=False)
    server.start()
    stopped = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopped.set())
    ready = f"{args.ready_file}.tmp"
    with open(ready, "w") as out:
        json.dump({"port": server.get_host_and_port()[1], "moto": moto.__version__, "corrected": not args.plain}, out)
    os.replace(ready, args.ready_file)
    while not stopped.wait(0.5):
        pass
    server.stop()


if __name__ == "__main__":
    main()
