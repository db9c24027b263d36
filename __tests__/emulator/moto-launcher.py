"""
Test harness only: starts moto's AWS API emulator on a free loopback port,
prints {"port": N} on one line, and serves until its standard input closes
(so that it never outlives the test process that started it).

Before starting, it corrects three places where moto 5.2.1 differs from AWS.

1. PutBucketLogging validates the target bucket's policy with
`stmt.get("Principal", {}).get("Service")`, which raises AttributeError
('str' object has no attribute 'get') when a statement's Principal is the
string "*" -- valid IAM, and what a TLS-only deny statement uses. The call
then answers HTTP 500 and the AWS provider retries for minutes. AWS accepts
such a policy (the logging service's statement is found by its own
principal). The replacement below reads Principal, Service, Action and
Resource in every form IAM allows, and otherwise keeps moto's logic.

2. DescribeDBParameters returns the parameters a user set without their
`Source` ("user" in AWS). The AWS provider keeps only parameters whose source
is "user", so it reads back an empty set and plans to add them again on every
run (a perpetual diff that AWS never shows). Parameters set through
ModifyDBParameterGroup or CreateDBParameterGroup are marked "user" here.

3. CreateDBInstance drops MonitoringInterval and MonitoringRoleArn (Enhanced
Monitoring): DescribeDBInstances never returns them, so the provider reads
back 0 where it asked for 60, and Terraform stops with "inconsistent result
after apply". AWS keeps both. They are kept here; ModifyDBInstance already
sets them. (AWS managed policies, which the monitoring role attaches, exist
in moto when MOTO_IAM_LOAD_MANAGED_POLICIES is set, as moto.ts does.)
"""
import json
import sys

from moto.rds import models as rds_models
from moto.s3 import models
from moto.s3.utils import LOGGING_SERVICE_PRINCIPAL
from moto.moto_server.threaded_moto_server import ThreadedMotoServer


def _as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


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
        if LOGGING_SERVICE_PRINCIPAL not in services:
            continue
        if stmt.get("Effect") != "Allow":
            continue
        if "s3:PutObject" not in _as_list(stmt.get("Action")):
            continue
        if not allowed_resources.intersection(_as_list(stmt.get("Resource"))):
            continue
        return True
    return False


models.FakeBucket._log_permissions_enabled_policy = staticmethod(_log_permissions_enabled_policy)

_update_parameters = rds_models.DBParameterGroup.update_parameters


def _update_parameters_as_user(self, new_parameters):
    _update_parameters(self, new_parameters)
    for parameter in self.parameters.values():
        parameter.setdefault("Source", "user")


rds_models.DBParameterGroup.update_parameters = _update_parameters_as_user

_init_db_instance = rds_models.DBInstance.__init__


def _init_db_instance_with_monitoring(self, *args, **kwargs):
    _init_db_instance(self, *args, **kwargs)
    self.monitoring_interval = int(kwargs.get("monitoring_interval") or 0)
    self.monitoring_role_arn = kwargs.get("monitoring_role_arn")


rds_models.DBInstance.__init__ = _init_db_instance_with_monitoring

server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
server.start()
print(json.dumps({"port": server.get_host_and_port()[1]}), flush=True)
sys.stdin.read()
server.stop()
